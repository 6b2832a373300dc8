import { type DecimalSeparator, parseNumber } from "../text/parseNumber.ts";
import type { LineTable, Reason } from "../types.ts";

/** Characters OCR mistakes for one another, each mapped to one representative. */
const CONFUSABLE: Record<string, string> = {
  O: "0",
  o: "0",
  Q: "0",
  D: "0",
  "0": "0",
  l: "1",
  I: "1",
  i: "1",
  "|": "1",
  "!": "1",
  "7": "1",
  "1": "1",
  S: "5",
  s: "5",
  "5": "5",
  B: "8",
  "8": "8",
};

/** The code with every confusable character replaced by its class (O and 0 become the same). */
export function confusionKey(code: string): string {
  let out = "";
  for (const ch of code) out += CONFUSABLE[ch] ?? ch.toUpperCase();
  return out;
}

/** Letters that stand for digits inside a number, and digits read for other digits. */
const DIGIT_FOR: Record<string, string[]> = {
  O: ["0"],
  o: ["0"],
  D: ["0"],
  Q: ["0"],
  l: ["1"],
  I: ["1"],
  i: ["1"],
  "|": ["1"],
  "!": ["1"],
  S: ["5"],
  s: ["5"],
  B: ["8"],
  "0": [],
  "1": ["7"],
  "7": ["1"],
  "5": [],
  "8": [],
};

/** Readings of a numeric cell with up to two confusable characters changed (the cell itself first). */
export function numericVariants(cell: string, limit = 64): string[] {
  const out = new Set<string>([cell]);
  const positions = [...cell].map((ch, i) => [i, DIGIT_FOR[ch] ?? []] as const).filter(([, a]) => a.length);
  const chars = [...cell];
  const walk = (from: number, depth: number) => {
    if (depth === 0 || out.size >= limit) return;
    for (let k = from; k < positions.length; k++) {
      const [i, alts] = positions[k]!;
      const original = chars[i]!;
      for (const alt of alts) {
        chars[i] = alt;
        out.add(chars.join(""));
        walk(k + 1, depth - 1);
      }
      chars[i] = original;
    }
  };
  walk(0, 2);
  return [...out];
}

export interface RepairContext {
  /** Catalog codes by confusion key (only keys shared by exactly one code). */
  codesByKey: Map<string, string>;
  codes: Set<string>;
  listPrice: Map<string, number>;
  decimal?: DecimalSeparator;
  path: string;
}

export function codeIndex(codes: string[]): Map<string, string> {
  const byKey = new Map<string, string | null>();
  for (const c of codes) {
    const k = confusionKey(c);
    byKey.set(k, byKey.has(k) && byKey.get(k) !== c ? null : c);
  }
  const out = new Map<string, string>();
  for (const [k, v] of byKey) if (v) out.set(k, v);
  return out;
}

/** How many characters differ between two readings of one cell. */
function diff(a: string | null, b: string | undefined): number {
  if (a === null || b === undefined) return 0;
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 0.0005);

/**
 * Repairs characters OCR confuses (0/O, 1/l/7, 5/S, 8/B) in the code, quantity and price cells of
 * scanned order tables, only where the catalog (a code that exists, a list price) or the arithmetic
 * of the row (quantity x price = amount) confirms the repair. Each repair is returned as a reason.
 */
export function repairTable(table: LineTable, ctx: RepairContext): Reason[] {
  const reasons: Reason[] = [];
  const col = (role: string) => table.roles.indexOf(role as never);
  const code = col("code");
  const qty = col("quantity");
  const price = col("net_price") >= 0 ? col("net_price") : col("unit_price");
  const amount = col("amount");
  const num = (s: string | undefined) => (s === undefined ? null : parseNumber(s, ctx.decimal));
  for (const [r, row] of table.rows.entries()) {
    const where = `${ctx.path}, row ${r + 1}`;
    let productCode: string | null = null;
    if (code >= 0 && row[code] !== undefined) {
      const raw = row[code]!;
      const token = raw.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      if (ctx.codes.has(token)) {
        productCode = token;
        if (token !== raw.trim()) row[code] = token;
      } else {
        const fixed = ctx.codesByKey.get(confusionKey(token));
        if (fixed) {
          row[code] = fixed;
          productCode = fixed;
          reasons.push({
            code: "ocr.code_repaired",
            severity: "info",
            message: `OCR read "${raw.trim()}"; taken as ${fixed}, the only catalog code it can be.`,
            path: where,
          });
        }
      }
    }
    if (price < 0 || row[price] === undefined) continue;
    const q = qty >= 0 ? num(row[qty]) : null;
    const a = amount >= 0 ? num(row[amount]) : null;
    const p = num(row[price]);
    if (q !== null && p !== null && a !== null && near(q * p, a)) continue;
    // readings of quantity, price and amount that the row's arithmetic (or the catalog price)
    // confirms; among them, those that change the fewest characters, and only if there is one
    const list = productCode ? ctx.listPrice.get(productCode) : undefined;
    const variants = (i: number) => (i >= 0 && row[i] !== undefined ? numericVariants(row[i]!, 16) : [null]);
    const found: Array<{
      qty: string | null;
      price: string;
      amount: string | null;
      changes: number;
      by: string;
    }> = [];
    for (const pv of variants(price)) {
      const pn = pv === null ? null : num(pv);
      if (pv === null || pn === null) continue;
      if (amount >= 0 && qty >= 0) {
        for (const qv of variants(qty)) {
          const qn = qv === null ? null : num(qv);
          if (qn === null) continue;
          for (const av of variants(amount)) {
            const an = av === null ? null : num(av);
            if (an === null || !near(qn * pn, an)) continue;
            const changes = diff(qv, row[qty]) + diff(pv, row[price]) + diff(av, row[amount]);
            found.push({ qty: qv, price: pv, amount: av, changes, by: "quantity x price = amount" });
          }
        }
      } else if (list !== undefined && p === null && near(pn, list)) {
        // a price that reads as a number is what the customer wrote (perhaps a special price): only
        // a cell that is not a number (letters for digits) is taken as the catalog price
        found.push({
          qty: null,
          price: pv,
          amount: null,
          changes: diff(pv, row[price]),
          by: "the catalog price",
        });
      }
    }
    const fewest = Math.min(...found.map((f) => f.changes));
    const best = new Map(
      found.filter((f) => f.changes === fewest).map((f) => [`${f.qty}|${f.price}|${f.amount}`, f] as const),
    );
    if (best.size !== 1 || fewest === 0) continue;
    const fix = [...best.values()][0]!;
    const cells: Array<[number, string | null]> = [
      [qty, fix.qty],
      [price, fix.price],
      [amount, fix.amount],
    ];
    const changed = cells.filter(([i, v]) => i >= 0 && v !== null && row[i] !== v);
    const before = changed.map(([i]) => row[i]).join(" / ");
    const after = changed.map(([, v]) => v).join(" / ");
    for (const [i, v] of changed) row[i] = v!;
    reasons.push({
      code: "ocr.number_repaired",
      severity: "info",
      message: `OCR read "${before}"; taken as "${after}" because ${fix.by} confirms it.`,
      path: where,
    });
  }
  return reasons;
}
