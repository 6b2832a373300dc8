/**
 * Decides which numeric columns of an order table are quantity, unit price, price base and line amount
 * by the table's own arithmetic: the assignment under which qty x price / base = amount holds on the
 * rows is the reading. Position numbers (10/20/30, 1/2/3) and stock columns fail that test on their
 * own; a price per 100 or per 1000 ("per C", "per M", "/100 St.", a "PE"/"Preiseinheit" column) is
 * found by the base that makes the rows add up.
 */
import { ARITHMETIC } from "../score/weights.ts";

/** Price bases a price can be stated per. */
export const PRICE_BASES = [1, 10, 100, 1000] as const;

/** A price base stated in a column header: "Preis/100 St.", "per C", "per M", "€ / 1000". */
export function headerPriceBase(header: string): number | null {
  const h = header.toLowerCase();
  if (/(?:\/|\bper|\bpro|\bje|\bpar|\bpor|\bpr\.?)\s*(?:1\.000|1,000|1000|m|mille)\b/.test(h)) return 1000;
  if (/(?:\/|\bper|\bpro|\bje|\bpar|\bpor|\bpr\.?)\s*(?:100|c|cent)\b/.test(h)) return 100;
  if (/(?:\/|\bper|\bpro|\bje|\bpar|\bpor)\s*10\b/.test(h)) return 10;
  return null;
}

/** A column that states the price base per row: "PE", "Preiseinheit", "Price unit", "per", "Basis". */
export function isPriceBaseHeader(header: string): boolean {
  return /^\s*(pe|p\.e\.|preiseinheit|preiseinh\.?|price\s*unit|price\s*base|per|basis|base|unité\s+de\s+prix|unidad\s+de\s+precio)\s*$/i.test(
    header,
  );
}

export interface NumericAssignment {
  quantity: number;
  price: number;
  amount: number;
  /** Column holding a price base per row, if any. */
  baseColumn: number | null;
  /** Per row: the base that made it add up (1 when not decided). */
  bases: number[];
  /** Rows (indexes) that add up under this assignment. */
  agreeing: number[];
}

/** qty x price / base = amount within the tolerances of weights.ts (discount-rounded prices allowed). */
export function multipliesTo(qty: number, price: number, base: number, amount: number): boolean {
  const tol = Math.max(
    ARITHMETIC.lineAbsolute,
    Math.abs(amount) * ARITHMETIC.lineRelative,
    (Math.abs(qty) * ARITHMETIC.linePerUnitRounding) / base,
  );
  return Math.abs((qty * price) / base - amount) <= tol;
}

/** Rows that add up under one assignment, and the base that made each add up. */
function agreement(
  values: Array<Array<number | null>>,
  q: number,
  p: number,
  a: number,
  bc: number | null,
  headerBase?: (col: number) => number | null,
): { agreeing: number[]; bases: number[] } {
  const agreeing: number[] = [];
  const bases: number[] = [];
  values.forEach((row, r) => {
    const qv = row[q];
    const pv = row[p];
    const av = row[a];
    bases[r] = 1;
    if (qv === null || qv === undefined || pv === null || pv === undefined) return;
    if (av === null || av === undefined || qv <= 0) return;
    const stated = bc !== null ? row[bc] : headerBase?.(p);
    for (const b of stated ? [stated] : PRICE_BASES) {
      if (multipliesTo(qv, pv, b, av)) {
        agreeing.push(r);
        bases[r] = b;
        return;
      }
    }
  });
  return { agreeing, bases };
}

/**
 * The best assignment of numeric columns (indexes into the row) to quantity / price / amount (and a
 * base column), by the number of rows that add up; null when no assignment makes any row add up.
 * `values[r][c]` is the number in row r, column c (null when the cell is not a number). Quantity and
 * price multiply alike, so among assignments that add up equally the header's (`prefer`) wins, then
 * the one whose quantities are whole numbers and whose prices are not, then the plainer price base.
 */
export function decideNumericRoles(
  values: Array<Array<number | null>>,
  columns: number[],
  options: {
    baseColumns?: number[];
    headerBase?: (col: number) => number | null;
    prefer?: { quantity: number; price: number; amount: number };
  } = {},
): NumericAssignment | null {
  let best: { a: NumericAssignment; rank: number[] } | null = null;
  const baseCols = [null, ...(options.baseColumns ?? [])];
  const whole = (c: number) =>
    values.filter((row) => row[c] !== null && row[c] !== undefined && Number.isInteger(row[c])).length;
  for (const q of columns)
    for (const p of columns)
      for (const a of columns) {
        if (q === p || p === a || q === a) continue;
        for (const bc of baseCols) {
          if (bc !== null && (bc === q || bc === p || bc === a)) continue;
          const { agreeing, bases } = agreement(values, q, p, a, bc, options.headerBase);
          if (agreeing.length === 0) continue;
          const pref = options.prefer;
          const rank = [
            agreeing.length,
            pref && pref.quantity === q && pref.price === p && pref.amount === a ? 1 : 0,
            pref && pref.amount === a ? 1 : 0,
            whole(q) - whole(p),
            -bases.filter((b) => b !== 1).length,
            bc !== null ? 1 : 0,
          ];
          const better =
            !best ||
            rank.some((v, i) => {
              const prev = best?.rank.slice(0, i).every((w, j) => w === rank[j]);
              return prev && v > (best?.rank[i] ?? 0);
            });
          if (better)
            best = { a: { quantity: q, price: p, amount: a, baseColumn: bc, bases, agreeing }, rank };
        }
      }
  return best?.a ?? null;
}
