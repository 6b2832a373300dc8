import { describe, expect, it } from "vitest";
import { colours, formatEmailSummary, type LogEntry } from "./formatEmailSummary.ts";

/** The fields message_process logs with "message read and decided" (bridge/jobs/tasks/messageProcess.ts). */
const decided = (over: Partial<LogEntry> = {}): LogEntry => ({
  level: 30,
  time: "2026-12-06T21:50:13.000Z",
  msg: "message read and decided",
  message: 7,
  kind: "sales_order",
  customer: "C-9001",
  customerName: "ACME GmbH",
  sender: "buyer@acme.example",
  po: "4500018872",
  orders: 1,
  lines: 4,
  confidence: 0.97,
  expect: "draft",
  reasons: ["customer.known"],
  why: ["Known sender buyer@acme.example"],
  ...over,
});

describe("formatEmailSummary: one email at a glance", () => {
  it("a drafted order: who, PO, lines, confidence, outcome, then the first reasons", () => {
    expect(formatEmailSummary(decided())).toEqual([
      "✓ ACME GmbH · PO 4500018872 · 4 lines · 97 % · draft",
      "    Known sender buyer@acme.example",
    ]);
  });

  it("each outcome has its mark and word; at most two reasons, each on one line", () => {
    const review = formatEmailSummary(
      decided({
        expect: "review",
        confidence: 0.78,
        lines: 1,
        why: [
          "line 3: price 12.50 EUR is 20 % above the list price 10.42 EUR",
          "no delivery date\nin the order",
          "a third reason",
        ],
      }),
    )!;
    expect(review).toEqual([
      "! ACME GmbH · PO 4500018872 · 1 line · 78 % · to review",
      "    line 3: price 12.50 EUR is 20 % above the list price 10.42 EUR",
      "    no delivery date in the order",
    ]);
    expect(formatEmailSummary(decided({ expect: "reject", why: [] }))![0]).toBe(
      "✗ ACME GmbH · PO 4500018872 · 4 lines · 97 % · needs a person",
    );
    expect(
      formatEmailSummary(
        decided({
          kind: "not_an_order",
          expect: "ignore",
          customerName: null,
          po: null,
          lines: 0,
          why: ["newsletter"],
        }),
      ),
    ).toEqual(["· buyer@acme.example · not an order · 97 % · ignored", "    newsletter"]);
  });

  it("without a customer name it names the sender; without a PO it says so; several orders are counted", () => {
    expect(formatEmailSummary(decided({ customerName: null, po: null, orders: 2 }))![0]).toBe(
      "✓ buyer@acme.example · no PO number · 4 lines · 2 orders · 97 % · draft",
    );
    // older log lines (codes only) still read
    expect(formatEmailSummary(decided({ why: undefined, reasons: ["sender.unknown"] }))![1]).toBe(
      "    sender.unknown",
    );
  });

  it("text from an email cannot break the layout (control characters, long names)", () => {
    const [line] = formatEmailSummary(decided({ customerName: `Evil\u001b[2J\r\nCorp ${"x".repeat(200)}` }))!;
    expect(line).not.toContain("\u001b");
    expect(line).not.toContain("\n");
    expect(line!.length).toBeLessThan(130);
  });

  it("is null for any other log line; colours only when asked", () => {
    expect(formatEmailSummary({ level: 30, msg: "worker started" })).toBeNull();
    const [coloured] = formatEmailSummary(decided(), colours)!;
    expect(coloured).toContain("\u001b[32m✓\u001b[0m");
  });
});
