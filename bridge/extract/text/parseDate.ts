/** Date parsing by locale: DD.MM.YYYY, DD/MM/YYYY vs MM/DD/YYYY, ISO, month names in en/de/fr/es. */

export type DayMonthOrder = "DMY" | "MDY";

export interface ParsedDate {
  /** ISO date YYYY-MM-DD. */
  iso: string;
  /** True when day and month could be swapped and the order was only assumed. */
  ambiguous: boolean;
}

const MONTHS: Record<string, number> = {};
const monthNames: Array<[number, string[]]> = [
  [1, ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"]],
  [2, ["february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero"]],
  [3, ["march", "mar", "märz", "maerz", "mars", "marzo"]],
  [4, ["april", "apr", "avril", "avr", "abril", "abr"]],
  [5, ["may", "mai", "mayo"]],
  [6, ["june", "jun", "juni", "juin", "junio"]],
  [7, ["july", "jul", "juli", "juillet", "juil", "julio"]],
  [8, ["august", "aug", "août", "aout", "agosto", "ago"]],
  [9, ["september", "sep", "sept", "septembre", "septiembre", "setiembre"]],
  [10, ["october", "oct", "oktober", "okt", "octobre", "octubre"]],
  [11, ["november", "nov", "novembre", "noviembre"]],
  [12, ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic"]],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;

const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

function fullYear(y: string | undefined, refYear: number): number {
  if (!y) return refYear;
  const n = Number(y);
  return y.length <= 2 ? 2000 + n : n;
}

export interface DateContext {
  /** Day/month order of the writer: MDY for US English, DMY elsewhere. */
  order: DayMonthOrder;
  /** Reference date for dates written without a year (the email date). */
  reference?: Date;
}

/** A regular expression source that finds dates in running text. */
export const DATE_PATTERN = `(?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{1,2}[./]\\d{1,2}\\.?(?![\\d./])|\\d{1,2}(?:st|nd|rd|th|er)?\\.?\\s*(?:de\\s+)?(?:${MONTH_RE})\\.?(?:\\s+(?:de\\s+)?\\d{4})?|(?:${MONTH_RE})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s+\\d{4})?)`;

/** Parses one date expression; null when it is not a (valid) date. */
export function parseDate(raw: string, ctx: DateContext): ParsedDate | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/(\d)(st|nd|rd|th|er)\b/, "$1");
  const refYear = (ctx.reference ?? new Date()).getUTCFullYear();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { iso: iso(y, mo, d), ambiguous: false } : null;
  }
  m = /^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2,4}))?\.?$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(m[4], refYear);
    // a dot is the German/Swiss separator: always day first
    const order: DayMonthOrder = m[2] === "." ? "DMY" : ctx.order;
    const dmy = valid(y, b, a);
    const mdy = valid(y, a, b);
    if (m[2] === "." && dmy) return { iso: iso(y, b, a), ambiguous: false };
    if (order === "DMY" && dmy) return { iso: iso(y, b, a), ambiguous: mdy && a !== b };
    if (order === "MDY" && mdy) return { iso: iso(y, a, b), ambiguous: dmy && a !== b };
    if (dmy) return { iso: iso(y, b, a), ambiguous: false };
    if (mdy) return { iso: iso(y, a, b), ambiguous: false };
    return null;
  }
  m = new RegExp(`^(\\d{1,2})\\.?\\s*(?:de\\s+)?(${MONTH_RE})\\.?(?:\\s+(?:de\\s+)?(\\d{4}))?$`).exec(s);
  if (m) {
    const d = Number(m[1]);
    const mo = MONTHS[m[2] ?? ""] ?? 0;
    const y = fullYear(m[3], refYear);
    return valid(y, mo, d) ? { iso: iso(y, mo, d), ambiguous: false } : null;
  }
  m = new RegExp(`^(${MONTH_RE})\\.?\\s+(\\d{1,2}),?(?:\\s+(\\d{4}))?$`).exec(s);
  if (m) {
    const mo = MONTHS[m[1] ?? ""] ?? 0;
    const d = Number(m[2]);
    const y = fullYear(m[3], refYear);
    return valid(y, mo, d) ? { iso: iso(y, mo, d), ambiguous: false } : null;
  }
  return null;
}

/** All dates in a piece of text, in order. */
export function findDates(
  text: string,
  ctx: DateContext,
): Array<ParsedDate & { index: number; raw: string }> {
  const out: Array<ParsedDate & { index: number; raw: string }> = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\d.,])${DATE_PATTERN}`, "gi"))) {
    const p = parseDate(m[0], ctx);
    if (p) out.push({ ...p, index: m.index ?? 0, raw: m[0] });
  }
  return out;
}
