import { createHash } from "node:crypto";
import type { Sql } from "postgres";
import type { ExtractionResult, Reason } from "../extract/types.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import type { ApprovalLine, ApprovalState, ApprovalView } from "./buildApprovalMessage.ts";

/** Everything the bridge knows about one approval, from its own tables. */
export interface ApprovalRow {
  id: number;
  draft_id: number;
  slack_channel: string | null;
  slack_ts: string | null;
  state: ApprovalState;
  decision: "approve" | "reject" | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  claim_key: string | null;
  error: string | null;
  draft_state: string;
  odoo_model: string | null;
  odoo_id: number | null;
  odoo_name: string | null;
  order_index: number;
  customer_ref: string | null;
  message_row: number;
  mailbox_id: number;
  module: string;
  /** What the bridge decided: draft (at or above the auto threshold), review, reject. */
  decision_action: string;
  confidence: number;
  reasons: Reason[];
  result: ExtractionResult | null;
}

export async function readApproval(sql: Sql, approvalId: number): Promise<ApprovalRow | undefined> {
  const [row] = await sql<ApprovalRow[]>`
    select a.id::int as id, a.draft_id::int as draft_id, a.slack_channel, a.slack_ts, a.state, a.decision,
           a.decided_by, a.decided_by_name, a.decided_at, a.claim_key, a.error,
           d.state as draft_state, d.odoo_model, d.odoo_id, d.odoo_name, d.order_index, d.customer_ref,
           m.id::int as message_row, m.mailbox_id, dc.module, dc.action as decision_action,
           dc.confidence, dc.reasons,
           (select e.result from order_intake.extractions e where e.message_id = m.id
            order by (e.extractor = 'merged') desc, e.id desc limit 1) as result
    from order_intake.approvals a
    join order_intake.drafts d on d.id = a.draft_id
    join order_intake.messages m on m.id = d.message_id
    join order_intake.decisions dc on dc.message_id = m.id
    where a.id = ${approvalId}`;
  return row;
}

/** The link that opens a record in Odoo 17 and 18 (18 turns the legacy hash into its /odoo/ path). */
export function odooRecordUrl(base: string | undefined, model: string, id: number): string | null {
  if (!base) return null;
  return `${base.replace(/\/+$/, "")}/web#id=${id}&model=${encodeURIComponent(model)}&view_type=form`;
}

/** A line of the written draft as Odoo reads it. */
interface OdooDraftLine {
  product_id: [number, string] | false;
  price_unit: number | false;
  price_subtotal: number | false;
  display_type: string | false;
}

const numberOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Odoo's display name of a product, "[CODE] Name", as its code and its name. */
export function splitProductName(
  product: [number, string] | false,
): { code: string | null; name: string } | null {
  if (!product) return null;
  const m = /^\[([^\]]+)\]\s*(.*)$/s.exec(product[1]);
  return m ? { code: m[1]!, name: m[2]! || m[1]! } : { code: null, name: product[1] };
}

/** A short tag that changes whenever the approval or one of its picks does (new block ids per update). */
function revisionOf(
  row: ApprovalRow,
  picks: Array<{ line_index: number; product_code: string; state: string }>,
): string {
  const text = [
    row.state,
    row.decided_by,
    row.error,
    ...picks.map((p) => `${p.line_index}:${p.product_code}:${p.state}`),
  ].join("|");
  return createHash("sha256").update(text).digest("base64url").slice(0, 8);
}

/** Lines below this confidence get a product select in Slack. */
export const lowLineConfidence = 0.8;

/**
 * Builds what the approval message shows: the order as extracted, the decision and its reasons, the
 * picks made in Slack, and from Odoo the customer's name and the list prices of the products.
 */
export async function loadApprovalView(deps: {
  sql: Sql;
  odoo: OdooClient;
  approvalId: number;
  odooPublicUrl: string | undefined;
}): Promise<{ row: ApprovalRow; view: ApprovalView } | undefined> {
  const row = await readApproval(deps.sql, deps.approvalId);
  if (!row) return undefined;
  const order = row.result?.orders[row.order_index];
  const extracted = order?.lines ?? [];
  const picks = await deps.sql<
    {
      line_index: number;
      product_code: string;
      picked_by_name: string | null;
      picked_by: string;
      state: string;
      error: string | null;
    }[]
  >`
    select distinct on (line_index) line_index, product_code, picked_by_name, picked_by, state, error
    from order_intake.approval_picks where approval_id = ${row.id}
    order by line_index, id desc`;
  const pickByLine = new Map(picks.map((p) => [p.line_index, p]));

  let customer = row.customer_ref ?? "unknown customer";
  let odooState: string | null = null;
  let odooTotal: number | null = null;
  let odooCurrency: string | null = null;
  let draftLines: OdooDraftLine[] = [];
  const model = row.odoo_model ?? "sale.order";
  if (row.odoo_id) {
    // The draft as Odoo priced it: a line without a price in the order has the pricelist's price there.
    const [so] = await deps.odoo.read<{
      partner_id: [number, string] | false;
      state: string;
      amount_untaxed?: number | false;
      currency_id?: [number, string] | false;
    }>(model, [row.odoo_id], ["partner_id", "state", "amount_untaxed", "currency_id"]);
    if (so?.partner_id) customer = so.partner_id[1];
    odooState = so?.state ?? null;
    odooTotal = typeof so?.amount_untaxed === "number" ? so.amount_untaxed : null;
    odooCurrency = so?.currency_id ? so.currency_id[1] : null;
    if (model === "sale.order" && so) {
      draftLines = await deps.odoo.searchRead<OdooDraftLine>(
        "sale.order.line",
        [["order_id", "=", row.odoo_id]],
        ["product_id", "price_unit", "price_subtotal", "display_type"],
        { order: "sequence,id" },
      );
    }
  }
  // The draft's lines follow the order's lines one for one when it was written from them; otherwise
  // (a line added or removed in Odoo) only the order's total is taken from Odoo.
  const parallel = draftLines.length === extracted.length ? draftLines : null;
  const codes = [
    ...new Set(
      [...extracted.map((l) => l.default_code), ...picks.map((p) => p.product_code)].filter(
        (c): c is string => Boolean(c),
      ),
    ),
  ];
  const products = codes.length
    ? await deps.odoo.searchRead<{ default_code: string; list_price: number; name: string }>(
        "product.product",
        [["default_code", "in", codes]],
        ["default_code", "list_price", "name"],
      )
    : [];
  const listPrice = new Map(products.map((p) => [p.default_code, p.list_price]));
  const productName = new Map(products.map((p) => [p.default_code, p.name]));

  const lines: ApprovalLine[] = extracted.map((l, i) => {
    const pick = pickByLine.get(i);
    const onDraft = parallel?.[i];
    const product = onDraft && !onDraft.display_type ? splitProductName(onDraft.product_id) : null;
    const code = l.default_code;
    const shownCode = pick?.state === "applied" ? pick.product_code : code;
    return {
      code,
      // what the draft's line holds in Odoo (its product's name), else our product of that code
      productName:
        product && (!shownCode || !product.code || product.code === shownCode)
          ? product.name
          : shownCode
            ? (productName.get(shownCode) ?? null)
            : null,
      description: l.description,
      quantity: l.quantity,
      uom: l.uom,
      unitPrice: l.unit_price,
      odooUnitPrice: onDraft && !onDraft.display_type ? numberOrNull(onDraft.price_unit) : null,
      odooSubtotal: onDraft && !onDraft.display_type ? numberOrNull(onDraft.price_subtotal) : null,
      confidence: l.confidence ?? null,
      listPrice: l.default_code ? (listPrice.get(l.default_code) ?? null) : null,
      candidates: (l.candidates ?? []).map((c) => ({ code: c.default_code, name: c.name, score: c.score })),
      picked: pick
        ? {
            code: pick.product_code,
            by: pick.picked_by_name ?? pick.picked_by,
            state: pick.state as "pending" | "applied" | "failed",
            error: pick.error,
          }
        : null,
    };
  });
  const computed = lines.every((l) => l.unitPrice !== null)
    ? Math.round(lines.reduce((s, l) => s + (l.unitPrice ?? 0) * l.quantity, 0) * 100) / 100
    : null;
  // Odoo's review threshold (settings.updated), 0..100; DESIGN's default is 70
  const [settings] = await deps.sql<{ review: string | null; auto: string | null }[]>`
    select values -> 'thresholds' ->> 'review' as review, values -> 'thresholds' ->> 'auto' as auto
    from order_intake.settings order by updated_at desc limit 1`;
  const review = Number(settings?.review ?? 70);
  const auto = Number(settings?.auto ?? 95);
  const amends = row.result?.amends;
  const via = row.decided_by?.startsWith("odoo:") ? "odoo" : "slack";
  const view: ApprovalView = {
    approvalId: row.id,
    customer,
    poNumber: order?.customer_reference ?? null,
    orderDate: order?.order_date ?? null,
    deliveryDate: order?.delivery_date ?? null,
    currency: order?.currency ?? odooCurrency,
    // Odoo's untaxed amount of the priced draft; before the draft exists, the order's own figures
    ...(odooTotal !== null
      ? { total: odooTotal, totalSource: "odoo" as const }
      : order?.total_untaxed !== null && order?.total_untaxed !== undefined
        ? { total: order.total_untaxed, totalSource: "stated" as const }
        : { total: computed, totalSource: "computed" as const }),
    confidence: row.confidence,
    reasons: row.reasons ?? [],
    lines,
    amendment: amends
      ? {
          poNumber: amends.customer_reference,
          changes: (row.reasons ?? []).filter((r) => r.code === "amendment.change").map((r) => r.message),
        }
      : null,
    odoo: {
      name: row.odoo_name,
      url: row.odoo_id ? odooRecordUrl(deps.odooPublicUrl, model, row.odoo_id) : null,
    },
    status: {
      state: row.state,
      decision: row.decision,
      by: row.decided_by_name ?? (via === "odoo" ? null : row.decided_by),
      // timestamps may come back as text from the driver
      at: row.decided_at ? new Date(row.decided_at) : null,
      via: row.decided_by ? via : null,
      error: row.error,
      draftState: odooState === "sale" ? "confirmed" : odooState === "cancel" ? "cancelled" : row.draft_state,
    },
    lowConfidence: lowLineConfidence,
    minApproveConfidence: Number.isFinite(review) ? review / 100 : 0.7,
    automatic:
      row.decision_action === "draft" &&
      row.confidence >= (Number.isFinite(auto) ? auto / 100 : 0.95) &&
      !(row.reasons ?? []).some((r) => r.severity === "hard"),
    revision: revisionOf(row, picks),
  };
  return { row, view };
}
