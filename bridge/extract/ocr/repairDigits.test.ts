import { describe, expect, it } from "vitest";
import type { ColumnRole, LineTable } from "../types.ts";
import { codeIndex, confusionKey, numericVariants, type RepairContext, repairTable } from "./repairDigits.ts";

const codes = ["ING-4002", "ING-4501", "LAB-5011", "LAB-5017", "PKG-3011"];
const ctx = (decimal: "," | "." = ","): RepairContext => ({
  codesByKey: codeIndex(codes),
  codes: new Set(codes),
  listPrice: new Map([
    ["ING-4002", 0.58],
    ["ING-4501", 7.8],
    ["PKG-3011", 12.5],
  ]),
  decimal,
  path: "attachment:scan.png",
});
const table = (roles: ColumnRole[], rows: string[][]): LineTable => ({
  source: "scan.png",
  headers: roles,
  roles,
  rows,
  trailer: [],
});

describe("repairing what OCR confuses, only when something confirms it", () => {
  it("maps confusable characters to one class", () => {
    expect(confusionKey("ING-40O2")).toBe(confusionKey("ING-4002"));
    expect(confusionKey("lNG-4S0l")).toBe(confusionKey("ING-4501"));
    expect(numericVariants("7,B0")).toContain("7,80");
  });

  it("repairs a code to the one catalog code it can be, and says so", () => {
    const t = table(["code", "quantity", "unit_price"], [["ING-40O2", "750", "0,58"]]);
    const reasons = repairTable(t, ctx());
    expect(t.rows[0]?.[0]).toBe("ING-4002");
    expect(reasons).toEqual([expect.objectContaining({ code: "ocr.code_repaired", severity: "info" })]);
  });

  it("leaves a code that could be two catalog codes (1 and 7 confused) alone", () => {
    const t = table(["code", "quantity"], [["LAB-50l1", "6"]]); // LAB-5011 or LAB-5017
    expect(repairTable(t, ctx())).toEqual([]);
    expect(t.rows[0]?.[0]).toBe("LAB-50l1");
  });

  it("repairs 1/7 in a price when quantity x price = amount confirms it, and nothing else", () => {
    const t = table(["code", "quantity", "unit_price", "amount"], [["PKG-3011", "20", "1.50", "150.00"]]);
    const reasons = repairTable(t, ctx("."));
    expect(t.rows[0]).toEqual(["PKG-3011", "20", "7.50", "150.00"]);
    expect(reasons[0]?.code).toBe("ocr.number_repaired");
    expect(reasons[0]?.message).toContain("quantity x price = amount");
  });

  it("repairs a quantity with a letter for a digit when the amount confirms it", () => {
    const t = table(["code", "quantity", "unit_price", "amount"], [["PKG-3011", "l0", "12.50", "125.00"]]);
    repairTable(t, ctx("."));
    expect(t.rows[0]?.[1]).toBe("10");
  });

  it("keeps a row whose arithmetic already holds, and one that no reading makes hold", () => {
    const ok = table(["code", "quantity", "unit_price", "amount"], [["PKG-3011", "10", "12.50", "125.00"]]);
    const off = table(["code", "quantity", "unit_price", "amount"], [["PKG-3011", "10", "12.50", "999.00"]]);
    expect(repairTable(ok, ctx("."))).toEqual([]);
    expect(repairTable(off, ctx("."))).toEqual([]);
    expect(off.rows[0]).toEqual(["PKG-3011", "10", "12.50", "999.00"]);
  });

  it("takes the catalog price only for a price cell that is not a number, never over a stated price", () => {
    const letters = table(["code", "quantity", "unit_price"], [["ING-4501", "80", "7,B0"]]);
    repairTable(letters, ctx());
    expect(letters.rows[0]?.[2]).toBe("7,80");
    // 1,80 could be 7,80 (1/7) but it is a number the customer wrote: a special price stays
    const special = table(["code", "quantity", "unit_price"], [["ING-4501", "80", "1,80"]]);
    expect(repairTable(special, ctx())).toEqual([]);
    expect(special.rows[0]?.[2]).toBe("1,80");
  });
});
