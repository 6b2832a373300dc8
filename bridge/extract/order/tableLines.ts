import type { SkippedRow } from "../pipeline/parsedOrder.ts";
import { decideNumericRoles, headerPriceBase, isPriceBaseHeader } from "../tables/numericRoles.ts";
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

/** Columns that name or describe, never a number to multiply. */
const NOT_NUMERIC: ReadonlySet<ColumnRole> = new Set<ColumnRole>([
  "code",
  "customer_sku",
  "barcode",
  "description",
  "unit",
  "delivery_date",
  "tax",
  "discount",
]);

/** A product-like token (an article number: letters and digits) or a number with cents. */
const ITEM_LIKE = /\b[A-Z]{1,6}[-./]?\d{3,}[A-Z0-9.-]*\b|\d[.,]\d{2}\b/i;

export interface TableReading {
  lines: RawLine[];
  /** Rows that are not lines, with why (catalog rows without a quantity, zero quantities). */
  skipped: SkippedRow[];
  /** Rows that look like items but were not read as a line: a doubt. */
  unexplained: SkippedRow[];
}

/**
 * The roles of the numeric columns after the table's arithmetic: when another assignment of numeric
 * columns to quantity / unit price / amount makes more rows add up than the header's (position numbers
 * read as quantities, a stock column), that assignment is the reading. Returns the roles and, per row,
 * the price base that made it add up.
 */
function arithmeticRoles(
  table: LineTable,
  num: (s: string | null) => number | null,
): { roles: ColumnRole[]; bases: number[]; decided: boolean } {
  const roles = [...table.roles];
  const plain = { roles, bases: table.rows.map(() => 1), decided: false };
  const priceRole = roles.includes("net_price") ? "net_price" : "unit_price";
  const baseColumns = table.headers.flatMap((h, i) => (isPriceBaseHeader(h) ? [i] : []));
  const columns = roles.flatMap((r, i) => {
    if (NOT_NUMERIC.has(r) || baseColumns.includes(i)) return [];
    if (priceRole === "net_price" && r === "unit_price") return [];
    const cells = table.rows.map((row) => (row[i] ?? "").trim()).filter(Boolean);
    const numbers = cells.filter((c) => num(c.replace(/\s*[^\d\s.,'-]+\.?$/, "")) !== null);
    return cells.length > 0 && numbers.length >= cells.length / 2 ? [i] : [];
  });
  if (columns.length < 3) {
    // no amount to check against: a base stated in the price header still applies
    const p = roles.indexOf(priceRole);
    const base = p >= 0 ? headerPriceBase(table.headers[p] ?? "") : null;
    return base ? { ...plain, bases: table.rows.map(() => base) } : plain;
  }
  const values = table.rows.map((row) =>
    row.map((c, i) =>
      columns.includes(i) || baseColumns.includes(i)
        ? num(c.trim().replace(/\s*[^\d\s.,'-]+\.?$/, ""))
        : null,
    ),
  );
  const q = roles.indexOf("quantity");
  const p = roles.indexOf(priceRole);
  const a = roles.indexOf("amount");
  const best = decideNumericRoles(values, columns, {
    baseColumns,
    headerBase: (col) => headerPriceBase(table.headers[col] ?? ""),
    ...(q >= 0 && p >= 0 && a >= 0 ? { prefer: { quantity: q, price: p, amount: a } } : {}),
  });
  if (!best) return plain;
  const same = best.quantity === q && best.price === p && best.amount === a;
  if (!same) {
    for (const i of [q, p, a]) if (i >= 0) roles[i] = roles[i] === "quantity" ? "position" : "other";
    roles[best.quantity] = "quantity";
    roles[best.price] = priceRole;
    roles[best.amount] = "amount";
  }
  return { roles, bases: best.bases, decided: !same };
}

/** Reads the rows of a recognised order table by the roles of its columns, and accounts for every row. */
export function readTableRows(table: LineTable, fallbackDecimal?: DecimalSeparator): TableReading {
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
  const { roles, bases, decided } = arithmeticRoles(table, num);
  const out: TableReading = { lines: [], skipped: [], unexplained: [] };
  for (const [r, row] of table.rows.entries()) {
    const line = emptyRawLine(table.source);
    const text = row.join(" | ");
    const from = { reader: "table" as const, source: table.source, row: r, text };
    line.row = r;
    line.rowText = text;
    line.position = cellOf(row, roles, "position");
    line.code = cellOf(row, roles, "code");
    line.customerSku = cellOf(row, roles, "customer_sku");
    line.barcode = cellOf(row, roles, "barcode")?.replace(/\s/g, "") ?? null;
    line.description = cellOf(row, roles, "description") ?? "";
    const qtyCell = cellOf(row, roles, "quantity");
    if (qtyCell) {
      // "400 kg", "12 VE", "2 x"
      const m = /^(-?[\d.,'\u00a0\u202f ]*\d)\s*([^\d\s].*)?$/.exec(qtyCell);
      line.quantity = num(m?.[1] ?? qtyCell);
      if (m?.[2]) line.unit = parseUnit(m[2]);
    }
    const unitCell = cellOf(row, roles, "unit");
    if (unitCell) line.unit = parseUnit(unitCell) ?? line.unit;
    const base = bases[r] ?? 1;
    const gross = price(cellOf(row, roles, "unit_price"));
    const net = price(cellOf(row, roles, "net_price"));
    const discountCell = cellOf(row, roles, "discount");
    const discount = discountCell ? num(discountCell.replace("%", "")) : null;
    line.amount = num(cellOf(row, roles, "amount"));
    if (net !== null) line.unitPrice = net / base;
    else if (gross !== null && discount) line.unitPrice = round2(gross * (1 - discount / 100)) / base;
    else if (gross !== null) line.unitPrice = gross / base;
    else if (line.amount !== null && line.quantity) {
      line.unitPrice = round4(line.amount / line.quantity);
      line.priceDerived = true;
    }
    if (base !== 1) line.priceBase = base;
    if (decided) line.rolesByArithmetic = true;
    const named = Boolean(line.description || line.code || line.barcode || line.customerSku);
    if (line.quantity === null || line.quantity <= 0) {
      if (named && (qtyCell === null || line.quantity === 0))
        out.skipped.push({
          text,
          why: qtyCell === null ? "catalog row without quantity" : "zero quantity",
          from,
        });
      else if (ITEM_LIKE.test(text)) out.unexplained.push({ text, why: "no readable quantity", from });
      continue;
    }
    if (!named) {
      if (ITEM_LIKE.test(text)) out.unexplained.push({ text, why: "a quantity without a product", from });
      continue;
    }
    out.lines.push(line);
  }
  return out;
}

/** Reads the rows of a recognised order table by the roles of its columns. */
export function readTableLines(table: LineTable, fallbackDecimal?: DecimalSeparator): RawLine[] {
  return readTableRows(table, fallbackDecimal).lines;
}
