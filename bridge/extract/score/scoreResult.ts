import type { Classification } from "../order/classify.ts";
import type { ExpectedAction, ExtractedOrder, Reason } from "../types.ts";
import { ROUTING_ONLY_REASONS, WEIGHTS } from "./weights.ts";

export interface ScoreInput {
  classification: Classification;
  customerVia: "email" | "domain" | "text" | null;
  orders: ExtractedOrder[];
  /** Per order: how its fields were found. */
  fieldEvidence: Array<{
    poFound: boolean;
    orderDateStated: boolean;
    currencyStated: boolean;
    ambiguousDate: boolean;
    totals: "agree" | "disagree" | "no_prices" | "no_total";
  }>;
  reasons: Reason[];
  exactDuplicate: boolean;
  modelFactor?: number;
  /** Odoo's thresholds (0..1); the defaults of DESIGN.md without them. */
  thresholds?: { auto: number; review: number } | null;
}

const clamp = (n: number) => Math.max(0, Math.min(1, n));

/** Computes the confidence (0..1) and the action from the evidence; never asks a model. */
export function scoreResult(input: ScoreInput): { confidence: number; expect: ExpectedAction } {
  const { classification: c, reasons } = input;
  const hardReasons = reasons.filter((r) => r.severity === "hard");
  const hard = hardReasons.length > 0;
  const doubt = hardReasons.some((r) => !ROUTING_ONLY_REASONS.has(r.code));
  const reviewThreshold = input.thresholds?.review ?? WEIGHTS.reviewThreshold;
  const warnings = reasons.filter((r) => r.severity === "warning").length;
  if (c.nonOrder) {
    const byHeaders = c.nonOrder === "auto_reply" || c.nonOrder === "newsletter";
    const conf = byHeaders ? WEIGHTS.nonOrderByHeaders : WEIGHTS.nonOrderByWording;
    const expect: ExpectedAction =
      c.nonOrder === "spam"
        ? "reject"
        : c.nonOrder === "auto_reply" || c.nonOrder === "newsletter" || c.nonOrder === "shipping_notice"
          ? "ignore"
          : "review";
    return { confidence: clamp(conf * WEIGHTS.warning ** warnings), expect };
  }
  let conf = 1;
  conf *=
    input.customerVia === "email"
      ? WEIGHTS.customerByEmail
      : input.customerVia === "domain"
        ? WEIGHTS.customerByDomain
        : input.customerVia === "text"
          ? WEIGHTS.customerByText
          : WEIGHTS.customerUnknown;
  for (const [i, o] of input.orders.entries()) {
    for (const l of o.lines) conf *= l.confidence ?? 1;
    const ev = input.fieldEvidence[i];
    if (!ev) continue;
    if (!ev.poFound) conf *= WEIGHTS.noPoNumber;
    if (!ev.orderDateStated) conf *= WEIGHTS.orderDateFromEmail;
    if (!ev.currencyStated) conf *= WEIGHTS.currencyDefault;
    if (ev.ambiguousDate) conf *= WEIGHTS.ambiguousDate;
    conf *=
      ev.totals === "agree"
        ? WEIGHTS.totalsAgree
        : ev.totals === "disagree"
          ? WEIGHTS.totalsDisagree
          : ev.totals === "no_prices"
            ? WEIGHTS.noPrices
            : WEIGHTS.noStatedTotal;
  }
  if (input.orders.length === 0) conf *= 0.5;
  conf *= WEIGHTS.warning ** warnings;
  conf *= input.modelFactor ?? 1;
  if (doubt) conf = Math.min(conf, WEIGHTS.hardCap);
  conf = clamp(conf);
  let expect: ExpectedAction = hard || conf < reviewThreshold || c.kind === "amendment" ? "review" : "draft";
  if (input.exactDuplicate) expect = "ignore";
  return { confidence: Math.round(conf * 1000) / 1000, expect };
}
