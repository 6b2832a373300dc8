import { describe, expect, it } from "vitest";
import type { LineTable } from "../types.ts";
import { readTableLines } from "./tableLines.ts";

const table = (rows: string[][]): LineTable => ({
  source: "bestellung.xlsx",
  headers: ["Artikel", "Bezeichnung", "Menge", "Preis"],
  roles: ["code", "description", "quantity", "unit_price"],
  rows,
  trailer: [],
});

describe("order lines of a table", () => {
  it("reads prices written with a 'per unit' tail and quantities with units", () => {
    const lines = readTableLines(
      table([
        ["ING-4201", "Kakaopulver", "15 kg", "8,10 €/kg"],
        ["ING-4950", "Glukosesirup", "60 kg", "1,65 € je kg"],
        ["FUR-1042", "Desk", "2", "429,00"],
      ]),
      ",",
    );
    expect(lines.map((l) => [l.code, l.quantity, l.unit, l.unitPrice])).toEqual([
      ["ING-4201", 15, "kg", 8.1],
      ["ING-4950", 60, "kg", 1.65],
      ["FUR-1042", 2, null, 429],
    ]);
  });
});
