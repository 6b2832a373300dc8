import { describe, expect, it } from "vitest";
import { forwardedHeaderDate } from "./forwardedDate.ts";

const ref = new Date("2026-11-06T08:00:00Z");

describe("the date of a forwarded mail", () => {
  it("reads Gmail, Outlook (de) and French header blocks", () => {
    expect(
      forwardedHeaderDate(
        "FYI\n\n---------- Forwarded message ---------\nFrom: Mike <m@x.example>\nDate: Thu, Nov 5, 2026 at 4:12 PM\nSubject: PO\n",
        ref,
      ),
    ).toBe("2026-11-05");
    expect(
      forwardedHeaderDate(
        "-----Ursprüngliche Nachricht-----\nVon: Andrea <a@x.example>\nGesendet: Montag, 9. November 2026 09:12\nAn: Klaus\n",
        ref,
      ),
    ).toBe("2026-11-09");
    expect(
      forwardedHeaderDate("De : Léa <l@x.example>\nEnvoyé : jeudi 5 novembre 2026 16:12\nÀ : Orders\n", ref),
    ).toBe("2026-11-05");
  });

  it("is null without a header block", () => {
    expect(forwardedHeaderDate("Please ship 12 x FUR-1042 by 12.11.2026", ref)).toBeNull();
  });
});
