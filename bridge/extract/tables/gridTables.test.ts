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

  it("two wording columns: the one holding article numbers is the code, the other the description", () => {
    const grid = [
      ["Pos", "Artikel", "Bezeichnung", "Menge", "Einzelpreis"],
      ["1", "QX-40417", "Garderobe Esche", "4", "120,00"],
      ["2", "7781-02", "Wandhaken Messing matt", "12", "3,50"],
    ];
    const [found] = findGridTables(grid, "body");
    expect(found?.table.roles).toEqual(["position", "code", "description", "quantity", "unit_price"]);
    // wording in the first column: it stays the description (the header's choice)
    const words = [
      ["Artikel", "Bezeichnung", "Menge"],
      ["Garderobe Esche", "Garderobe aus Esche, geölt", "4"],
      ["Wandhaken", "Wandhaken Messing matt", "12"],
    ];
    expect(findGridTables(words, "body")[0]?.table.roles).toEqual(["description", "other", "quantity"]);
  });
});
