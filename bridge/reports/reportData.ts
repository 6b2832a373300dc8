/** Everything one report shows, computed once and rendered into the workbook and the email. */

export interface Money {
  currency: string;
  amount: number;
}

export interface ReportFigures {
  emailsReceived: number;
  ordersDrafted: number;
  /** Share of drafted orders confirmed without a person (0..1), null when none was drafted. */
  touchlessRate: number | null;
  autoConfirmed: number;
  approved: number;
  rejected: number;
  failed: number;
  /** Mean confidence (0..1) of the decisions on orders, null when there was none. */
  averageConfidence: number | null;
  /** Minutes from the email's arrival to its draft in Odoo, median and 95th percentile. */
  draftMinutesP50: number | null;
  draftMinutesP95: number | null;
  /** Untaxed value of the AI orders confirmed (auto or approved), per currency. */
  confirmedValue: Money[];
  /** Customer payments actually received in the period (Odoo's account.payment), per currency. */
  paymentsReceived: Money[];
}

export interface ReportOrderRow {
  receivedAt: Date;
  draftedAt: Date;
  order: string | null;
  customer: string | null;
  poNumber: string | null;
  /** draft | to confirm | confirmed | cancelled */
  status: string;
  /** auto | approved | rejected | pending | - */
  decidedBy: string;
  /** Who approved or rejected it (Slack or Odoo), when a person did. */
  approver: string | null;
  confidence: number | null;
  minutesToDraft: number;
  amount: number | null;
  currency: string | null;
}

export interface ReportFailureRow {
  at: Date;
  from: string | null;
  subject: string | null;
  stage: "reading" | "writing to Odoo";
  error: string;
}

export interface ReportPaymentRow {
  /** The payment's date (a calendar date, `2026-11-20`). */
  date: string;
  number: string;
  customer: string;
  journal: string;
  amount: number;
  currency: string;
  memo: string;
  status: string;
}

export interface ReportData {
  title: string;
  company: string;
  periodStart: Date;
  periodEnd: Date;
  timeZone: string;
  figures: ReportFigures;
  orders: ReportOrderRow[];
  failures: ReportFailureRow[];
  payments: ReportPaymentRow[];
  /** Why payments are missing (Odoo not configured), shown in the report instead of a wrong zero. */
  paymentsNote?: string;
}

/** Nearest-rank percentile of sorted or unsorted values, null for none. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function sumByCurrency(items: Array<{ currency: string | null; amount: number | null }>): Money[] {
  const totals = new Map<string, number>();
  for (const i of items) {
    if (i.amount === null || !i.currency) continue;
    totals.set(i.currency, Math.round(((totals.get(i.currency) ?? 0) + i.amount) * 100) / 100);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amount]) => ({ currency, amount }));
}

/** The Summary figures from the sheets' rows: one definition, so the sheets and the summary agree. */
export function figuresFrom(input: {
  emailsReceived: number;
  confidences: number[];
  orders: ReportOrderRow[];
  failures: ReportFailureRow[];
  payments: ReportPaymentRow[];
}): ReportFigures {
  const { orders } = input;
  const autoConfirmed = orders.filter((o) => o.status === "confirmed" && o.decidedBy === "auto").length;
  const minutes = orders.map((o) => o.minutesToDraft);
  return {
    emailsReceived: input.emailsReceived,
    ordersDrafted: orders.length,
    touchlessRate: orders.length > 0 ? autoConfirmed / orders.length : null,
    autoConfirmed,
    approved: orders.filter((o) => o.decidedBy === "approved").length,
    rejected: orders.filter((o) => o.status === "cancelled").length,
    failed: input.failures.length,
    averageConfidence:
      input.confidences.length > 0
        ? input.confidences.reduce((a, b) => a + b, 0) / input.confidences.length
        : null,
    draftMinutesP50: percentile(minutes, 50),
    draftMinutesP95: percentile(minutes, 95),
    confirmedValue: sumByCurrency(orders.filter((o) => o.status === "confirmed")),
    paymentsReceived: sumByCurrency(input.payments),
  };
}
