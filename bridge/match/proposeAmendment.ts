import type { TransactionSql } from "postgres";
import { parseEmail } from "../extract/mime/parseEmail.ts";
import { describeChange } from "../extract/order/diffOrderLines.ts";
import type { ExtractionResult } from "../extract/types.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { findReplyParent, type ReplyParent } from "../threads/findReplyParent.ts";

/** The order an amendment is proposed on: one the bridge drafted, or one entered in Odoo (no draft). */
export type AmendedOrder = Omit<ReplyParent, "draftId"> & { draftId: number | null };

import { replyText } from "../threads/replyText.ts";

/**
 * An amendment never becomes a new order: it is proposed for review on the order it changes. The
 * order is found by the thread (In-Reply-To, References), the draft of the message it was linked to
 * (same PO number), or the customer's PO number in the subject; the line difference and the reply are
 * posted in that order's chatter (one `thread_post`, once per message). Returns the order found.
 */
export async function proposeAmendment(
  tx: TransactionSql,
  input: { messageRowId: number; raw: Buffer; result: ExtractionResult },
): Promise<AmendedOrder | null> {
  const { result } = input;
  if (!result.amends) return null;
  const email = await parseEmail(input.raw);
  let parent: AmendedOrder | null = await findReplyParent(tx, {
    inReplyTo: email.inReplyTo,
    references: email.references,
    subject: `${email.subject} ${result.amends.customer_reference}`,
    customerRef: result.customer_ref,
  });
  if (!parent && result.amends.of && /^\d+$/.test(result.amends.of)) {
    const [d] = await tx<
      { id: number; odoo_model: string | null; odoo_id: number; odoo_name: string | null }[]
    >`
      select id::int as id, odoo_model, odoo_id, odoo_name from order_intake.drafts
      where message_id = ${Number(result.amends.of)} and odoo_id is not null order by order_index limit 1`;
    if (d) {
      parent = {
        draftId: d.id,
        odooModel: d.odoo_model ?? "sale.order",
        odooId: d.odoo_id,
        odooName: d.odoo_name,
        matchedBy: "po_number",
      };
    }
  }
  if (!parent && result.amends.of?.startsWith("odoo:")) {
    // an order entered in Odoo (known from the catalog sync): posted on it, without a draft of ours
    const [o] = await tx<{ model: string | null; id: string | null }[]>`
      select data ->> 'odooModel' as model, data ->> 'odooId' as id from order_intake.seen_keys
      where kind = 'po' and message_key = ${result.amends.of} and data ? 'odooId' limit 1`;
    if (o?.id) {
      parent = {
        draftId: null,
        odooModel: o.model ?? "sale.order",
        odooId: Number(o.id),
        odooName: result.amends.of.slice(5),
        matchedBy: "po_number",
      };
    }
  }
  if (!parent) return null;
  const [post] = await tx<{ id: number }[]>`
    insert into order_intake.thread_posts (message_id, draft_id, odoo_model, odoo_id, matched_by)
    values (${input.messageRowId}, ${parent.draftId}, ${parent.odooModel}, ${parent.odooId}, ${parent.matchedBy})
    on conflict (message_id) do nothing returning id::int as id`;
  if (!post) return parent;
  const changes = result.amends.changes ?? [];
  const summary = [
    `Amendment of PO ${result.amends.customer_reference} received: proposed for review, not applied.`,
    ...(result.amends.changes === undefined
      ? ["- the order's lines are known to Odoo only: compare them with this message"]
      : changes.length > 0
        ? changes.map((c) => `- ${describeChange(c)}`)
        : ["- no line changes recognised"]),
    "",
  ].join("\n");
  await enqueueJob(tx, "thread_post", {
    threadPostId: post.id,
    from: email.from
      ? email.from.name
        ? `${email.from.name} <${email.from.address}>`
        : email.from.address
      : "",
    subject: email.subject.slice(0, 300),
    messageId: email.messageId ?? "",
    text: `${summary}\n${replyText(email.text)}`.slice(0, 4000),
    attachments: email.attachments
      .filter((a) => !a.inline)
      .map((a) => a.filename)
      .slice(0, 20),
  });
  return parent;
}
