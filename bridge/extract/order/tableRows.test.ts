import { describe, expect, it } from "vitest";
import type { ColumnRole, LineTable } from "../types.ts";
import { readTableRows } from "./tableLines.ts";

const table = (headers: string[], roles: ColumnRole[], rows: string[][]): LineTable => ({
  source: "po.pdf",
  headers,
  roles,
  rows,
  trailer: [],
});

describe("every row of an order table is a line or explained", () => {
  it("drafts only the rows of a pre-printed form that carry a quantity, and explains the others", () => {
    const r = readTableRows(
      table(
        ["Art", "Bezeichnung", "Preis", "Menge"],
        ["code", "description", "unit_price", "quantity"],
        [
          ["ING-4001", "Weizenmehl 405", "0,62", ""],
          ["ING-4002", "Weizenmehl 550", "0,58", "600"],
          ["ING-4003", "Roggenmehl", "0,74", ""],
        ],
      ),
      ",",
    );
    expect(r.lines.map((l) => [l.code, l.quantity])).toEqual([["ING-4002", 600]]);
    expect(r.skipped.map((s) => s.why)).toEqual([
      "catalog row without quantity",
      "catalog row without quantity",
    ]);
    expect(r.unexplained).toEqual([]);
  });

  it("calls a row with a product but an unreadable quantity unexplained", () => {
    const r = readTableRows(
      table(
        ["Art", "Menge", "Preis"],
        ["code", "quantity", "unit_price"],
        [["FUR-1042", "siehe Anlage", "429,00"]],
      ),
      ",",
    );
    expect(r.lines).toEqual([]);
    expect(r.unexplained).toHaveLength(1);
  });

  it("reads position numbers as positions when the arithmetic says so, and prices per 100", () => {
    // the header put "Menge" on the position column (a shifted layout); the amounts decide
    const r = readTableRows(
      table(
        ["Menge", "Anz", "Artikel", "Preis", "Betrag"],
        ["quantity", "other", "code", "unit_price", "amount"],
        [
          ["10", "500", "ELC-2501", "89,00", "445,00"],
          ["20", "30", "ELC-2401", "4,85", "145,50"],
        ],
      ),
      ",",
    );
    expect(r.lines.map((l) => [l.code, l.quantity, l.unitPrice, l.priceBase ?? 1])).toEqual([
      ["ELC-2501", 500, 0.89, 100],
      ["ELC-2401", 30, 4.85, 1],
    ]);
    expect(r.lines.every((l) => l.rolesByArithmetic)).toBe(true);
  });

  it("marks a price computed from the amount as derived (it proves nothing)", () => {
    const r = readTableRows(
      table(["Art", "Menge", "Betrag"], ["code", "quantity", "amount"], [["FUR-1042", "2", "858,00"]]),
      ",",
    );
    expect(r.lines[0]?.unitPrice).toBe(429);
    expect(r.lines[0]?.priceDerived).toBe(true);
  });
});
