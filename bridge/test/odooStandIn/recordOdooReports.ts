/**
 * Records what a real Odoo 18 answers to the calls of reports, outbound endpoints and threaded replies
 * (P8), into recorded/*.json next to recordOdoo.ts's files. Run against a scratch database with
 * sale_management, account and order_intake installed:
 *   ODOO_URL=http://127.0.0.1:8078 ODOO_DB=oi_p8 ODOO_USER=admin ODOO_API_KEY=... \
 *   npx tsx bridge/test/odooStandIn/recordOdooReports.ts
 */
import { recorderConnection, answerValue as value } from "./recorderConnection.ts";

const { env, login, executeKw, save } = recorderConnection();
const key = env("ODOO_API_KEY");
const kw = executeKw(await login(env("ODOO_USER"), key), key);

const fieldsGet: Record<string, unknown> = {};
for (const model of [
  "account.payment",
  "account.journal",
  "order.intake.report",
  "order.intake.outbound.endpoint",
]) {
  fieldsGet[model] = value(
    await kw(model, "fields_get", [], {
      attributes: ["type", "string", "relation", "required", "readonly", "selection"],
    }),
  );
}
save("fields_get_reports", fieldsGet);

// a customer payment, posted: what "payments received" reads
const partner = value<number>(
  await kw("res.partner", "create", [{ name: "Report Test Customer", is_company: true }]),
);
const [journal] = value<number[]>(
  await kw("account.journal", "search", [[["type", "=", "bank"]]], { limit: 1 }),
);
const paymentId = value<number>(
  await kw("account.payment", "create", [
    {
      payment_type: "inbound",
      partner_type: "customer",
      partner_id: partner,
      amount: 1234.5,
      journal_id: journal,
      memo: "INV/2026/00042",
    },
  ]),
);
save(
  "account_payment_draft_read",
  await kw("account.payment", "read", [[paymentId]], { fields: ["state", "name"] }),
);
save("account_payment_action_post", await kw("account.payment", "action_post", [[paymentId]]));
const today = new Date().toISOString().slice(0, 10);
save(
  "account_payment_search_read",
  await kw(
    "account.payment",
    "search_read",
    [
      [
        ["company_id", "=", 1],
        ["payment_type", "=", "inbound"],
        ["partner_type", "=", "customer"],
        ["state", "in", ["in_process", "paid"]],
        ["date", ">=", today],
        ["date", "<", "2999-01-01"],
      ],
    ],
    {
      fields: ["name", "date", "partner_id", "journal_id", "amount", "currency_id", "memo", "state"],
      order: "date, id",
    },
  ),
);

// the report log the bridge writes
const runId = Math.floor(Date.now() / 1000) % 1_000_000_000;
const reportId = value<number>(
  await kw("order.intake.report", "create", [
    {
      name: "Report 2026-11-21",
      kind: "scheduled",
      bridge_run_id: runId,
      state: "failed",
      attempts: 1,
      error: "SMTP: 421",
      company_id: 1,
    },
  ]),
);
save("order_intake_report_create", { ok: true, value: reportId });
save(
  "order_intake_report_search",
  await kw("order.intake.report", "search", [[["bridge_run_id", "=", runId]]], { limit: 1 }),
);
save(
  "order_intake_report_write",
  await kw("order.intake.report", "write", [[reportId], { state: "sent", error: false }]),
);
save(
  "fault_order_intake_report_duplicate_run",
  await kw("order.intake.report", "create", [{ name: "again", bridge_run_id: runId, company_id: 1 }]),
);
save(
  "fault_order_intake_report_bad_state",
  await kw("order.intake.report", "create", [{ name: "x", state: "nonsense" }]),
);

// a customer's reply posted as a note in the order's chatter
const product =
  value<number[]>(await kw("product.product", "search", [[["sale_ok", "=", true]]], { limit: 1 }))[0] ??
  value<number>(await kw("product.product", "create", [{ name: "Report Test Product", list_price: 10 }]));
const order = value<number>(
  await kw("sale.order", "create", [
    { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] },
  ]),
);
const body =
  "Customer reply from Anna <anna@example.com>: Re: PO 4711\nMessage-ID: <reply-1@example.com>\n\nThanks, received.\n<b>not bold</b>";
const post = await kw("sale.order", "message_post", [[order]], {
  body,
  message_type: "comment",
  subtype_xmlid: "mail.mt_note",
  context: { order_intake_bridge: true, tracking_disable: false },
});
save("sale_order_message_post_reply", post);
save(
  "mail_message_read_reply",
  await kw("mail.message", "read", [[value<number>(post)]], {
    fields: ["body", "message_type", "subtype_id", "model", "res_id"],
  }),
);
save(
  "mail_message_search_reply",
  await kw(
    "mail.message",
    "search",
    [
      [
        ["model", "=", "sale.order"],
        ["res_id", "=", order],
        ["body", "ilike", "<reply-1@example.com>"],
      ],
    ],
    { limit: 1 },
  ),
);
// with body_is_html (Odoo 17+): the bridge escapes the customer's text itself and keeps line breaks
const htmlPost = await kw("sale.order", "message_post", [[order]], {
  body: "<p>Customer reply from Anna &lt;anna@example.com&gt;<br>Message-ID: &lt;reply-2@example.com&gt;</p><p>Thanks,<br>received. &lt;b&gt;x&lt;/b&gt;</p>",
  body_is_html: true,
  message_type: "comment",
  subtype_xmlid: "mail.mt_note",
  context: { order_intake_bridge: true, tracking_disable: false },
});
save("sale_order_message_post_reply_html", htmlPost);
save(
  "mail_message_read_reply_html",
  await kw("mail.message", "read", [[value<number>(htmlPost)]], {
    fields: ["body", "message_type", "subtype_id"],
  }),
);
save(
  "mail_message_search_reply_html",
  await kw(
    "mail.message",
    "search",
    [
      [
        ["model", "=", "sale.order"],
        ["res_id", "=", order],
        ["body", "ilike", "reply-2@example.com"],
      ],
    ],
    { limit: 1 },
  ),
);
console.log("recorded");
