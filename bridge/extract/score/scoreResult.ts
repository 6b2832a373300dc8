import type { Classification } from "../order/classify.ts";
import type { OrderEvidence } from "../pipeline/verify.ts";
import type { ExpectedAction, ExtractedOrder, Reason } from "../types.ts";
import { CAPS, DEFAULT_THRESHOLDS, ROUTING_ONLY_REASONS, WEIGHTS } from "./weights.ts";

export interface ScoreInput {
  classification: Classification;
  customerVia: "email" | "domain" | "text" | null;
  orders: ExtractedOrder[];
  /** Per order: how its fields were found and what corroborates its lines (pipeline/verify.ts). */
  fieldEvidence: Array<
    Pick<OrderEvidence, "poFound" | "orderDateStated" | "currencyStated" | "ambiguousDate" | "totals"> &
      Partial<Pick<OrderEvidence, "lines" | "unexplainedRows" | "unassignedDates">>
  >;
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
export type CapName = Exclude<keyof typeof CAPS, "belowAuto">;

/**
 * The caps that apply for missing POSITIVE evidence: a sender not identified by address or domain, a
 * line whose product or quantity nothing corroborates (or an order without line evidence at all), an
 * item-like row that is neither a line nor explained.
 */
export function evidenceCaps(input: Pick<ScoreInput, "customerVia" | "fieldEvidence" | "orders">): CapName[] {
  const caps = new Set<CapName>();
  if (input.customerVia !== "email" && input.customerVia !== "domain") caps.add("senderUnidentified");
  for (const [i, o] of input.orders.entries()) {
    const ev = input.fieldEvidence[i];
    if (!ev?.lines || ev.lines.length !== o.lines.length) {
      caps.add("productUncorroborated");
      caps.add("quantityUncorroborated");
      continue;
    }
    if (ev.lines.some((l) => !l.productCorroborated)) caps.add("productUncorroborated");
    if (ev.lines.some((l) => l.quantityBy.length === 0)) caps.add("quantityUncorroborated");
    if ((ev.unexplainedRows?.length ?? 0) > 0) caps.add("unexplainedRows");
    if ((ev.unassignedDates?.length ?? 0) > 0) caps.add("unassignedDates");
    if (!ev.poFound) caps.add("noPoNumber");
  }
  return [...caps];
}

/** The highest confidence a result may have under these caps, always below the auto threshold. */
export function ceilingOf(caps: CapName[], auto: number): number {
  if (caps.length === 0) return 1;
  return Math.min(...caps.map((c) => CAPS[c]), auto - CAPS.belowAuto);
}

export function scoreResult(input: ScoreInput): {
  confidence: number;
  expect: ExpectedAction;
  fields?: FieldConfidence;
  /** Missing evidence that capped the confidence below the auto threshold (empty: none). */
  caps: CapName[];
  /** The most the confidence may be given the caps (1 when none): a later merge must not exceed it. */
  ceiling: number;
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
    return { confidence: clamp(conf * WEIGHTS.warning ** warnings), expect, caps: [], ceiling: 1 };
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
  if (input.orders.length === 0) conf *= WEIGHTS.noOrders;
  conf *= WEIGHTS.warning ** warnings;
  conf *= input.modelFactor ?? 1;
  if (doubt) conf = Math.min(conf, WEIGHTS.hardCap);
  const caps = input.orders.length > 0 ? evidenceCaps(input) : [];
  const ceiling = ceilingOf(caps, input.thresholds?.auto ?? DEFAULT_THRESHOLDS.auto);
  conf = clamp(Math.min(conf, ceiling));
  let expect: ExpectedAction = hard || conf < reviewThreshold || c.kind === "amendment" ? "review" : "draft";
  if (input.exactDuplicate) expect = "ignore";
  // rounding must not lift a capped result onto the threshold
  const rounded = Math.round(conf * 1000) / 1000;
  return {
    confidence: rounded > ceiling ? Math.floor(conf * 1000) / 1000 : rounded,
    expect,
    fields,
    caps,
    ceiling,
  };
}
