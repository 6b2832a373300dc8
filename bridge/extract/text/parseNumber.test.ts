import { describe, expect, it } from "vitest";
import { detectDecimalSeparator, parseNumber, parseNumberWords } from "./parseNumber.ts";

describe("parseNumber", () => {
  it("reads the common locale formats", () => {
    expect(parseNumber("1.234,56")).toBe(1234.56);
    expect(parseNumber("1,234.56")).toBe(1234.56);
    expect(parseNumber("1'234.50")).toBe(1234.5);
    expect(parseNumber("1\u202f234,56")).toBe(1234.56);
    expect(parseNumber("1\u00a0234,56 €")).toBe(1234.56);
    expect(parseNumber("0,89 €")).toBe(0.89);
    expect(parseNumber("£4.00")).toBe(4);
  });
  it("decides a single separator followed by three digits by the document's decimal separator", () => {
    expect(parseNumber("2,000")).toBe(2000);
    expect(parseNumber("1,350", ",")).toBe(1.35);
    expect(parseNumber("1.350", ",")).toBe(1350);
    expect(parseNumber("0,500", ",")).toBe(0.5);
  });
  it("rejects text", () => {
    expect(parseNumber("TBD")).toBeNull();
    expect(parseNumber("")).toBeNull();
  });
  it("detects the decimal separator of a text", () => {
    expect(detectDecimalSeparator("Preis 12,50 EUR, Summe 1.234,50")).toBe(",");
    expect(detectDecimalSeparator("Price 12.50, total 1,234.50")).toBe(".");
  });
  it("reads number words in four languages", () => {
    expect(parseNumberWords("two dozen")).toBe(24);
    expect(parseNumberWords("twenty-four")).toBe(24);
    expect(parseNumberWords("vingt-quatre")).toBe(24);
    expect(parseNumberWords("zwölf")).toBe(12);
    expect(parseNumberWords("treinta y dos")).toBe(32);
    expect(parseNumberWords("desks")).toBeNull();
  });
  it("takes a space only as a thousands separator, never joins two numbers", () => {
    expect(parseNumber("1 596,00", ",")).toBe(1596);
    expect(parseNumber("3\u00a0360,00\u00a0€", ",")).toBe(3360);
    expect(parseNumber("800 1,38", ",")).toBeNull();
    expect(parseNumber("20 4.70")).toBeNull();
  });
});
