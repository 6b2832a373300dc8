import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ComparableLine, diffOrderLines, type OrderChange } from "../extract/order/diffOrderLines.ts";
import type { ScoreRow } from "./score.ts";

type Json = Record<string, unknown>;
interface TruthOrder {
  customer_reference: string | null;
  lines: ComparableLine[];
}
interface Truth {
  kind: string;
  customer_ref: string | null;
  orders: TruthOrder[];
  amends: { customer_reference: string } | null;
  duplicate_of: string | null;
  expect: string;
}

export interface AcceptanceFigures {
  /** Results scored >= 0.95 that are exactly right. */
  highConfidence: { exact: number; of: number };
  /** Machine-readable cases that carry orders (truth) and reach >= 0.95. */
  machineOrdersSure: { sure: number; of: number };
  /** The same among those a careful person would let through without a look (truth expect = draft). */
  machineDraftsSure: { sure: number; of: number };
  /** Duplicates and resends recognised (same earlier case) and never drafted a second time. */
  duplicates: { caught: number; of: number; missed: string[] };
  /** Predictions calling something a duplicate that is not one. */
  falseDuplicates: string[];
  /** Amendments linked to their order's case with the right line difference. */
  amendments: { linked: number; of: number; wrong: string[] };
}

const norm = (s: unknown) =>
  String(s ?? "")
    .replace(/\s+/g, "")
    .toUpperCase();
const changeKey = (c: OrderChange) =>
  `${c.kind}|${c.default_code ?? c.description.toLowerCase()}|${c.from ?? ""}|${c.to ?? ""}`;

/**
 * The figures of issue #4's first acceptance point, from the truths and the predictions of one run:
 * calibration of the high-confidence band, how many machine-readable orders reach it, duplicates
 * caught, amendments linked with the right line difference (the truth difference is computed from
 * the truth of the order the amendment names).
 */
export function acceptanceFigures(
  casesDir: string,
  predDir: string,
  rows: ScoreRow[],
  machineIds: Set<string>,
): AcceptanceFigures {
  const truth = (id: string) => JSON.parse(readFileSync(join(casesDir, id, "truth.json"), "utf8")) as Truth;
  const pred = (id: string): Json | null => {
    const f = join(predDir, `${id}.json`);
    return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as Json) : null;
  };
  const sure = (r: ScoreRow) => (r.confidence ?? 0) >= 0.95;
  const high = rows.filter(sure);
  const withOrders = rows.filter((r) => machineIds.has(r.case) && truth(r.case).orders.length > 0);
  const drafts = withOrders.filter((r) => truth(r.case).expect === "draft");

  const ids = rows.map((r) => r.case).sort();
  const duplicates = { caught: 0, of: 0, missed: [] as string[] };
  const falseDuplicates: string[] = [];
  const amendments = { linked: 0, of: 0, wrong: [] as string[] };
  for (const id of ids) {
    const t = truth(id);
    const p = pred(id);
    if (t.duplicate_of) {
      duplicates.of++;
      const ok = p && norm(p.duplicate_of) === norm(t.duplicate_of) && p.expect !== "draft";
      if (ok) duplicates.caught++;
      else duplicates.missed.push(id);
    } else if (p?.duplicate_of) falseDuplicates.push(id);
    if (t.amends) {
      amendments.of++;
      const original = ids
        .filter((x) => x < id)
        .find((x) => {
          const o = truth(x);
          return (
            o.customer_ref === t.customer_ref &&
            o.orders.some((ord) => norm(ord.customer_reference) === norm(t.amends?.customer_reference))
          );
        });
      const before = original
        ? (truth(original).orders.find(
            (o) => norm(o.customer_reference) === norm(t.amends?.customer_reference),
          )?.lines ?? [])
        : [];
      const expected = diffOrderLines(before, t.orders[0]?.lines ?? [])
        .map(changeKey)
        .sort();
      const amends = (p?.amends ?? null) as { of?: string; changes?: OrderChange[] } | null;
      const got = (amends?.changes ?? []).map(changeKey).sort();
      const ok =
        original !== undefined &&
        amends?.of === original &&
        JSON.stringify(got) === JSON.stringify(expected) &&
        p?.expect !== "draft";
      if (ok) amendments.linked++;
      else amendments.wrong.push(id);
    }
  }
  return {
    highConfidence: { exact: high.filter((r) => r.exact).length, of: high.length },
    machineOrdersSure: { sure: withOrders.filter(sure).length, of: withOrders.length },
    machineDraftsSure: { sure: drafts.filter(sure).length, of: drafts.length },
    duplicates,
    falseDuplicates,
    amendments,
  };
}

const pct = (a: number, b: number) => (b === 0 ? "n/a" : `${((100 * a) / b).toFixed(1)}%`);

export function formatAcceptance(f: AcceptanceFigures): string {
  const hc = f.highConfidence;
  const mo = f.machineOrdersSure;
  const md = f.machineDraftsSure;
  const list = (xs: string[]) => (xs.length ? ` (${xs.join(", ")})` : "");
  return [
    "acceptance (issue #4, point 1):",
    `  scored >= 0.95 and exactly right          ${pct(hc.exact, hc.of).padStart(6)}  (${hc.exact} of ${hc.of}; goal >= 99.5%)`,
    `  machine-readable orders reaching >= 0.95  ${pct(mo.sure, mo.of).padStart(6)}  (${mo.sure} of ${mo.of} cases with orders; goal >= 80%)`,
    `    of them meant to be drafted unseen      ${pct(md.sure, md.of).padStart(6)}  (${md.sure} of ${md.of} with expect=draft)`,
    `  duplicates and resends caught             ${pct(f.duplicates.caught, f.duplicates.of).padStart(6)}  (${f.duplicates.caught} of ${f.duplicates.of}, none drafted again${list(f.duplicates.missed)}; false duplicates: ${f.falseDuplicates.length}${list(f.falseDuplicates)})`,
    `  amendments linked with the right diff     ${pct(f.amendments.linked, f.amendments.of).padStart(6)}  (${f.amendments.linked} of ${f.amendments.of}${list(f.amendments.wrong)})`,
  ].join("\n");
}
