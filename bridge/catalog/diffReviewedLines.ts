import type { OrderLine } from "../extract/types.ts";

/** A line of a reviewed draft as Odoo sends it in `draft.reviewed` (the mixin's line payload). */
export interface ReviewedLine {
  line_id?: number | null;
  product_id?: number | null;
  default_code?: string | null;
  name?: string | null;
  qty?: number | null;
  uom?: string | null;
  price?: number | null;
  discount?: number | null;
}

export type LineChange =
  | { kind: "product"; ai: number; final: number; from: string | null; to: string | null }
  | { kind: "quantity"; ai: number; final: number; from: number; to: number }
  | { kind: "price"; ai: number; final: number; from: number | null; to: number }
  | { kind: "removed"; ai: number }
  | { kind: "added"; final: number; to: string | null };

export interface LinePair {
  ai: number;
  final: number;
}

const norm = (s: string | null | undefined) => (s ?? "").split(/\s+/).filter(Boolean).join(" ").toLowerCase();
const code = (s: string | null | undefined) => (s ? s.trim().toUpperCase() : null);

/**
 * What a person changed between the AI's lines and the final ones. Lines are paired by the text the
 * bridge wrote (the line name is the customer's description), then by product, then in order when
 * the rest have the same count; whatever is left was removed or added.
 */
export function diffReviewedLines(
  ai: OrderLine[],
  final: ReviewedLine[],
): { pairs: LinePair[]; changes: LineChange[] } {
  const freeAi = new Set(ai.map((_, i) => i));
  const freeFinal = new Set(final.map((_, i) => i));
  const pairs: LinePair[] = [];
  const pairBy = (keyAi: (i: number) => string | null, keyFinal: (j: number) => string | null) => {
    for (const i of [...freeAi]) {
      const k = keyAi(i);
      if (!k) continue;
      const j = [...freeFinal].find((x) => keyFinal(x) === k);
      if (j === undefined) continue;
      pairs.push({ ai: i, final: j });
      freeAi.delete(i);
      freeFinal.delete(j);
    }
  };
  const aiText = (i: number) => norm(ai[i]?.description || ai[i]?.default_code) || null;
  pairBy(aiText, (j) => norm(final[j]?.name) || null);
  pairBy(
    (i) => code(ai[i]?.default_code),
    (j) => code(final[j]?.default_code),
  );
  if (freeAi.size === freeFinal.size) {
    const a = [...freeAi].sort((x, y) => x - y);
    const f = [...freeFinal].sort((x, y) => x - y);
    for (const [n, i] of a.entries()) pairs.push({ ai: i, final: f[n]! });
    freeAi.clear();
    freeFinal.clear();
  }
  pairs.sort((x, y) => x.ai - y.ai);

  const changes: LineChange[] = [];
  for (const p of pairs) {
    const a = ai[p.ai]!;
    const f = final[p.final]!;
    if (code(a.default_code) !== code(f.default_code)) {
      changes.push({ kind: "product", ...p, from: code(a.default_code), to: code(f.default_code) });
    }
    if (typeof f.qty === "number" && Math.abs(f.qty - a.quantity) > 1e-9) {
      changes.push({ kind: "quantity", ...p, from: a.quantity, to: f.qty });
    }
    if (typeof f.price === "number") {
      const net = Math.round(f.price * (1 - (f.discount ?? 0) / 100) * 10000) / 10000;
      if (a.unit_price === null || Math.abs(net - a.unit_price) > 0.005) {
        // a missing price filled with the list price is not a correction of the reading
        if (a.unit_price !== null) changes.push({ kind: "price", ...p, from: a.unit_price, to: net });
      }
    }
  }
  for (const i of freeAi) changes.push({ kind: "removed", ai: i });
  for (const j of freeFinal) changes.push({ kind: "added", final: j, to: code(final[j]?.default_code) });
  return { pairs, changes };
}
