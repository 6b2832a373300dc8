import type { OdooClient } from "./odooClient.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const lines = (s: string) => esc(s).replace(/\r?\n/g, "<br>");

/**
 * Posts a customer's reply in a record's chatter as an internal note (`mail.mt_note`: no follower is
 * emailed, the customer included). The customer's text is escaped here and sent with `body_is_html`
 * so its line breaks survive; nothing in it is markup. The body names the reply's Message-ID, so a run
 * again after a lost answer finds the note it made (Odoo stores it escaped: searched without `<>`).
 */
export async function postReplyToChatter(
  client: OdooClient,
  reply: {
    model: string;
    resId: number;
    from: string;
    subject: string;
    messageId: string;
    text: string;
    attachments: string[];
  },
): Promise<number> {
  const bare = reply.messageId.replace(/^<|>$/g, "");
  if (bare) {
    const [found] = await client.search(
      "mail.message",
      [
        ["model", "=", reply.model],
        ["res_id", "=", reply.resId],
        ["body", "ilike", bare],
      ],
      { limit: 1 },
    );
    if (found) return found;
  }
  const body =
    `<p><b>Customer reply</b> from ${esc(reply.from)}: ${esc(reply.subject)}` +
    (bare ? `<br>Message-ID: ${esc(reply.messageId)}` : "") +
    `</p><p>${reply.text ? lines(reply.text) : "(no text)"}</p>` +
    (reply.attachments.length > 0
      ? `<p>Attachments (not copied): ${esc(reply.attachments.join(", "))}</p>`
      : "");
  return client.executeKw<number>(
    reply.model,
    "message_post",
    [[reply.resId]],
    {
      body,
      body_is_html: true,
      message_type: "comment",
      subtype_xmlid: "mail.mt_note",
      context: bridgeContext,
    },
    { idempotent: false },
  );
}
