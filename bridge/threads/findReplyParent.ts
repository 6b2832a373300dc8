import type { TransactionSql } from "postgres";

export interface ReplyParent {
  draftId: number;
  odooModel: string;
  odooId: number;
  odooName: string | null;
  matchedBy: "in_reply_to" | "references" | "acknowledgement" | "po_number";
}

interface Row {
  draft_id: number;
  odoo_model: string | null;
  odoo_id: number;
  odoo_name: string | null;
}

/**
 * The order a reply belongs to: its In-Reply-To, then its References (newest first), looked up among
 * the messages we read (their drafts) and the emails we sent (acknowledgements, `sent_emails`); then,
 * for a known customer, a PO number of theirs that the subject names. Only drafts written to Odoo
 * count: a reply is posted in the chatter of a real record.
 */
export async function findReplyParent(
  tx: TransactionSql,
  reply: { inReplyTo: string | null; references: string[]; subject: string; customerRef: string | null },
): Promise<ReplyParent | null> {
  const ids = [
    ...(reply.inReplyTo ? [{ id: reply.inReplyTo, how: "in_reply_to" as const }] : []),
    ...[...reply.references].reverse().map((id) => ({ id, how: "references" as const })),
  ];
  for (const { id, how } of ids) {
    const [own] = await tx<Row[]>`
      select d.id::int as draft_id, d.odoo_model, d.odoo_id, d.odoo_name
      from order_intake.messages m join order_intake.drafts d on d.message_id = m.id
      where m.message_id = ${id} and d.odoo_id is not null order by d.order_index limit 1`;
    if (own)
      return {
        draftId: own.draft_id,
        odooModel: own.odoo_model ?? "sale.order",
        odooId: own.odoo_id,
        odooName: own.odoo_name,
        matchedBy: how,
      };
    const [ack] = await tx<Row[]>`
      select d.id::int as draft_id, d.odoo_model, d.odoo_id, d.odoo_name
      from order_intake.sent_emails s join order_intake.drafts d on d.message_id = s.message_id
      where s.email_message_id = ${id} and d.odoo_id is not null order by d.order_index limit 1`;
    if (ack)
      return {
        draftId: ack.draft_id,
        odooModel: ack.odoo_model ?? "sale.order",
        odooId: ack.odoo_id,
        odooName: ack.odoo_name,
        matchedBy: "acknowledgement",
      };
  }
  if (!reply.customerRef) return null;
  const candidates = await tx<(Row & { po_number: string })[]>`
    select d.id::int as draft_id, d.odoo_model, d.odoo_id, d.odoo_name, d.po_number
    from order_intake.drafts d
    where d.customer_ref = ${reply.customerRef} and d.po_number is not null and d.odoo_id is not null
    order by d.created_at desc limit 200`;
  const subject = ` ${reply.subject.toLowerCase()} `;
  const hit = candidates.find((c) => {
    const po = c.po_number.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return c.po_number.length >= 3 && new RegExp(`[^\\p{L}\\p{N}]${po}[^\\p{L}\\p{N}]`, "u").test(subject);
  });
  return hit
    ? {
        draftId: hit.draft_id,
        odooModel: hit.odoo_model ?? "sale.order",
        odooId: hit.odoo_id,
        odooName: hit.odoo_name,
        matchedBy: "po_number",
      }
    : null;
}
