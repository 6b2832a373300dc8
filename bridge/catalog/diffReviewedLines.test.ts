import { describe, expect, it } from "vitest";
import type { OrderLine } from "../extract/types.ts";
import { diffReviewedLines } from "./diffReviewedLines.ts";

const ai = (
  default_code: string | null,
  description: string,
  quantity: number,
  unit_price: number | null,
): OrderLine => ({
  default_code,
  customer_sku: null,
  description,
  quantity,
  uom: "Units",
  unit_price,
});

describe("diffReviewedLines", () => {
  it("pairs lines by the text written, then product, then order, and names every change", () => {
    const lines = [
      ai("FUR-1041", "oak desks 160cm", 24, 289),
      ai(null, "big whiteboards", 6, null),
      ai("FUR-1101", "black ErgoPro chairs", 24, 199),
      ai("PKG-3011", "tape", 10, 2),
    ];
    const final = [
      { default_code: "FUR-1101", name: "black ErgoPro chairs", qty: 20, price: 199 },
      { default_code: "FUR-1042", name: "oak desks 160cm", qty: 24, price: 289 },
      { default_code: "FUR-1502", name: "Whiteboard 180x90", qty: 6, price: 149 },
      { default_code: "ELC-2201", name: "Patch panel", qty: 1, price: 64, discount: 10 },
    ];
    const { pairs, changes } = diffReviewedLines(lines, final);
    expect(pairs).toEqual([
      { ai: 0, final: 1 },
      { ai: 1, final: 2 },
      { ai: 2, final: 0 },
      { ai: 3, final: 3 },
    ]);
    expect(changes).toEqual([
      { kind: "product", ai: 0, final: 1, from: "FUR-1041", to: "FUR-1042" },
      { kind: "product", ai: 1, final: 2, from: null, to: "FUR-1502" },
      { kind: "quantity", ai: 2, final: 0, from: 24, to: 20 },
      { kind: "product", ai: 3, final: 3, from: "PKG-3011", to: "ELC-2201" },
      { kind: "quantity", ai: 3, final: 3, from: 10, to: 1 },
      { kind: "price", ai: 3, final: 3, from: 2, to: 57.6 },
    ]);
  });

  it("reports removed and added lines when the counts differ", () => {
    const { changes } = diffReviewedLines(
      [ai("A-1", "one", 1, 1), ai("B-2", "two", 2, 2)],
      [
        { default_code: "A-1", name: "one", qty: 1, price: 1 },
        { default_code: "C-3", name: "three", qty: 3, price: 3 },
        { default_code: "D-4", name: "four", qty: 4, price: 4 },
      ],
    );
    expect(changes.map((c) => c.kind).sort()).toEqual(["added", "added", "removed"]);
  });
});
