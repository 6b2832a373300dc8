import { describe, expect, it } from "vitest";
import { findGridTables } from "./gridTables.ts";

describe("order tables in a grid", () => {
  it("keeps the rows of a pre-printed form without a quantity inside the table, not as its end", () => {
    const grid = [
      ["Bestellformular"],
      ["Artikelnr.", "Bezeichnung", "Einheit", "Preis/kg", "Bestellmenge"],
      ["ING-4001", "Weizenmehl 405", "kg", "0,62"],
      ["ING-4002", "Weizenmehl 550", "kg", "0,58", "600"],
      ["ING-4003", "Roggenmehl 1150", "kg", "0,74"],
      ["ING-4101", "Rohrzucker", "kg", "1,35", "50"],
    ];
    const [t] = findGridTables(grid, "form.xlsx");
    expect(t?.table.rows.map((r) => r[0])).toEqual(["ING-4001", "ING-4002", "ING-4003", "ING-4101"]);
  });

  it("finds no order table in a form nobody filled in", () => {
    const grid = [
      ["Artikelnr.", "Bezeichnung", "Preis", "Menge"],
      ["ING-4001", "Weizenmehl 405", "0,62", ""],
      ["ING-4002", "Weizenmehl 550", "0,58", ""],
    ];
    expect(findGridTables(grid, "form.xlsx")).toEqual([]);
  });
});
