/** A number as plain JS text: "." decimal, no thousands separator, no binary noise ("12.5", "0.3"). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  return String(Number(n.toPrecision(15)));
}

const pad = (n: number) => String(n).padStart(2, "0");

/** A date as ISO "yyyy-mm-dd" (with " hh:mm" when it has a time; "hh:mm" for a pure time). */
export function formatDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const time = d.getUTCHours() * 60 + d.getUTCMinutes();
  const hhmm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  if (d.getUTCFullYear() < 1901) return hhmm;
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return time === 0 ? date : `${date} ${hhmm}`;
}

/**
 * The text of a spreadsheet cell value as exceljs gives it: numbers and dates normalised, formulas as
 * their cached result, rich text and hyperlinks as their text, errors as "".
 */
export function formatCell(value: unknown, depth = 0): string {
  if (value === null || value === undefined || depth > 3) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return formatDate(value);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if ("result" in v) return formatCell(v.result, depth + 1);
    if ("formula" in v || "sharedFormula" in v) return "";
    if (Array.isArray(v.richText)) {
      return (v.richText as Array<{ text?: unknown }>)
        .map((r) => String(r.text ?? ""))
        .join("")
        .trim();
    }
    if ("text" in v) return formatCell(v.text, depth + 1);
    if ("error" in v) return "";
  }
  return "";
}
