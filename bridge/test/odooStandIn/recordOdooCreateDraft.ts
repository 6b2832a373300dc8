/**
 * Records what a real Odoo 18 with order_intake >= 18.0.1.1.0 answers to the one-call write-back
 * (sale.order.order_intake_create_draft), a method an older addon lacks, and a second plain create of
 * one Message-ID (the unique constraint), into recorded/*.json. Needs a customer C-9001 and a product
 * OI-1 (seedOdooCatalog). Run against a scratch database:
 *   ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_API_KEY=... npx tsx bridge/test/odooStandIn/recordOdooCreateDraft.ts
 */
import { writeFileSync } from "node:fs";
import xmlrpc from "xmlrpc";

const url = new URL(process.env.ODOO_URL!);
const db = process.env.ODOO_DB!;
const key = process.env.ODOO_API_KEY!;
const out = new URL("./recorded/", import.meta.url);
const client = (path: string) => xmlrpc.createClient({ host: url.hostname, port: Number(url.port), path });
const call = (c: xmlrpc.Client, method: string, params: unknown[]) =>
  new Promise<{ ok: true; value: unknown } | { ok: false; faultCode: unknown; faultString: string }>(
    (resolve, reject) =>
      c.methodCall(method, params, (err: unknown, value: unknown) => {
        const f = err as { faultCode?: unknown; faultString?: string } | null;
        if (f && f.faultString !== undefined)
          resolve({ ok: false, faultCode: f.faultCode, faultString: f.faultString });
        else if (err) reject(err);
        else resolve({ ok: true, value });
      }),
  );
const save = (name: string, data: unknown) =>
  writeFileSync(new URL(`${name}.json`, out), `${JSON.stringify(data, null, 2)}\n`);
const uid = (
  (await call(client("/xmlrpc/2/common"), "authenticate", [db, process.env.ODOO_USER, key, {}])) as {
    value: number;
  }
).value;
const object = client("/xmlrpc/2/object");
const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
  call(object, "execute_kw", [db, uid, key, model, method, args, kwargs]);
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
