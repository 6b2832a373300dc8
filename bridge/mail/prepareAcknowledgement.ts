import { parseEmail } from "../extract/mime/parseEmail.ts";
import { checkSenderAuthenticity } from "../extract/mime/senderAuthenticity.ts";
import type { ExtractionResult } from "../extract/types.ts";
import { detectLanguage, normaliseLanguage } from "./detectLanguage.ts";
import { domainOf, type EmailToQueue } from "./queueEmail.ts";
import { replySubject } from "./renderEmail.ts";

/**
 * The acknowledgement of one message, threaded to it (In-Reply-To its Message-ID, References its
 * References plus its Message-ID), to the verified sender only (P14): the From address, never Reply-To
 * (a forged order redirects replies there), and nothing when the receiving server's checks failed for
 * the From address; in the customer's language: the partner's language when the catalog knows it,
 * else the language of the email's words. Null when there is no one to answer (or the sender is the
 * mailbox itself).
 */
export async function prepareAcknowledgement(deps: {
  mailbox: { id: number; address: string; name: string | null };
  messageRowId: number;
  raw: Buffer;
  result: ExtractionResult;
  partnerLanguage?: string | null;
}): Promise<EmailToQueue | null> {
  const email = await parseEmail(deps.raw);
  const to = checkSenderAuthenticity({
    raw: deps.raw,
    from: email.from,
    replyTo: email.replyTo,
    customer: null,
    ownDomain: "",
  }).acknowledgeTo;
  if (!to || to.toLowerCase() === deps.mailbox.address.toLowerCase()) return null;
  const original = email.messageId
    ? email.messageId.startsWith("<")
      ? email.messageId
      : `<${email.messageId}>`
    : null;
  const references = [
    ...email.references.map((r) => (r.startsWith("<") ? r : `<${r}>`)),
    ...(original ? [original] : []),
  ];
  const language =
    normaliseLanguage(deps.partnerLanguage) ??
    detectLanguage(`${email.subject}\n${email.text.slice(0, 5000)}`);
  return {
    mailboxId: deps.mailbox.id,
    messageId: deps.messageRowId,
    kind: "acknowledgement",
    dedupeKey: `ack:${deps.messageRowId}`,
    to,
    subject: replySubject(email.subject),
    language,
    inReplyTo: original,
    references: references.length ? references.join(" ") : null,
    data: {
      poNumbers: deps.result.orders.map((o) => o.customer_reference).filter((p): p is string => Boolean(p)),
      signature: deps.mailbox.name ?? deps.mailbox.address,
    },
    domain: domainOf(deps.mailbox.address),
  };
}
