/**
 * Records what a real Odoo 18 with order_intake >= 18.0.1.1.0 answers to the one-call write-back
 * (sale.order.order_intake_create_draft), a method an older addon lacks, and a second plain create of
 * one Message-ID (the unique constraint), into recorded/*.json. Needs a customer C-9001 and a product
 * OI-1 (seedOdooCatalog). Run against a scratch database:
 *   ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_API_KEY=... npx tsx bridge/test/odooStandIn/recordOdooCreateDraft.ts
 */
import { recorderConnection } from "./recorderConnection.ts";

const { env, out, login, executeKw, save } = recorderConnection();
const key = env("ODOO_API_KEY");
const kw = executeKw(await login(env("ODOO_USER"), key), key);
const first = async (model: string, domain: unknown[]) =>
  ((await kw(model, "search", [domain], { limit: 1 })) as { value: number[] }).value[0];

const partner = await first("res.partner", [["ref", "=", "C-9001"]]);
const product = await first("product.product", [["default_code", "=", "OI-1"]]);
const messageId = `<rec-create-draft-${Date.now()}@example>`;
const vals = {
  partner_id: partner,
  client_order_ref: "PO-REC-1",
  order_intake_message_id: messageId,
  order_intake_confidence: 0.9,
  order_intake_review_state: "to_review",
  order_line: [[0, 0, { product_id: product, product_uom_qty: 2, price_unit: 10 }]],
};
const args = [
  vals,
  [{ name: "order.eml", datas: Buffer.from("From: a@b.example\r\n\r\nhi").toString("base64") }],
  "Order Intake extraction: to review, confidence 90 %",
  { sender: "a@b.example", subject: "PO-REC-1", status: "to_review", module: "sales", message_id: messageId },
];
const context = { context: { order_intake_bridge: true } };
save(
  "sale_order_order_intake_create_draft",
  await kw("sale.order", "order_intake_create_draft", args, context),
);
save(
  "sale_order_order_intake_create_draft_again",
  await kw("sale.order", "order_intake_create_draft", args, context),
);
save("fault_create_duplicate_message_id", await kw("sale.order", "create", [vals], context));
save("fault_unknown_method", await kw("sale.order", "order_intake_no_such_method", [vals], context));
console.log("recorded into", out.pathname);
