import { describe, expect, it } from "vitest";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { parseEmail } from "../mime/parseEmail.ts";
import type { ExtractedOrder, Reason } from "../types.ts";
import { capReason, linkHistory } from "./decide.ts";

const order: ExtractedOrder = {
  customer_reference: "PO-9",
  order_date: "2026-11-10",
  delivery_date: null,
  currency: "EUR",
  total_untaxed: null,
  lines: [
    {
      default_code: "FUR-1042",
      customer_sku: null,
      description: "Desk",
      quantity: 2,
      uom: "Units",
      unit_price: null,
    },
  ],
};

describe("decide: history and caps in words", () => {
  it("puts every cap into words", () => {
    expect(capReason([], 1)).toBeNull();
    const r = capReason(["quantityUncorroborated", "senderUnidentified"], 0.9);
    expect(r?.message).toMatch(/at most 0\.90.*sender.*|quantity/);
    expect(r?.code).toBe("evidence.capped");
  });

  it("recognises a resend of a PO already received (never drafted twice)", async () => {
    const seen = createMemorySeenStore();
    await seen.remember({
      key: "first",
      messageId: "<a@x>",
      orders: [
        {
          customerRef: "C-1",
          customerReference: "PO-9",
          orderDate: null,
          deliveryDate: null,
          currency: "EUR",
          lines: order.lines,
        },
      ],
      amends: null,
      attachments: [],
    });
    const email = await parseEmail(
      Buffer.from("From: b@acme.example\r\nMessage-ID: <b@x>\r\nSubject: PO-9\r\n\r\nagain\r\n"),
    );
    const reasons: Reason[] = [];
    const h = await linkHistory({
      seen,
      email,
      changeText: "PO-9\nagain",
      threaded: false,
      kind: "sales_order",
      orders: [order],
      customerRef: "C-1",
      documents: [],
      reasons,
    });
    expect(h.duplicateOf).toBe("first");
    expect(reasons.map((r) => r.code)).toEqual(["duplicate.resend"]);
  });
});
