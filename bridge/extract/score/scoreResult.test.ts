import { describe, expect, it } from "vitest";
import type { Classification } from "../order/classify.ts";
import type { LineEvidence } from "../pipeline/verify.ts";
import type { ExtractedOrder } from "../types.ts";
import { evidenceCaps, scoreResult } from "./scoreResult.ts";
import { CAPS } from "./weights.ts";

const order: ExtractedOrder = {
  customer_reference: "PO-1",
  order_date: "2026-11-10",
  delivery_date: null,
  currency: "EUR",
  total_untaxed: 858,
  lines: [
    {
      default_code: "FUR-1042",
      customer_sku: null,
      description: "Desk",
      quantity: 2,
      uom: "Units",
      unit_price: 429,
      confidence: 1,
    },
  ],
};
const sales: Classification = { kind: "sales_order", nonOrder: null, evidence: "" };
const corroborated: LineEvidence = {
  productBy: "code",
  productCorroborated: true,
  quantityBy: ["order_total"],
};
const header = {
  poFound: true,
  orderDateStated: true,
  currencyStated: true,
  ambiguousDate: false,
  totals: "agree" as const,
};
const input = (lines: LineEvidence[], over = {}): Parameters<typeof scoreResult>[0] => ({
  classification: sales,
  customerVia: "email",
  orders: [order],
  fieldEvidence: [{ ...header, lines, unexplainedRows: [], ...over }],
  reasons: [],
  exactDuplicate: false,
});

describe("score: positive evidence or a cap below auto", () => {
  it("reaches the auto threshold only with every piece of evidence", () => {
    const s = scoreResult(input([corroborated]));
    expect(s.confidence).toBeGreaterThanOrEqual(0.95);
    expect(s.caps).toEqual([]);
  });

  it("caps an uncorroborated quantity, product, unexplained row, unknown date or sender below auto", () => {
    const cases: Array<[ReturnType<typeof input>, string]> = [
      [input([{ ...corroborated, quantityBy: [] }]), "quantityUncorroborated"],
      [
        input([{ ...corroborated, productBy: "description", productCorroborated: false }]),
        "productUncorroborated",
      ],
      [input([corroborated], { unexplainedRows: [{ text: "x", why: "y" }] }), "unexplainedRows"],
      [input([corroborated], { unassignedDates: ["30.11.2026"] }), "unassignedDates"],
      [{ ...input([corroborated]), customerVia: "text" }, "senderUnidentified"],
      [input([corroborated], { poFound: false }), "noPoNumber"],
    ];
    for (const [i, cap] of cases) {
      const s = scoreResult(i);
      expect(s.caps, cap).toContain(cap);
      expect(s.confidence, cap).toBeLessThan(0.95);
      expect(s.ceiling, cap).toBeLessThanOrEqual(0.95 - CAPS.belowAuto);
    }
  });

  it("keeps every cap below a lower auto threshold an admin set", () => {
    const s = scoreResult({
      ...input([{ ...corroborated, quantityBy: [] }]),
      thresholds: { auto: 0.8, review: 0.5 },
    });
    expect(s.confidence).toBeLessThan(0.8);
  });

  it("treats an order without line evidence as uncorroborated", () => {
    expect(evidenceCaps({ customerVia: "email", orders: [order], fieldEvidence: [header] })).toEqual([
      "productUncorroborated",
      "quantityUncorroborated",
    ]);
  });
});
