import { describe, expect, it } from "vitest";
import { decideNumericRoles, headerPriceBase, isPriceBaseHeader, multipliesTo } from "./numericRoles.ts";

describe("numeric column roles decided by the table's arithmetic", () => {
  it("takes the columns that multiply, not a position column printed first", () => {
    // Pos | Menge | Preis | Betrag: position numbers 10/20/30 do not multiply to the amounts
    const values = [
      [10, 5, 120, 600],
      [20, 2, 45.5, 91],
      [30, 12, 3.2, 38.4],
    ];
    const best = decideNumericRoles(values, [0, 1, 2, 3]);
    expect(best && [best.quantity, best.price, best.amount]).toEqual([1, 2, 3]);
    expect(best?.agreeing).toEqual([0, 1, 2]);
  });

  it("finds a price per 100 or per 1000 by the base that makes the rows add up", () => {
    const values = [
      [500, 89, 445],
      [4000, 550, 2200],
      [30, 4.85, 145.5],
    ];
    const best = decideNumericRoles(values, [0, 1, 2], { prefer: { quantity: 0, price: 1, amount: 2 } });
    expect(best?.bases).toEqual([100, 1000, 1]);
  });

  it("uses a price base column (PE) and a stock column fails the test on its own", () => {
    // Lager | Menge | Preis | PE | Betrag
    const values = [
      [4, 36, 12.8, 1, 460.8],
      [11, 100, 460, 100, 460],
    ];
    const best = decideNumericRoles(values, [0, 1, 2, 4], { baseColumns: [3] });
    expect(best && [best.quantity, best.price, best.amount, best.baseColumn]).toEqual([1, 2, 4, 3]);
  });

  it("prefers the header's reading when quantity and price multiply alike", () => {
    const values = [[4, 120, 480]];
    const best = decideNumericRoles(values, [0, 1, 2], { prefer: { quantity: 0, price: 1, amount: 2 } });
    expect(best && [best.quantity, best.price]).toEqual([0, 1]);
    // without a header, the whole numbers are the quantities
    const plain = decideNumericRoles([[120.5, 4, 482]], [0, 1, 2]);
    expect(plain && [plain.quantity, plain.price]).toEqual([1, 0]);
  });

  it("returns nothing when no row adds up", () => {
    expect(decideNumericRoles([[1, 2, 7]], [0, 1, 2])).toBeNull();
  });

  it("reads price bases from headers and knows price-unit columns", () => {
    expect(headerPriceBase("Preis/100 St.")).toBe(100);
    expect(headerPriceBase("Price per C")).toBe(100);
    expect(headerPriceBase("Price per M")).toBe(1000);
    expect(headerPriceBase("Unit Price")).toBeNull();
    expect(isPriceBaseHeader("PE")).toBe(true);
    expect(isPriceBaseHeader("Preiseinheit")).toBe(true);
    expect(isPriceBaseHeader("Preis")).toBe(false);
    expect(multipliesTo(3, 33.33, 1, 100)).toBe(true);
    expect(multipliesTo(3, 33.33, 1, 101)).toBe(false);
  });
});
