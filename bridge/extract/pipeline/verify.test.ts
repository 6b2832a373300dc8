import { describe, expect, it } from "vitest";
import type { ProductMatch } from "../match/productMatcher.ts";
import type { Reason } from "../types.ts";
import { candidate, line, product } from "./__fixtures__/testing.ts";
import type { ParsedLine } from "./parsedOrder.ts";
import type { ResolvedOrder } from "./resolve.ts";
import { lineArithmeticHolds, verifyOrder } from "./verify.ts";

const desk = product("FUR-1042", "Desk Oak 160", 429);
const byCode: ProductMatch = { product: desk, via: "code", confidence: 1, candidates: [] };

function resolved(
  lines: Array<{ parsed: ParsedLine; match?: ProductMatch; price?: number | null }>,
  statedTotal: number | null,
  over = {},
): ResolvedOrder {
  const c = candidate(
    lines.map((l) => l.parsed),
    over,
  );
  const orderLines = lines.map((l) => ({
    default_code: (l.match ?? byCode).product?.default_code ?? null,
    customer_sku: null,
    description: "",
    quantity: l.parsed.quantity ?? 0,
    uom: "Units",
    unit_price: l.price === undefined ? l.parsed.unitPrice : l.price,
  }));
  return {
    candidate: c,
    index: 0,
    statedTotal,
    header: { poFound: true, orderDateStated: true, currencyStated: true, ambiguousDate: false },
    order: {
      customer_reference: "PO-1",
      order_date: null,
      delivery_date: null,
      currency: "EUR",
      lines: orderLines,
      total_untaxed: null,
    },
    lines: lines.map((l, i) => ({
      parsed: l.parsed,
      match: l.match ?? byCode,
      converted: false,
      unitUnclear: false,
      line: orderLines[i] as never,
    })),
  };
}
const opts = { priceTolerance: 0.1, referencePrice: () => 429 };

describe("verify: evidence and doubts", () => {
  it("corroborates a quantity by qty x price = printed amount, also per 100", () => {
    expect(lineArithmeticHolds(line({ quantity: 5, unitPrice: 429, amount: 2145 }))).toBe(true);
    expect(lineArithmeticHolds(line({ quantity: 500, unitPrice: 89, priceBase: 100, amount: 445 }))).toBe(
      true,
    );
    expect(lineArithmeticHolds(line({ quantity: 10, unitPrice: 429, amount: 2145 }))).toBe(false);
    // a price computed from the amount proves nothing
    expect(lineArithmeticHolds(line({ quantity: 5, unitPrice: 429, amount: 2145, priceDerived: true }))).toBe(
      false,
    );
  });

  it("corroborates every quantity when the printed prices add up to the stated total", () => {
    const reasons: Reason[] = [];
    const ev = verifyOrder(
      resolved([{ parsed: line({ code: "FUR-1042", quantity: 2, unitPrice: 429 }) }], 858),
      reasons,
      opts,
    );
    expect(ev.totals).toBe("agree");
    expect(ev.lines[0]?.quantityBy).toContain("order_total");
    expect(reasons).toEqual([]);
  });

  it("says in words when nothing confirms a quantity, and when a stated total disagrees", () => {
    const reasons: Reason[] = [];
    const ev = verifyOrder(
      resolved([{ parsed: line({ code: "FUR-1042", quantity: 2 }), price: null }], null),
      reasons,
      opts,
    );
    expect(ev.lines[0]?.quantityBy).toEqual([]);
    expect(reasons.map((r) => r.code)).toEqual(["evidence.quantity_uncorroborated"]);
    const bad: Reason[] = [];
    verifyOrder(
      resolved([{ parsed: line({ code: "FUR-1042", quantity: 10, unitPrice: 429 }) }], 858),
      bad,
      opts,
    );
    expect(bad.map((r) => [r.code, r.severity])).toContainEqual(["totals.mismatch", "hard"]);
  });

  it("counts a second reader of another representation stating the same quantity", () => {
    const reasons: Reason[] = [];
    const r = resolved([{ parsed: line({ code: "FUR-1042", quantity: 2 }), price: null }], null, {
      source: "body:html",
      alternateReadings: [
        { reader: "text", source: "body:text", lines: [line({ code: "FUR-1042", quantity: 2 })] },
      ],
    });
    expect(verifyOrder(r, reasons, opts).lines[0]?.quantityBy).toEqual(["readers_agree"]);
    const other = resolved([{ parsed: line({ code: "FUR-1042", quantity: 2 }), price: null }], null, {
      source: "body:html",
      alternateReadings: [
        { reader: "text", source: "body:text", lines: [line({ code: "FUR-1042", quantity: 20 })] },
      ],
    });
    expect(verifyOrder(other, [], opts).lines[0]?.quantityBy).toEqual([]);
  });

  it("takes a sole quantity beside the customer's own price, and a structured source", () => {
    const sole = resolved(
      [{ parsed: line({ code: "FUR-1042", quantity: 2, unitPrice: 429, soleQuantity: true }) }],
      null,
    );
    expect(verifyOrder(sole, [], opts).lines[0]?.quantityBy).toEqual(["price_and_sole_quantity"]);
    const offPrice = resolved(
      [{ parsed: line({ code: "FUR-1042", quantity: 2, unitPrice: 300, soleQuantity: true }) }],
      null,
    );
    expect(verifyOrder(offPrice, [], opts).lines[0]?.quantityBy).toEqual([]);
    const structured = resolved([{ parsed: line({ code: "FUR-1042", quantity: 2 }), price: null }], null, {
      structured: true,
    });
    expect(verifyOrder(structured, [], opts).lines[0]?.quantityBy).toEqual(["structured"]);
  });

  it("does not corroborate a product found by an ambiguous description; lists unexplained rows", () => {
    const weak: ProductMatch = { product: desk, via: "description", confidence: 0.7, candidates: [] };
    const reasons: Reason[] = [];
    const ev = verifyOrder(
      resolved(
        [{ parsed: line({ description: "desk", quantity: 1, unitPrice: 429, amount: 429 }), match: weak }],
        null,
        {
          unexplainedRows: [{ text: "FUR-1101 see note", why: "no readable quantity" }],
        },
      ),
      reasons,
      opts,
    );
    expect(ev.lines[0]?.productCorroborated).toBe(false);
    expect(ev.unexplainedRows).toHaveLength(1);
    expect(reasons.map((r) => r.code)).toEqual([
      "evidence.product_uncorroborated",
      "coverage.unexplained_rows",
    ]);
  });
});
