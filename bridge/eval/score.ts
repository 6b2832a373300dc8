/**
 * A faithful TypeScript port of ../shared/corpus/score.py: the same metrics, pairing and rounding, so
 * that `order-intake eval` and the reference scorer print the same figures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

export const ORDER_FIELDS = ["customer_reference", "order_date", "delivery_date", "currency"] as const;
export const HIGH = 0.95;
export const LOW = 0.85;

type Json = Record<string, unknown>;

/** Python's difflib.SequenceMatcher(None, a, b).ratio() (with its autojunk heuristic). */
export function sequenceRatio(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la + lb === 0) return 1;
  // b2j with autojunk (only for len(b) >= 200)
  const b2j = new Map<string, number[]>();
  for (let i = 0; i < lb; i++) {
    const ch = b[i] as string;
    const arr = b2j.get(ch);
    if (arr) arr.push(i);
    else b2j.set(ch, [i]);
  }
  if (lb >= 200) {
    const ntest = Math.floor(lb / 100) + 1;
    for (const [ch, idxs] of [...b2j]) if (idxs.length > ntest) b2j.delete(ch);
  }
  const longest = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map<number, number>();
      for (const j of b2j.get(a[i] as string) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = newj2len;
    }
    while (besti > alo && bestj > blo && !isJunk(b[bestj - 1]) && a[besti - 1] === b[bestj - 1]) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (
      besti + bestsize < ahi &&
      bestj + bestsize < bhi &&
      !isJunk(b[bestj + bestsize]) &&
      a[besti + bestsize] === b[bestj + bestsize]
    ) {
      bestsize++;
    }
    return [besti, bestj, bestsize];
  };
  function isJunk(_ch: string | undefined): boolean {
    return false; // score.py passes isjunk=None
  }
  let matches = 0;
  const queue: Array<[number, number, number, number]> = [[0, la, 0, lb]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      matches += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  return (2 * matches) / (la + lb);
}

export function normText(s: unknown): string {
  const t = String(s ?? "")
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "")
    .toLowerCase();
  return (t.match(/[a-z0-9]+/g) ?? []).join(" ");
}

export function fuzzyEq(a0: unknown, b0: unknown): boolean {
  const a = normText(a0);
  const b = normText(b0);
  if (!a || !b) return a === b;
  if (a === b || a.includes(b) || b.includes(a)) return true;
  const ta = new Set(a.split(" "));
  const tb = new Set(b.split(" "));
  const inter = [...ta].filter((x) => tb.has(x)).length;
  const union = new Set([...ta, ...tb]).size;
  return inter / union >= 0.5 || sequenceRatio(a, b) >= 0.75;
}

const pyStr = (s: unknown): string =>
  s === null || s === undefined ? "None" : typeof s === "boolean" ? (s ? "True" : "False") : String(s);

export function normRef(s: unknown): string | null {
  if (s === null || s === undefined) return null;
  const t = pyStr(s).trim();
  if (!t) return null;
  return t.replace(/\s+/g, "").toUpperCase();
}

export function normCode(s: unknown): string | null {
  if (s === null || s === undefined) return null;
  const t = pyStr(s).trim().toUpperCase();
  return t || null;
}

export function normDate(s: unknown): string | null {
  if (s === null || s === undefined || s === "") return null;
  return pyStr(s).slice(0, 10);
}

export function num(x: unknown): number | null {
  if (x === null || x === undefined || x === "") return null;
  if (typeof x === "number") return x;
  if (typeof x === "boolean") return x ? 1 : 0;
  if (typeof x === "string") {
    const t = x.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(t)) return null;
    return Number(t);
  }
  return null;
}

/** default_code -> list price, from products.csv. */
export function loadPriceCatalog(path: string | null): Map<string, number> {
  const prices = new Map<string, number>();
  if (path && existsSync(path)) {
    const rows = parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true }) as Array<
      Record<string, string>
    >;
    for (const r of rows) {
      const p = num(r.list_price);
      if (r.default_code && p !== null) prices.set(r.default_code.trim().toUpperCase(), p);
    }
  }
  return prices;
}

const isDict = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);

export function lineMatch(t: Json, p: Json, catalog: Map<string, number>): boolean {
  const tc = normCode(t.default_code);
  const pc = normCode(p.default_code);
  if (tc !== null || pc !== null) {
    if (tc !== pc) return false;
  } else if (!fuzzyEq(t.description, p.description)) return false;
  const tq = num(t.quantity);
  const pq = num(p.quantity);
  if (tq === null || pq === null || Math.abs(tq - pq) > 1e-6) return false;
  const tp = num(t.unit_price);
  const pp = num(p.unit_price);
  if (tp === null) {
    if (pp === null) return true;
    const lp = tc ? catalog.get(tc) : undefined;
    return lp !== undefined && Math.abs(pp - lp) <= 0.01 + 1e-9;
  }
  return pp !== null && Math.abs(tp - pp) <= 0.01 + 1e-9;
}

export function matchLines(tl: Json[], pl: unknown[], catalog: Map<string, number>): number {
  const used = new Set<number>();
  let m = 0;
  for (const t of tl) {
    for (let j = 0; j < pl.length; j++) {
      const p = pl[j];
      if (used.has(j) || !isDict(p)) continue;
      if (lineMatch(t, p, catalog)) {
        used.add(j);
        m++;
        break;
      }
    }
  }
  return m;
}

const linesOf = (o: Json | undefined): Json[] => ((o?.lines as unknown[]) ?? []).filter(isDict) as Json[];
const rawLinesOf = (o: Json): unknown[] => (Array.isArray(o.lines) ? o.lines : []);

export function pairOrders(
  to: Json[],
  po: Json[],
  catalog: Map<string, number>,
): [Array<[number, number | null]>, number[]] {
  const pairs = new Map<number, number>();
  const free = new Set(po.map((_, j) => j));
  const sortedFree = () => [...free].sort((a, b) => a - b);
  to.forEach((t, i) => {
    const r = normRef(t.customer_reference);
    if (r === null) return;
    for (const j of sortedFree()) {
      if (normRef(po[j]?.customer_reference) === r) {
        pairs.set(i, j);
        free.delete(j);
        break;
      }
    }
  });
  to.forEach((t, i) => {
    if (pairs.has(i)) return;
    let best = -1;
    let bj: number | null = null;
    for (const j of sortedFree()) {
      const s = matchLines(linesOf(t), rawLinesOf(po[j] as Json), catalog);
      if (s > best) {
        best = s;
        bj = j;
      }
    }
    if (bj !== null) {
      pairs.set(i, bj);
      free.delete(bj);
    }
  });
  return [to.map((_, i) => [i, pairs.get(i) ?? null]), sortedFree()];
}

class Acc {
  ok = 0;
  n = 0;
  add(good: boolean, w = 1) {
    this.n += w;
    this.ok += good ? w : 0;
  }
  rate(): number {
    return this.n ? this.ok / this.n : Number.NaN;
  }
}

export interface ScoreRow {
  case: string;
  truthKind: string;
  truthExpect: string;
  predKind: string;
  predExpect: string;
  exact: boolean;
  confidence: number | null;
  missing: boolean;
  tags: string[];
}

export interface ScoreReport {
  cases: number;
  predictions: number;
  fields: Record<string, { acc: number; n: number }>;
  lines: { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number };
  exact_order_rate: number;
  orders: number;
  exact_case_rate: number;
  action_agreement: number;
  calibration: { high_conf_n: number; high_conf_exact: number; wrong_n: number; wrong_flagged_low: number };
}

const FIELD_KEYS = ["kind", "customer_ref", ...ORDER_FIELDS, "total_untaxed", "duplicate_of", "amends"];

/** Scores predictions (case id -> prediction or null when missing) against truths. */
export function scorePredictions(
  truths: Array<{ id: string; truth: Json }>,
  predictions: Map<string, Json | null>,
  catalog: Map<string, number>,
): { report: ScoreReport; rows: ScoreRow[] } {
  const fields = Object.fromEntries(FIELD_KEYS.map((k) => [k, new Acc()])) as Record<string, Acc>;
  const f = (k: string) => fields[k] as Acc;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const exactOrders = new Acc();
  const exactCases = new Acc();
  const action = new Acc();
  const hi = new Acc();
  const lowflag = new Acc();
  let nPred = 0;
  const rows: ScoreRow[] = [];
  for (const { id, truth: t } of truths) {
    const got = predictions.get(id);
    const missing = got === null || got === undefined;
    const p: Json = missing ? {} : (got as Json);
    if (!missing) nPred++;
    const kOk = !missing && p.kind === t.kind;
    const cOk = !missing && "customer_ref" in p && normRef(p.customer_ref) === normRef(t.customer_ref);
    f("kind").add(kOk);
    f("customer_ref").add(cOk);
    if (t.duplicate_of || (!missing && p.duplicate_of)) {
      f("duplicate_of").add(!missing && normRef(p.duplicate_of) === normRef(t.duplicate_of));
    }
    const ta = t.amends ? (t.amends as Json).customer_reference : null;
    const paObj = isDict(p.amends) ? p.amends : null;
    const pa = paObj ? paObj.customer_reference : null;
    if (ta || pa) f("amends").add(!missing && normRef(ta) === normRef(pa));
    const to = ((t.orders as unknown[]) ?? []) as Json[];
    const po = missing ? [] : ((Array.isArray(p.orders) ? p.orders : []) as unknown[]).filter(isDict);
    const [pairs, extra] = pairOrders(to, po, catalog);
    let allExact = to.length === po.length && !missing;
    for (const [i, j] of pairs) {
      const tor = to[i] as Json;
      const por = j === null ? null : (po[j] as Json);
      for (const k of ORDER_FIELDS) {
        if (por === null) f(k).add(false);
        else if (k === "customer_reference") f(k).add(normRef(por[k]) === normRef(tor[k]));
        else if (k === "order_date" || k === "delivery_date") f(k).add(normDate(por[k]) === normDate(tor[k]));
        else f(k).add(String(por[k] || "").toUpperCase() === String(tor[k] || "").toUpperCase());
      }
      if (por === null) f("total_untaxed").add(false);
      else {
        const a = num(tor.total_untaxed);
        const b = num(por.total_untaxed);
        f("total_untaxed").add(
          (a === null && b === null) || (a !== null && b !== null && Math.abs(a - b) <= 0.01 + 1e-9),
        );
      }
      const tl = linesOf(tor);
      const pl = por ? rawLinesOf(por).filter(isDict) : [];
      const m = matchLines(tl, pl, catalog);
      tp += m;
      fn += tl.length - m;
      fp += pl.length - m;
      const ok =
        por !== null &&
        m === tl.length &&
        pl.length === tl.length &&
        normRef(por.customer_reference) === normRef(tor.customer_reference) &&
        normDate(por.order_date) === normDate(tor.order_date) &&
        normDate(por.delivery_date) === normDate(tor.delivery_date) &&
        String(por.currency || "").toUpperCase() === String(tor.currency || "").toUpperCase();
      exactOrders.add(ok);
      allExact = allExact && ok;
    }
    for (const j of extra) fp += rawLinesOf(po[j] as Json).filter(isDict).length;
    const caseExact = Boolean(kOk && cOk && allExact);
    exactCases.add(caseExact);
    const aOk = !missing && p.expect === t.expect;
    action.add(aOk);
    const conf = missing ? null : num(p.confidence);
    if (!missing) {
      if (conf !== null && conf >= HIGH) hi.add(caseExact);
      if (!caseExact) lowflag.add(conf !== null && conf < LOW);
    }
    rows.push({
      case: id,
      truthKind: String(t.kind),
      truthExpect: String(t.expect),
      predKind: missing ? "-" : pyStr(p.kind),
      predExpect: "expect" in p ? pyStr(p.expect) : "-",
      exact: caseExact,
      confidence: conf,
      missing,
      tags: [...((t.tags as string[]) ?? [])],
    });
  }
  const prec = tp + fp ? tp / (tp + fp) : 0;
  const rec = tp + fn ? tp / (tp + fn) : 0;
  const f1 = prec + rec ? (2 * prec * rec) / (prec + rec) : 0;
  return {
    report: {
      cases: truths.length,
      predictions: nPred,
      fields: Object.fromEntries(FIELD_KEYS.map((k) => [k, { acc: f(k).rate(), n: f(k).n }])),
      lines: { precision: prec, recall: rec, f1, tp, fp, fn },
      exact_order_rate: exactOrders.rate(),
      orders: exactOrders.n,
      exact_case_rate: exactCases.rate(),
      action_agreement: action.rate(),
      calibration: {
        high_conf_n: hi.n,
        high_conf_exact: hi.rate(),
        wrong_n: lowflag.n,
        wrong_flagged_low: lowflag.rate(),
      },
    },
    rows,
  };
}

/** Reads NNN/truth.json under casesRoot and NNN.json under predDir, like score.py. */
export function scoreDirectory(casesRoot: string, predDir: string, catalogPath: string | null) {
  const ids = readdirSync(casesRoot)
    .filter(
      (d) =>
        existsSync(join(casesRoot, d, "truth.json")) && statSync(join(casesRoot, d, "truth.json")).isFile(),
    )
    .sort();
  const truths = ids.map((id) => ({
    id,
    truth: JSON.parse(readFileSync(join(casesRoot, id, "truth.json"), "utf8")) as Json,
  }));
  const predictions = new Map<string, Json | null>();
  for (const id of ids) {
    const path = join(predDir, `${id}.json`);
    let p: Json | null = null;
    if (existsSync(path)) {
      try {
        const v = JSON.parse(readFileSync(path, "utf8")) as unknown;
        p = isDict(v) ? v : null;
      } catch {
        p = null;
      }
    }
    predictions.set(id, p);
  }
  return { ...scorePredictions(truths, predictions, loadPriceCatalog(catalogPath)), truths };
}

export const fmtRate = (x: number): string =>
  Number.isNaN(x) ? "  n/a" : `${(100 * x).toFixed(1)}%`.padStart(6);

const pad = (s: string, n: number) => s.padEnd(n);

/** The report as score.py prints it. */
export function formatReport(res: ScoreReport, rows?: ScoreRow[]): string {
  const F = res.fields;
  const out: string[] = [];
  out.push(`cases: ${res.cases}   predictions found: ${res.predictions}   truth orders: ${res.orders}`);
  out.push(`${pad("field", 22)} ${"accuracy".padStart(8)} ${"n".padStart(6)}`);
  for (const k of ["kind", "customer_ref", ...ORDER_FIELDS, "total_untaxed", "duplicate_of", "amends"]) {
    out.push(
      `${pad(k, 22)} ${fmtRate(F[k]?.acc ?? Number.NaN).padStart(8)} ${String(F[k]?.n ?? 0).padStart(6)}`,
    );
  }
  const L = res.lines;
  out.push(
    `${pad("lines", 22)} P ${fmtRate(L.precision)}  R ${fmtRate(L.recall)}  F1 ${fmtRate(L.f1)}   (tp ${L.tp} fp ${L.fp} fn ${L.fn})`,
  );
  out.push(`${pad("exact orders", 22)} ${fmtRate(res.exact_order_rate).padStart(8)}`);
  out.push(`${pad("exact cases", 22)} ${fmtRate(res.exact_case_rate).padStart(8)}`);
  out.push(`${pad("action (expect)", 22)} ${fmtRate(res.action_agreement).padStart(8)}`);
  const C = res.calibration;
  out.push(
    `${pad("exact | conf>=0.95", 22)} ${fmtRate(C.high_conf_exact).padStart(8)}  (of ${C.high_conf_n} predictions with confidence >= ${HIGH.toFixed(2)})`,
  );
  out.push(
    `${pad("wrong flagged <0.85", 22)} ${fmtRate(C.wrong_flagged_low).padStart(8)}  (of ${C.wrong_n} non-exact predictions)`,
  );
  if (rows) {
    out.push("");
    out.push(
      `${pad("case", 6)} ${pad("truth kind", 22)} ${pad("expect", 7)} ${pad("pred kind", 22)} ${pad("pexpect", 7)} ${pad("exact", 5)} conf`,
    );
    for (const r of rows) {
      out.push(
        `${pad(r.case, 6)} ${pad(r.truthKind, 22)} ${pad(r.truthExpect, 7)} ${pad(r.predKind, 22)} ${pad(r.predExpect, 7)} ${pad(r.exact ? "Y" : ".", 5)} ${r.confidence === null ? "" : r.confidence.toFixed(2)}`,
      );
    }
  }
  out.push(
    `SUMMARY exact_case=${fmtRate(res.exact_case_rate).trim()} exact_order=${fmtRate(res.exact_order_rate).trim()} line_F1=${fmtRate(L.f1).trim()} kind=${fmtRate(F.kind?.acc ?? Number.NaN).trim()} customer=${fmtRate(F.customer_ref?.acc ?? Number.NaN).trim()} action=${fmtRate(res.action_agreement).trim()} hi_conf_exact=${fmtRate(C.high_conf_exact).trim()} wrong_flagged=${fmtRate(C.wrong_flagged_low).trim()}`,
  );
  return out.join("\n");
}
