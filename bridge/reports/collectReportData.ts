import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { readPaymentsReceived, readSaleOrderSummaries } from "../odoo/readPayments.ts";
import {
  figuresFrom,
  type ReportData,
  type ReportFailureRow,
  type ReportOrderRow,
  type ReportPaymentRow,
} from "./reportData.ts";
import { localDateKey } from "./zonedTime.ts";

export interface ReportScope {
  odooDatabase: string;
  companyId: number;
  companyName?: string;
  periodStart: Date;
  periodEnd: Date;
  timeZone: string;
}

interface DraftRow {
  message_created: Date;
  draft_created: Date;
  odoo_id: number | null;
  odoo_name: string | null;
  customer_ref: string | null;
  po_number: string | null;
  state: string;
  approval: string | null;
  approver: string | null;
  odoo_decision: string | null;
  odoo_reviewer: string | null;
  confidence: number | null;
  order_total: string | null;
  order_currency: string | null;
}

const stateLabel: Record<string, string> = {
  created: "draft",
  confirmed: "confirmed",
  cancelled: "cancelled",
};

/**
 * Reads what happened in `[periodStart, periodEnd)` for one company: messages, decisions, drafts and
 * approvals from the bridge's tables; the drafts' names, customers and amounts and the payments
 * received from Odoo (when configured). Messages of local folder sources count for every company.
 */
export async function collectReportData(
  deps: { handle: DatabaseHandle; odoo?: () => Promise<OdooClient> },
  scope: ReportScope,
): Promise<ReportData> {
  const { sql } = deps.handle;
  // ISO strings: drizzle replaces postgres.js's Date serializer for timestamps on this connection
  const start = scope.periodStart.toISOString();
  const end = scope.periodEnd.toISOString();
  const inScope = sql`(b.odoo_database is null or (b.odoo_database = ${scope.odooDatabase} and b.company_id = ${scope.companyId}))`;

  const [{ count: emailsReceived } = { count: 0 }] = await sql<{ count: number }[]>`
    select count(*)::int as count from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
    where m.created_at >= ${start} and m.created_at < ${end} and ${inScope}`;

  const confidences = await sql<{ confidence: number }[]>`
    select d.confidence from order_intake.decisions d
    join order_intake.messages m on m.id = d.message_id join order_intake.mailboxes b on b.id = m.mailbox_id
    where d.created_at >= ${start} and d.created_at < ${end} and d.kind <> 'not_an_order' and ${inScope}`;

  const drafts = await sql<DraftRow[]>`
    select m.created_at as message_created, d.created_at as draft_created, d.odoo_id, d.odoo_name,
           d.customer_ref, d.po_number, d.state, a.state as approval, a.decided_by_name as approver,
           r.decision as odoo_decision, r.reviewer as odoo_reviewer, dec.confidence,
           (e.result -> 'orders' -> d.order_index ->> 'total_untaxed') as order_total,
           (e.result -> 'orders' -> d.order_index ->> 'currency') as order_currency
    from order_intake.drafts d
    join order_intake.messages m on m.id = d.message_id
    join order_intake.mailboxes b on b.id = m.mailbox_id
    left join order_intake.decisions dec on dec.message_id = m.id
    left join order_intake.approvals a on a.draft_id = d.id
    left join lateral (select result from order_intake.extractions x where x.message_id = m.id
                       order by (x.extractor = 'merged') desc, x.id desc limit 1) e on true
    -- a person who confirmed or cancelled the draft in Odoo (draft.reviewed), the last word first
    left join lateral (select w.payload -> 'data' ->> 'decision' as decision,
                              coalesce(w.payload -> 'data' -> 'user' ->> 'name', w.payload -> 'data' -> 'user' ->> 'login') as reviewer
                       from order_intake.webhook_deliveries w
                       where w.event = 'draft.reviewed' and w.odoo_database = ${scope.odooDatabase}
                         and w.payload -> 'data' ->> 'model' = d.odoo_model
                         and w.payload -> 'data' ->> 'res_id' = d.odoo_id::text
                         and w.payload -> 'data' ->> 'decision' in ('confirmed', 'cancelled')
                       order by w.id desc limit 1) r on true
    where d.created_at >= ${start} and d.created_at < ${end} and d.odoo_id is not null and ${inScope}
    order by d.created_at, d.id`;

  const failedMessages = await sql<
    { at: Date; from: string | null; subject: string | null; error: string | null }[]
  >`
    select m.created_at as at, m.from_address as from, m.subject, m.error from order_intake.messages m
    join order_intake.mailboxes b on b.id = m.mailbox_id
    where m.status = 'failed' and m.created_at >= ${start} and m.created_at < ${end} and ${inScope}`;
  const failedDrafts = await sql<
    { at: Date; from: string | null; subject: string | null; error: string | null }[]
  >`
    select d.created_at as at, m.from_address as from, m.subject, d.error from order_intake.drafts d
    join order_intake.messages m on m.id = d.message_id join order_intake.mailboxes b on b.id = m.mailbox_id
    where d.state = 'failed' and d.created_at >= ${start} and d.created_at < ${end} and ${inScope}`;

  const client = deps.odoo ? await deps.odoo() : undefined;
  const odooOrders = client
    ? new Map(
        (
          await readSaleOrderSummaries(
            client,
            drafts.flatMap((d) => (d.odoo_id ? [d.odoo_id] : [])),
          )
        ).map((o) => [o.id, o]),
      )
    : new Map();

  const orders: ReportOrderRow[] = drafts.map((d) => {
    const o = d.odoo_id ? odooOrders.get(d.odoo_id) : undefined;
    const state = o
      ? ({ sale: "confirmed", cancel: "cancelled" }[o.state as string] ?? "draft")
      : (stateLabel[d.state] ?? d.state);
    // touchless = confirmed with no person: not approved in Slack, not confirmed by someone in Odoo
    const byPerson = d.approval === "approved" || d.odoo_decision === "confirmed";
    const decidedBy =
      state === "confirmed"
        ? byPerson
          ? "approved"
          : "auto"
        : state === "cancelled" || d.approval === "rejected"
          ? "rejected"
          : d.approval === "pending" || d.approval === "deciding" || d.approval === "failed"
            ? "pending"
            : "-";
    return {
      receivedAt: new Date(d.message_created),
      draftedAt: new Date(d.draft_created),
      order: o?.name ?? d.odoo_name,
      customer: o?.partner_id ? o.partner_id[1] : d.customer_ref,
      poNumber: d.po_number,
      status: state,
      decidedBy,
      approver: decidedBy === "auto" ? null : (d.approver ?? d.odoo_reviewer),
      confidence: d.confidence,
      minutesToDraft:
        Math.round(
          ((new Date(d.draft_created).getTime() - new Date(d.message_created).getTime()) / 60000) * 10,
        ) / 10,
      amount: o ? o.amount_untaxed : d.order_total !== null ? Number(d.order_total) : null,
      currency: o?.currency_id ? o.currency_id[1] : d.order_currency,
    };
  });

  const failures: ReportFailureRow[] = [
    ...failedMessages.map((f) => ({
      ...f,
      at: new Date(f.at),
      stage: "reading" as const,
      error: f.error ?? "",
    })),
    ...failedDrafts.map((f) => ({
      ...f,
      at: new Date(f.at),
      stage: "writing to Odoo" as const,
      error: f.error ?? "",
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const payments: ReportPaymentRow[] = client
    ? (
        await readPaymentsReceived(client, {
          companyId: scope.companyId,
          from: localDateKey(scope.periodStart, scope.timeZone),
          to: localDateKey(scope.periodEnd, scope.timeZone),
        })
      ).map((p) => ({
        date: p.date,
        number: p.name || `#${p.id}`,
        customer: p.partner_id ? p.partner_id[1] : "",
        journal: p.journal_id ? p.journal_id[1] : "",
        amount: p.amount,
        currency: p.currency_id ? p.currency_id[1] : "",
        memo: p.memo || "",
        status: p.state === "paid" ? "paid" : "posted",
      }))
    : [];

  return {
    title: "Order Intake report",
    company: scope.companyName ?? scope.odooDatabase,
    periodStart: scope.periodStart,
    periodEnd: scope.periodEnd,
    timeZone: scope.timeZone,
    figures: figuresFrom({
      emailsReceived,
      confidences: confidences.map((c) => c.confidence),
      orders,
      failures,
      payments,
    }),
    orders,
    failures,
    payments,
    paymentsNote: client ? undefined : "Odoo is not configured: payments cannot be read.",
  };
}
