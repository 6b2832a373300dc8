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

/** A cell that is an article number, not wording: one token with a digit ("ZB-7E88", "4711-02"). */
const CODE_CELL = /^(?=[^\s]*\d)[A-Za-z0-9][A-Za-z0-9./_-]{2,29}$/;
/** A cell that is wording: two words of letters, or one long word without digits. */
const WORDING_CELL = /^(?=.*\p{L}{3})(?!\S*\d\S*$)\S+(?:\s+\S+)+$|^\p{L}{4,}$/u;

const share = (values: string[], re: RegExp) =>
  values.length === 0 ? 0 : values.filter((v) => re.test(v)).length / values.length;

/**
 * Corrects roles from the data:
 * - a "position" column ("Item", "Nr.") whose values are not small integers is an article number column;
 * - two columns labelled as wording ("Artikel" and "Bezeichnung"): the header kept the first and
 *   dropped the second; when the kept one holds article numbers and the dropped one the wording,
 *   they are the code and the description (`headerRole` tells how each label reads on its own).
 */
export function refineRoles(
  roles: ColumnRole[],
  rows: string[][],
  headers?: string[],
  headerRole?: (label: string) => ColumnRole | null,
): ColumnRole[] {
  const valuesOf = (k: number) => rows.map((r) => (r[k] ?? "").trim()).filter((v) => v !== "");
  const refined = roles.map((role, k) => {
    if (role !== "position") return role;
    const values = valuesOf(k);
    if (values.length === 0) return role;
    const small = values.filter((v) => /^\d{1,4}\.?$/.test(v)).length;
    if (small / values.length >= 0.8) return role;
    return roles.includes("code") ? "other" : "code";
  });
  const described = refined.indexOf("description");
  if (described < 0 || refined.includes("code") || !headers || !headerRole) return refined;
  const wording = refined.findIndex(
    (role, k) => role === "other" && headerRole(headers[k] ?? "") === "description",
  );
  if (wording < 0) return refined;
  if (share(valuesOf(described), CODE_CELL) >= 0.8 && share(valuesOf(wording), WORDING_CELL) >= 0.8) {
    refined[described] = "code";
    refined[wording] = "description";
  }
  return refined;
}
