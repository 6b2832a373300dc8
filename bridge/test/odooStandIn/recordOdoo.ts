/**
 * Records what a real Odoo answers to the calls the bridge makes, into recorded/*.json: the stand-in
 * serves behaviour copied from these files. Run against a scratch database (it creates records):
 *   ODOO_URL=http://127.0.0.1:8075 ODOO_DB=oi_p5 ODOO_USER=admin ODOO_API_KEY=... \
 *   [ODOO_LIMITED_USER=... ODOO_LIMITED_KEY=...] npx tsx bridge/test/odooStandIn/recordOdoo.ts
 */
import { recorderConnection } from "./recorderConnection.ts";

const { env, db, out, common, object, call, login, executeKw, save } = recorderConnection();
const key = env("ODOO_API_KEY");

const version = await call(common, "version", []);
save("version", version);
save(
  "authenticate_bad_credentials",
  await call(common, "authenticate", [db, process.env.ODOO_USER, "wrong-key", {}]),
);
const auth = await call(common, "authenticate", [db, process.env.ODOO_USER, key, {}]);
const uid = (auth as { value: number }).value;
save("authenticate_ok", auth);
const kw = (
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
  as = { uid, key },
) => executeKw(as.uid, as.key)(model, method, args, kwargs);
save(
  "execute_kw_bad_credentials",
  await call(object, "execute_kw", [db, uid, "wrong-key", "res.partner", "search", [[]], { limit: 1 }]),
);

const fieldsOf = [
  "res.partner",
  "product.product",
  "uom.uom",
  "res.currency",
  "product.pricelist",
  "sale.order",
  "sale.order.line",
  "ir.attachment",
  "mail.message",
  "order.intake.log",
  "order.intake.mailbox",
  "order.intake.product.alias",
  "product.category",
  "product.template",
  "uom.category",
];
const fieldsGet: Record<string, unknown> = {};
for (const model of fieldsOf) {
  const r = await kw(model, "fields_get", [], {
    attributes: ["type", "string", "relation", "required", "readonly", "selection"],
  });
  fieldsGet[model] = r.ok ? r.value : r;
}
save("fields_get", fieldsGet);

// A customer and a product to write a draft with.
const find = async (model: string, domain: unknown[]) =>
  ((await kw(model, "search", [domain], { limit: 1 })) as { value: number[] }).value[0];
const partner =
  (await find("res.partner", [["ref", "=", "C-REC"]])) ??
  (
    (await kw("res.partner", "create", [
      { name: "Recording Customer GmbH", ref: "C-REC", is_company: true },
    ])) as { value: number }
  ).value;
const product =
  (await find("product.product", [["default_code", "=", "REC-1"]])) ??
  (
    (await kw("product.product", "create", [
      { name: "Recorded Desk", default_code: "REC-1", list_price: 100, type: "consu" },
    ])) as { value: number }
  ).value;
const units = await kw("uom.uom", "search_read", [[["name", "in", ["Units", "kg", "Box of 10"]]]], {
  fields: ["id", "name", "category_id", "factor", "uom_type"],
});
save("uom_search_read", units);
save(
  "res_currency_search_read",
  await kw("res.currency", "search_read", [[["name", "in", ["EUR", "USD", "GBP", "CHF"]]]], {
    fields: ["id", "name", "active"],
    context: { active_test: false },
  }),
);
save(
  "product_pricelist_search_read",
  await kw("product.pricelist", "search_read", [[]], { fields: ["id", "name", "currency_id"] }),
);

const create = await kw(
  "sale.order",
  "create",
  [
    {
      partner_id: partner,
      client_order_ref: "PO-REC-1",
      date_order: "2025-03-14 12:00:00",
      commitment_date: "2025-03-28 12:00:00",
      order_intake_message_id: `<rec-${Date.now()}@example>`,
      order_intake_confidence: 0.91,
      order_intake_review_state: "to_review",
      order_intake_reasons: "[]",
      order_line: [
        [0, 0, { product_id: product, name: "Recorded Desk", product_uom_qty: 3, price_unit: 99.5 }],
      ],
    },
  ],
  { context: { order_intake_bridge: true } },
);
save("sale_order_create", create);
const orderId = (create as { value: number }).value;
save(
  "sale_order_read",
  await kw("sale.order", "read", [[orderId]], {
    fields: [
      "name",
      "state",
      "partner_id",
      "client_order_ref",
      "date_order",
      "commitment_date",
      "currency_id",
      "pricelist_id",
      "order_line",
      "amount_untaxed",
      "order_intake_message_id",
      "order_intake_log_id",
      "order_intake_review_state",
      "order_intake_confidence",
    ],
  }),
);
save(
  "sale_order_line_search_read",
  await kw("sale.order.line", "search_read", [[["order_id", "=", orderId]]], {
    fields: [
      "order_id",
      "product_id",
      "name",
      "product_uom_qty",
      "product_uom",
      "price_unit",
      "tax_id",
      "price_subtotal",
    ],
  }),
);
const log = await kw("order.intake.log", "create", [
  {
    status: "to_review",
    module: "sales",
    res_model: "sale.order",
    res_id: orderId,
    message_id: "<rec@example>",
    confidence: 0.91,
    reasons: "[]",
    subject: "PO",
    sender: "a@b.example",
    received_at: "2025-03-14 08:00:00",
  },
]);
save("order_intake_log_create", log);
save(
  "sale_order_write",
  await kw("sale.order", "write", [[orderId], { order_intake_log_id: (log as { value: number }).value }], {
    context: { order_intake_bridge: true },
  }),
);
save(
  "order_intake_log_read",
  await kw("order.intake.log", "read", [[(log as { value: number }).value]], {
    fields: [
      "status",
      "res_model",
      "res_id",
      "message_id",
      "error",
      "mailbox_id",
      "received_at",
      "confidence",
    ],
  }),
);
save(
  "fault_message_post_binary_attachment",
  await kw("sale.order", "message_post", [[orderId]], {
    body: "x",
    message_type: "comment",
    subtype_xmlid: "mail.mt_note",
    attachments: [["po.eml", Buffer.from("From: a@b.example\r\n\r\nhello\r\n")]],
  }),
);
const att = await kw(
  "ir.attachment",
  "create",
  [
    [
      {
        name: "po.eml",
        res_model: "sale.order",
        res_id: orderId,
        datas: Buffer.from("From: a@b.example\r\n\r\nhello\r\n").toString("base64"),
      },
      {
        name: "po.pdf",
        res_model: "sale.order",
        res_id: orderId,
        datas: Buffer.from("%PDF-1.4\n").toString("base64"),
      },
    ],
  ],
  { context: { order_intake_bridge: true } },
);
save("ir_attachment_create_multi", att);
const post = await kw("sale.order", "message_post", [[orderId]], {
  body: "Order Intake extraction: to review <b>x</b> & y\nsecond line",
  message_type: "comment",
  subtype_xmlid: "mail.mt_note",
  attachment_ids: (att as { value: number[] }).value,
  context: { order_intake_bridge: true },
});
save("sale_order_message_post", post);
save(
  "mail_message_read",
  await kw("mail.message", "read", [[(post as { value: number }).value]], {
    fields: ["body", "model", "res_id", "message_type", "subtype_id", "attachment_ids"],
  }),
);
save(
  "mail_message_search_count",
  await kw("mail.message", "search_count", [
    [
      ["model", "=", "sale.order"],
      ["res_id", "=", orderId],
      ["body", "ilike", "Order Intake extraction"],
    ],
  ]),
);
save(
  "ir_attachment_search_read",
  await kw(
    "ir.attachment",
    "search_read",
    [
      [
        ["res_model", "=", "sale.order"],
        ["res_id", "=", orderId],
      ],
    ],
    { fields: ["name", "res_model", "res_id", "mimetype", "file_size", "type"] },
  ),
);

// Faults
save("fault_read_missing", await kw("sale.order", "read", [[99999999]], { fields: ["name"] }));
save("fault_unknown_model", await kw("no.such.model", "search", [[]]));
save(
  "fault_unknown_field",
  await kw("sale.order", "search_read", [[["no_such_field", "=", 1]]], { fields: ["name"] }),
);
save(
  "fault_create_line_missing_product",
  await kw("sale.order", "create", [
    {
      partner_id: partner,
      order_intake_message_id: "<bad-product@example>",
      order_line: [[0, 0, { product_id: 99999999, product_uom_qty: 1 }]],
    },
  ]),
);
save("fault_create_log_bad_selection", await kw("order.intake.log", "create", [{ status: "nonsense" }]));
save("fault_create_order_missing_partner", await kw("sale.order", "create", [{ order_line: [] }]));
save(
  "fault_alias_duplicate",
  await (async () => {
    await kw("order.intake.product.alias", "create", [
      { partner_id: partner, key: "REC ALIAS", product_id: product },
    ]);
    return kw("order.intake.product.alias", "create", [
      { partner_id: partner, key: "REC  ALIAS", product_id: product },
    ]);
  })(),
);
const confirm = await kw("sale.order", "action_confirm", [[orderId]], {
  context: { order_intake_bridge: true },
});
save("sale_order_action_confirm", confirm);
save("fault_action_confirm_again", await kw("sale.order", "action_confirm", [[orderId]]));
save(
  "sale_order_action_cancel_wizard",
  await kw("sale.order", "action_cancel", [[orderId]], { context: { order_intake_bridge: true } }),
);
save(
  "sale_order_action_cancel",
  await kw("sale.order", "action_cancel", [[orderId]], {
    context: { order_intake_bridge: true, disable_cancel_warning: true },
  }),
);
save(
  "sale_order_read_state_after_cancel",
  await kw("sale.order", "read", [[orderId]], { fields: ["state"] }),
);

if (process.env.ODOO_LIMITED_USER) {
  const limitedKey = env("ODOO_LIMITED_KEY");
  const as = { uid: await login(process.env.ODOO_LIMITED_USER, limitedKey), key: limitedKey };
  save(
    "fault_access_error_mailbox_create",
    await kw("order.intake.mailbox", "create", [{ name: "x", email: "x@y.example" }], {}, as),
  );
  const mb = await kw("order.intake.mailbox", "create", [
    { name: "Rec mailbox", email: "rec@oi-p5.example" },
  ]);
  save(
    "order_intake_mailbox_write_status",
    await kw(
      "order.intake.mailbox",
      "write",
      [
        [(mb as { value: number }).value],
        { status: "ok", last_error: false, last_sync: "2025-03-14 08:00:00" },
      ],
      { context: { order_intake_bridge: true } },
      as,
    ),
  );
}
console.log("recorded into", out.pathname);
