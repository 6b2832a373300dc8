import type { TransactionSql } from "postgres";
import { parseEmail } from "../extract/mime/parseEmail.ts";
import type { ExtractionResult } from "../extract/types.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { findReplyParent } from "./findReplyParent.ts";
import { replyText } from "./replyText.ts";

/**
 * Whether a decided message can be a reply that changes nothing: no order line in it and not an
 * amendment (those go through P3's path). The reader often calls a short "thanks, received" under an
 * order's subject an order without lines; it only becomes a thread post if it answers one of ours.
 */
export function isConversationReply(result: ExtractionResult): boolean {
  if (result.amends || result.kind === "amendment") return false;
  return result.kind === "not_an_order" || result.orders.every((o) => o.lines.length === 0);
}

/**
 * Called by `message_process` in the transaction that stores the decision: a reply that does not
 * change an order (amendments go through P3's path) and belongs to an order we drafted is queued to
 * be posted in that order's chatter (`thread_post`, once per message thanks to `thread_posts`).
 * Returns how the order was found, or null when the message is not such a reply.
 */
export async function routeReply(
  tx: TransactionSql,
  input: { messageRowId: number; raw: Buffer; result: ExtractionResult },
): Promise<string | null> {
  if (!isConversationReply(input.result)) return null;
  const email = await parseEmail(input.raw);
  if (
    !email.inReplyTo &&
    email.references.length === 0 &&
    !/^\s*(re|aw|sv|antw|réf|rif)\s*:/i.test(email.subject)
  ) {
    return null;
  }
  const parent = await findReplyParent(tx, {
    inReplyTo: email.inReplyTo,
    references: email.references,
    subject: email.subject,
    customerRef: input.result.customer_ref,
  });
  if (!parent) return null;
  const [post] = await tx<{ id: number }[]>`
    insert into order_intake.thread_posts (message_id, draft_id, odoo_model, odoo_id, matched_by)
    values (${input.messageRowId}, ${parent.draftId}, ${parent.odooModel}, ${parent.odooId}, ${parent.matchedBy})
    on conflict (message_id) do nothing returning id::int as id`;
  if (!post) return parent.matchedBy;
  const from = email.from
    ? email.from.name
      ? `${email.from.name} <${email.from.address}>`
      : email.from.address
    : "unknown sender";
  await enqueueJob(tx, "thread_post", {
    threadPostId: post.id,
    from,
    subject: email.subject.slice(0, 300),
    messageId: email.messageId ?? "",
    text: replyText(email.text),
    attachments: email.attachments
      .filter((a) => !a.inline)
      .map((a) => a.filename)
      .slice(0, 20),
  });
  return parent.matchedBy;
}
