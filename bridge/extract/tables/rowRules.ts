import type { ColumnRole } from "../types.ts";

/** Columns whose cells hold text rather than numbers; wrapped lines continue in them. */
export const TEXT_ROLES: ReadonlySet<ColumnRole> = new Set<ColumnRole>([
  "description",
  "code",
  "customer_sku",
  "other",
]);

const IDENT_ROLES: ReadonlySet<ColumnRole> = new Set<ColumnRole>([
  "description",
  "code",
  "customer_sku",
  "barcode",
]);

/** A quantity as printed: "15", "1.000", "12,5", "12 kg", "3 x", "-2". */
export function looksLikeQuantity(cell: string): boolean {
  return /^[-+]?\s?\d/.test(cell.trim());
}

/** An order line: a quantity that starts with a digit and something that names the product. */
export function isDataRow(cells: string[], roles: ColumnRole[]): boolean {
  let quantity = false;
  let ident = false;
  roles.forEach((role, k) => {
    const cell = (cells[k] ?? "").trim();
    if (cell === "") return;
    if (role === "quantity" && looksLikeQuantity(cell)) quantity = true;
    if (IDENT_ROLES.has(role) && /[\p{L}\d]/u.test(cell)) ident = true;
  });
  return quantity && ident;
}

/**
 * A row of a pre-printed order form: it names a product and states its price or unit, but its quantity
 * cell is empty. It belongs to the table (the reader explains it as a row without quantity) and does
 * not end it.
 */
export function isCatalogRow(cells: string[], roles: ColumnRole[]): boolean {
  const q = roles.indexOf("quantity");
  if (q < 0 || (cells[q] ?? "").trim() !== "") return false;
  let ident = false;
  let detail = false;
  roles.forEach((role, k) => {
    const cell = (cells[k] ?? "").trim();
    if (cell === "") return;
    if ((role === "code" || role === "barcode" || role === "customer_sku") && /\d/.test(cell)) ident = true;
    if (role === "unit_price" || role === "net_price" || role === "unit") detail = true;
  });
  return ident && detail;
}

/**
 * Corrects roles from the data: a "position" column ("Item", "Nr.") whose values are not small
 * integers is an article number column.
 */
export function refineRoles(roles: ColumnRole[], rows: string[][]): ColumnRole[] {
  return roles.map((role, k) => {
    if (role !== "position") return role;
    const values = rows.map((r) => (r[k] ?? "").trim()).filter((v) => v !== "");
    if (values.length === 0) return role;
    const small = values.filter((v) => /^\d{1,4}\.?$/.test(v)).length;
    if (small / values.length >= 0.8) return role;
    return roles.includes("code") ? "other" : "code";
  });
}
