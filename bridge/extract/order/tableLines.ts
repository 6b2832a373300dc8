import { type DecimalSeparator, detectDecimalSeparator, parseNumber } from "../text/parseNumber.ts";
import type { ColumnRole, LineTable } from "../types.ts";
import { emptyRawLine, type RawLine } from "./rawLine.ts";
import { parseUnit } from "./units.ts";

const cellOf = (row: string[], roles: ColumnRole[], role: ColumnRole): string | null => {
  const i = roles.indexOf(role);
  if (i < 0) return null;
  const v = row[i]?.trim();
  return v ? v : null;
};

const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** The decimal separator used in a table, from all its number cells. */
export function tableDecimal(table: LineTable): DecimalSeparator | undefined {
  return detectDecimalSeparator(table.rows.flat().join("  "));
}

/** Reads the rows of a recognised order table by the roles of its columns. */
export function readTableLines(table: LineTable, fallbackDecimal?: DecimalSeparator): RawLine[] {
  const decimal = tableDecimal(table) ?? fallbackDecimal;
  const num = (s: string | null) => (s === null ? null : parseNumber(s, decimal));
  /** A price cell, also "8,10 €/kg" or "12.50 per unit": the number before a "per unit" tail. */
  const price = (s: string | null) => {
    if (s === null) return null;
    const plain = num(s);
    if (plain !== null) return plain;
    const m =
      /^\s*(\D{0,4}?[\d.,'\u00a0\u202f ]*\d\s*(?:€|EUR|USD|GBP|CHF|\$|£)?)\s*(?:\/|je|per|pro|par|por|the|la|el)\s*\p{L}{1,12}\.?\s*$/iu.exec(
        s,
      );
    return m ? num(m[1] ?? "") : null;
  };
  const out: RawLine[] = [];
  for (const row of table.rows) {
    const line = emptyRawLine(table.source);
    line.code = cellOf(row, table.roles, "code");
    line.customerSku = cellOf(row, table.roles, "customer_sku");
    line.barcode = cellOf(row, table.roles, "barcode")?.replace(/\s/g, "") ?? null;
    line.description = cellOf(row, table.roles, "description") ?? "";
    const qtyCell = cellOf(row, table.roles, "quantity");
    if (qtyCell) {
      // "400 kg", "12 VE", "2 x"
      const m = /^(-?[\d.,'\u00a0\u202f ]*\d)\s*([^\d\s].*)?$/.exec(qtyCell);
      line.quantity = num(m?.[1] ?? qtyCell);
      if (m?.[2]) line.unit = parseUnit(m[2]);
    }
    const unitCell = cellOf(row, table.roles, "unit");
    if (unitCell) line.unit = parseUnit(unitCell) ?? line.unit;
    const gross = price(cellOf(row, table.roles, "unit_price"));
    const net = price(cellOf(row, table.roles, "net_price"));
    const discountCell = cellOf(row, table.roles, "discount");
    const discount = discountCell ? num(discountCell.replace("%", "")) : null;
    line.amount = num(cellOf(row, table.roles, "amount"));
    if (net !== null) line.unitPrice = net;
    else if (gross !== null && discount) line.unitPrice = round2(gross * (1 - discount / 100));
    else if (gross !== null) line.unitPrice = gross;
    else if (line.amount !== null && line.quantity) line.unitPrice = round4(line.amount / line.quantity);
    if (line.quantity === null || line.quantity <= 0) continue;
    if (!line.description && !line.code && !line.barcode && !line.customerSku) continue;
    out.push(line);
  }
  return out;
}
