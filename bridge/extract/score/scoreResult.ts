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

/**
 * The factors the confidence is the product of, per field (1 = no doubt), shown with the result so an
 * approver sees where the doubt is: the customer's identification, per order the PO number, the
 * order date, the currency, the totals check, each line's match, and all warnings together.
 */
export interface FieldConfidence {
  customer: number;
  orders: Array<{
    customer_reference: number;
    order_date: number;
    currency: number;
    totals: number;
    lines: number[];
  }>;
  warnings: number;
}

/** Computes the confidence (0..1) and the action from the evidence; never asks a model. */
export function scoreResult(input: ScoreInput): {
  confidence: number;
  expect: ExpectedAction;
  fields?: FieldConfidence;
} {
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
  const customer: number =
    input.customerVia === "email"
      ? WEIGHTS.customerByEmail
      : input.customerVia === "domain"
        ? WEIGHTS.customerByDomain
        : input.customerVia === "text"
          ? WEIGHTS.customerByText
          : WEIGHTS.customerUnknown;
  let conf = customer;
  const orders: FieldConfidence["orders"] = [];
  for (const [i, o] of input.orders.entries()) {
    const lines = o.lines.map((l) => l.confidence ?? 1);
    const ev = input.fieldEvidence[i];
    const f = {
      customer_reference: ev && !ev.poFound ? WEIGHTS.noPoNumber : 1,
      order_date:
        (ev && !ev.orderDateStated ? WEIGHTS.orderDateFromEmail : 1) *
        (ev?.ambiguousDate ? WEIGHTS.ambiguousDate : 1),
      currency: ev && !ev.currencyStated ? WEIGHTS.currencyDefault : 1,
      totals: !ev
        ? 1
        : ev.totals === "agree"
          ? WEIGHTS.totalsAgree
          : ev.totals === "disagree"
            ? WEIGHTS.totalsDisagree
            : ev.totals === "no_prices"
              ? WEIGHTS.noPrices
              : WEIGHTS.noStatedTotal,
      lines,
    };
    orders.push(f);
    for (const l of lines) conf *= l;
    conf *= f.customer_reference * f.order_date * f.currency * f.totals;
  }
  const fields: FieldConfidence = { customer, orders, warnings: WEIGHTS.warning ** warnings };
  if (input.orders.length === 0) conf *= 0.5;
  conf *= WEIGHTS.warning ** warnings;
  conf *= input.modelFactor ?? 1;
  if (doubt) conf = Math.min(conf, WEIGHTS.hardCap);
  conf = clamp(conf);
  let expect: ExpectedAction = hard || conf < reviewThreshold || c.kind === "amendment" ? "review" : "draft";
  if (input.exactDuplicate) expect = "ignore";
  return { confidence: Math.round(conf * 1000) / 1000, expect, fields };
}
