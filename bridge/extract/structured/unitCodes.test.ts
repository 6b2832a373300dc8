import { describe, expect, it } from "vitest";
import { convertQuantity } from "../order/units.ts";
import { mapUnitCode } from "./unitCodes.ts";

describe("UN/ECE Rec 20 unit codes -> Odoo units", () => {
  it("maps counts, dozens, packs, mass, volume and length codes to the Odoo unit names", () => {
    const table: Array<[string, string, number]> = [
      ["C62", "Units", 1],
      ["H87", "Units", 1],
      ["EA", "Units", 1],
      ["PCE", "Units", 1],
      ["XPP", "Units", 1],
      ["DZN", "Dozens", 1],
      ["BX", "Box", 1],
      ["XBX", "Box", 1],
      ["CT", "Box", 1],
      ["KGM", "kg", 1],
      ["GRM", "g", 1],
      ["TNE", "kg", 1000],
      ["LTR", "L", 1],
      ["MLT", "ml", 1],
      ["HLT", "L", 100],
      ["MTR", "m", 1],
      ["CMT", "cm", 1],
      ["MMT", "mm", 1],
      ["KMT", "m", 1000],
      ["MIL", "Units", 1000],
      ["NIU", "Units", 1],
      ["KG", "kg", 1],
    ];
    for (const [code, unit, factor] of table)
      expect([code, mapUnitCode(code)]).toEqual([code, { unit, factor }]);
    expect(mapUnitCode(" kgm ")).toEqual({ unit: "kg", factor: 1 });
    expect(mapUnitCode("XYZ")).toBeNull();
    expect(mapUnitCode(null)).toBeNull();
  });

  it("the mapped unit converts into a catalog unit (pieces into boxes of 10, grams into kg, dozens into units)", () => {
    const piece = mapUnitCode("H87")!;
    expect(convertQuantity(500 * piece.factor, piece.unit, "Box of 10")).toMatchObject({
      quantity: 50,
      incompatible: false,
    });
    const gram = mapUnitCode("GRM")!;
    expect(convertQuantity(2500, gram.unit, "kg")).toMatchObject({ quantity: 2.5 });
    const dozen = mapUnitCode("DZN")!;
    expect(convertQuantity(3, dozen.unit, "Units")).toMatchObject({ quantity: 36, priceFactor: 1 / 12 });
    const box = mapUnitCode("BX")!;
    expect(convertQuantity(4, box.unit, "kg").incompatible).toBe(true);
  });
});
