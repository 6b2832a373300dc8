import { describe, expect, it } from "vitest";
import { logStateOf } from "./odooIntakeLog.ts";

const base = { error: null, action: null, reasons: null, drafts: 0, resend: false };

describe("the state an email's intake log entry shows", () => {
  it("follows the message from its fetch to its outcome", () => {
    expect(logStateOf({ ...base, status: "received" })).toEqual({ status: "pending" });
    expect(logStateOf({ ...base, status: "processing" })).toEqual({ status: "pending" });
    expect(logStateOf({ ...base, status: "failed", error: "the message source cannot be read" })).toEqual({
      status: "failed",
      error: "the message source cannot be read",
    });
    expect(logStateOf({ ...base, status: "ignored" })).toEqual({ status: "ignored" });
    expect(logStateOf({ ...base, status: "duplicate" })).toEqual({ status: "duplicate" });
  });

  it("leaves a drafted email to the job writing its draft; a resend is a duplicate", () => {
    expect(logStateOf({ ...base, status: "processed", action: "draft", drafts: 1 })).toBeNull();
    expect(logStateOf({ ...base, status: "processed", action: "review", resend: true })).toEqual({
      status: "duplicate",
    });
  });

  it("an email that became no draft is to review, with its doubts in words", () => {
    const state = logStateOf({
      ...base,
      status: "processed",
      action: "review",
      reasons: [
        { code: "customer.unknown", severity: "hard", message: "The sender is not a known customer." },
        { code: "sender.known", severity: "info", message: "not shown" },
      ],
    });
    expect(state?.status).toBe("to_review");
    expect(state?.error).toBe("No draft was made: The sender is not a known customer.");
  });
});
