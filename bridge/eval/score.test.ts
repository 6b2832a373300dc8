import { describe, expect, it } from "vitest";
import { fuzzyEq, scorePredictions, sequenceRatio } from "./score.ts";

const line = (code: string | null, qty: number, price: number | null, description = "x") => ({
  default_code: code,
  customer_sku: null,
  description,
  quantity: qty,
  uom: "Units",
  unit_price: price,
});
const order = (ref: string | null, lines: unknown[]) => ({
  customer_reference: ref,
  order_date: "2026-11-02",
  delivery_date: null,
  currency: "EUR",
  lines,
  total_untaxed: null,
});
const truth = (id: string, orders: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  truth: {
    case: id,
    kind: "sales_order",
    customer_ref: "C-1",
    orders,
    amends: null,
    duplicate_of: null,
    expect: "draft",
    tags: [],
    ...extra,
  },
});

describe("scorer (port of score.py)", () => {
  it("matches difflib's ratio", () => {
    expect(sequenceRatio("abcd", "bcde")).toBeCloseTo(0.75);
    expect(sequenceRatio("desk oak", "oak desk")).toBeCloseTo(0.5);
    expect(fuzzyEq("Zentrifugenröhrchen 50 ml", "zentrifugenrohrchen 50ml")).toBe(true);
  });

  it("computes the figures of a small known prediction set", () => {
    const truths = [
      truth("001", [order("A1", [line("P-1", 2, 10), line("P-2", 1, null)])]),
      truth("002", [order("B2", [line("P-3", 5, 1.5)])]),
      truth("003", [], { kind: "not_an_order", customer_ref: null, expect: "ignore" }),
    ];
    const preds = new Map<string, Record<string, unknown> | null>([
      // exact; a null truth price accepts the catalog list price
      [
        "001",
        {
          kind: "sales_order",
          customer_ref: "C-1",
          orders: [order("A1", [line("P-1", 2, 10), line("P-2", 1, 7)])],
          expect: "draft",
          confidence: 0.97,
        },
      ],
      // wrong quantity and an extra line, confident: a calibration failure
      [
        "002",
        {
          kind: "sales_order",
          customer_ref: "C-1",
          orders: [order("B 2", [line("P-3", 4, 1.5), line("P-9", 1, 1)])],
          expect: "draft",
          confidence: 0.96,
        },
      ],
      ["003", null],
    ]);
    const { report, rows } = scorePredictions(truths, preds, new Map([["P-2", 7]]));
    expect(report.predictions).toBe(2);
    expect(report.lines).toMatchObject({ tp: 2, fp: 2, fn: 1 });
    expect(report.lines.f1).toBeCloseTo((2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3));
    expect(report.fields.customer_reference).toEqual({ acc: 1, n: 2 });
    expect(report.fields.kind).toEqual({ acc: 2 / 3, n: 3 });
    expect(report.exact_order_rate).toBe(0.5);
    expect(report.exact_case_rate).toBeCloseTo(1 / 3);
    expect(report.action_agreement).toBeCloseTo(2 / 3);
    expect(report.calibration).toEqual({
      high_conf_n: 2,
      high_conf_exact: 0.5,
      wrong_n: 1,
      wrong_flagged_low: 0,
    });
    expect(rows.map((r) => r.exact)).toEqual([true, false, false]);
  });
});
