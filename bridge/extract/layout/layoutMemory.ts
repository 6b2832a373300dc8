import type { LineChange, ReviewedLine } from "../../catalog/diffReviewedLines.ts";
import type { ParsedLine } from "../pipeline/parsedOrder.ts";

import type { OrderLine, Reason } from "../types.ts";

/**
 * What a person taught about one sender's documents by correcting or approving its drafts: rows that
 * are not items, the unit its prices are stated per, and column roles by header. Used, with its own
 * evidence (a price base counts only where the line amount confirms it), on the sender's next documents.
 */
export interface LayoutHints {
  /** Row texts (normalised descriptions) a person removed from a draft: not items of this sender. */
  notItems: string[];
  /** The sender's prices are per this many units (a person divided every price by it). */
  priceBase: number | null;
  /** Column roles by normalised header label ("art.-nr. kunde" -> "customer_sku"), for the table reader. */
  columns: Record<string, string>;
}

/** The store: per sender (the customer's ref), what was learnt. */
export interface LayoutMemory {
  hintsFor(sender: string): Promise<LayoutHints | null>;
  learn(sender: string, hints: Partial<LayoutHints>): Promise<void>;
}

export const normRow = (s: string | null | undefined) =>
  (s ?? "")
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\d.,]+/g, "#")
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");

const BASES = [10, 100, 1000];

/** What a review teaches: removed rows are not items; a common divisor of every corrected price is the price base. */
export function learnLayout(
  ai: OrderLine[],
  final: ReviewedLine[],
  changes: LineChange[],
): Partial<LayoutHints> {
  const out: Partial<LayoutHints> = {};
  const removed = changes.filter((c): c is Extract<LineChange, { kind: "removed" }> => c.kind === "removed");
  const notItems = removed.map((c) => normRow(ai[c.ai]?.description)).filter((s) => s.length >= 3);
  if (notItems.length > 0) out.notItems = [...new Set(notItems)];
  const prices = changes.filter((c): c is Extract<LineChange, { kind: "price" }> => c.kind === "price");
  if (prices.length > 0) {
    const base = BASES.find((b) =>
      prices.every(
        (c) => c.from !== null && c.to > 0 && Math.abs(c.from / b - c.to) <= Math.max(0.0001, c.to * 0.005),
      ),
    );
    // every corrected price divided by the same base, and no price left as it was (a base applies to all)
    const unchanged = final.filter((f, i) => f.price && !prices.some((c) => c.final === i)).length;
    if (base && unchanged === 0) out.priceBase = base;
  }
  return out;
}

/** Merges what a review taught into what was known. */
export function mergeHints(known: LayoutHints | null, learnt: Partial<LayoutHints>): LayoutHints {
  return {
    notItems: [...new Set([...(known?.notItems ?? []), ...(learnt.notItems ?? [])])].slice(-200),
    priceBase: learnt.priceBase ?? known?.priceBase ?? null,
    columns: { ...(known?.columns ?? {}), ...(learnt.columns ?? {}) },
  };
}

/** A layout memory in memory (tests, command-line tools). */
export function createMemoryLayoutMemory(): LayoutMemory {
  const bySender = new Map<string, LayoutHints>();
  return {
    async hintsFor(sender) {
      return bySender.get(sender) ?? null;
    },
    async learn(sender, hints) {
      bySender.set(sender, mergeHints(bySender.get(sender) ?? null, hints));
    },
  };
}

/**
 * The pipeline's form of applyLayoutHints: a candidate's lines (ParsedLine) with what was learnt
 * applied. Rows a person removed before are left out (and said so); a learnt price base is set where
 * the line states no base of its own and the printed amount, if any, does not contradict it. The
 * evidence is the verifier's: a price base that the line's amount confirms corroborates the line like
 * any arithmetic; one without an amount to check corroborates nothing, so the result stays below auto.
 */
export function applyLayoutHintsToParsed(
  lines: ParsedLine[],
  hints: LayoutHints | null,
  reasons: Reason[],
): ParsedLine[] {
  if (!hints) return lines;
  const skip = new Set(hints.notItems);
  const kept: ParsedLine[] = [];
  for (const l of lines) {
    if (skip.has(normRow(l.description))) {
      reasons.push({
        code: "layout.row_skipped",
        severity: "info",
        message: `"${l.description.slice(0, 60)}" left out: a person removed this row from an earlier draft of this sender.`,
      });
      continue;
    }
    const base = hints.priceBase;
    if (base && (l.priceBase ?? 1) === 1 && l.unitPrice !== null && l.quantity !== null) {
      const perUnit = l.unitPrice / base;
      const contradicts =
        l.amount !== null && Math.abs(l.quantity * perUnit - l.amount) > Math.max(0.011, l.amount * 0.002);
      if (!contradicts) {
        kept.push({ ...l, priceBase: base });
        reasons.push({
          code: "layout.price_base",
          severity: "info",
          message: `Price ${l.unitPrice} read per ${base}, as a person corrected this sender's earlier draft.`,
        });
        continue;
      }
    }
    kept.push(l);
  }
  return kept;
}
