/**
 * Records what a real Odoo 18 with purchase, stock(_delivery), hr_expense and account answers to the
 * calls of the Purchase, Invoicing, Inventory and HR modules (bridge/modules), into
 * recorded/modules_*.json. Run against a scratch database (it creates records):
 *   ODOO_URL=http://127.0.0.1:8079 ODOO_DB=oi_p9 ODOO_USER=admin ODOO_API_KEY=... \
 *   npx tsx bridge/test/odooStandIn/recordModulesOdoo.ts
 */
import { type Answer, answerValue, recorderConnection } from "./recorderConnection.ts";

const { env, out, login, executeKw, save } = recorderConnection({ savePrefix: "modules_" });
const key = env("ODOO_API_KEY");
const uid = await login(env("ODOO_USER"), key);
const kw = executeKw(uid, key);
const value = async <T>(p: Promise<Answer>): Promise<T> => answerValue<T>(await p);

const models = [
  "product.product",
  "purchase.order",
  "purchase.order.line",
  "product.supplierinfo",
  "account.move",
  "account.move.line",
  "stock.picking",
  "stock.picking.type",
  "hr.expense",
  "hr.employee",
  "ir.module.module",
  "res.users",
  "mail.activity",
  "mail.activity.type",
  "ir.model",
  "ir.model.data",
];
const fieldsGet: Record<string, unknown> = {};
for (const model of models) {
  fieldsGet[model] = await value(
    kw(model, "fields_get", [], {
      attributes: ["type", "string", "relation", "required", "readonly", "selection"],
    }),
  );
}
save("fields_get", fieldsGet);
save(
  "ir_module_module_search_count",
  await kw("ir.module.module", "search_count", [
    [
      ["name", "=", "purchase"],
      ["state", "=", "installed"],
    ],
  ]),
);

// a vendor with a product it sells under its own code, and a confirmed purchase order
const find = async (model: string, domain: unknown[]) =>
  (await value<number[]>(kw(model, "search", [domain], { limit: 1 })))[0];
const vendor =
  (await find("res.partner", [["ref", "=", "V-REC"]])) ??
  (await value<number>(
    kw("res.partner", "create", [
      {
        name: "Recording Supplier GmbH",
        ref: "V-REC",
        is_company: true,
        email: "sales@rec-supplier.example",
      },
    ]),
  ));
const product =
  (await find("product.product", [["default_code", "=", "REC-P1"]])) ??
  (await value<number>(
    kw("product.product", "create", [
      {
        name: "Recorded Chair",
        default_code: "REC-P1",
        list_price: 50,
        standard_price: 30,
        type: "consu",
        is_storable: true,
      },
    ]),
  ));
const [tmpl] = await value<Array<{ product_tmpl_id: [number, string] }>>(
  kw("product.product", "read", [[product], ["product_tmpl_id"]]),
);
if (
  !(await find("product.supplierinfo", [
    ["partner_id", "=", vendor],
    ["product_code", "=", "SUP-CH-1"],
  ]))
) {
  await value(
    kw("product.supplierinfo", "create", [
      { partner_id: vendor, product_tmpl_id: tmpl!.product_tmpl_id[0], product_code: "SUP-CH-1", price: 30 },
    ]),
  );
}
const poCreate = await kw("purchase.order", "create", [
  {
    partner_id: vendor,
    partner_ref: "REC-SO-1",
    date_planned: "2026-11-20 12:00:00",
    order_line: [
      [0, 0, { product_id: product, product_qty: 10, price_unit: 30, date_planned: "2026-11-20 12:00:00" }],
    ],
  },
]);
save("purchase_order_create", poCreate);
const po = (poCreate as { value: number }).value;
save("purchase_order_button_confirm", await kw("purchase.order", "button_confirm", [[po]]));
save(
  "purchase_order_search_read",
  await kw(
    "purchase.order",
    "search_read",
    [["|", ["name", "in", ["P00001"]], ["partner_ref", "in", ["P00001"]]]],
    { fields: ["id", "name", "partner_id", "state", "picking_ids"] },
  ),
);
save(
  "purchase_order_line_search_read",
  await kw(
    "purchase.order.line",
    "search_read",
    [
      [
        ["order_id", "=", po],
        ["display_type", "=", false],
      ],
    ],
    {
      fields: [
        "id",
        "product_id",
        "name",
        "product_qty",
        "price_unit",
        "date_planned",
        "qty_received",
        "qty_invoiced",
      ],
    },
  ),
);
save(
  "product_supplierinfo_search_read",
  await kw("product.supplierinfo", "search_read", [[["partner_id", "child_of", vendor]]], {
    fields: ["product_tmpl_id", "product_code"],
  }),
);
save(
  "purchase_order_activity_schedule",
  await kw("purchase.order", "activity_schedule", [[po]], {
    act_type_xmlid: "mail.mail_activity_data_todo",
    summary: "Supplier confirmation differs: review",
    note: "recorded",
  }),
);
// activity_schedule runs (and commits) but its answer, a recordset, cannot be marshalled over XML-RPC
// (the fault above): the bridge creates the mail.activity itself.
const [modelId] = await value<number[]>(
  kw("ir.model", "search", [[["model", "=", "purchase.order"]]], { limit: 1 }),
);
const todoRef = await kw(
  "ir.model.data",
  "search_read",
  [
    [
      ["module", "=", "mail"],
      ["name", "=", "mail_activity_data_todo"],
    ],
  ],
  {
    fields: ["res_id"],
    limit: 1,
  },
);
save("ir_model_data_search_read_todo", todoRef);
const [todo] = await value<Array<{ res_id: number }>>(Promise.resolve(todoRef));
save(
  "mail_activity_create",
  await kw("mail.activity", "create", [
    {
      res_model_id: modelId,
      res_id: po,
      activity_type_id: todo!.res_id,
      summary: "Recorded review",
      note: "recorded",
      user_id: uid,
    },
  ]),
);
save(
  "purchase_order_message_post",
  await kw("purchase.order", "message_post", [[po]], {
    body: "Order Intake [<rec@example>] recorded note",
    message_type: "comment",
    subtype_xmlid: "mail.mt_note",
  }),
);

// the incoming transfer the confirmation created
const pickings = await kw(
  "stock.picking",
  "search_read",
  [
    [
      ["picking_type_code", "=", "incoming"],
      ["state", "not in", ["done", "cancel"]],
    ],
  ],
  {
    fields: ["id", "name", "origin", "scheduled_date", "state", "carrier_tracking_ref"],
    order: "id desc",
    limit: 1,
  },
);
save("stock_picking_search_read", pickings);
const picking = ((pickings as { value: Array<{ id: number }> }).value[0] ?? { id: 0 }).id;
save(
  "stock_picking_write",
  await kw("stock.picking", "write", [
    [picking],
    { scheduled_date: "2026-11-25 12:00:00", carrier_tracking_ref: "DHL 00340434161094015902" },
  ]),
);

// vendor bills: a first one, then the same reference again (Odoo 18 accepts it at create: the bridge must refuse)
const billValues = {
  move_type: "in_invoice",
  partner_id: vendor,
  ref: `REC-INV-${Date.now()}`,
  invoice_date: "2026-11-01",
  invoice_line_ids: [[0, 0, { product_id: product, name: "Recorded Chair", quantity: 10, price_unit: 30 }]],
};
save("account_move_create", await kw("account.move", "create", [billValues]));
save("account_move_create_duplicate_ref", await kw("account.move", "create", [billValues]));
save(
  "account_move_read",
  await kw("account.move", "search_read", [[["ref", "=", billValues.ref]]], {
    fields: ["id", "name", "state", "move_type", "amount_untaxed", "partner_id", "ref"],
  }),
);
save(
  "fault_account_move_create_bad_move_type",
  await kw("account.move", "create", [{ ...billValues, move_type: "vendor_bill" }]),
);

// expenses: an employee by work email, and an expense without an employee
const employee =
  (await find("hr.employee", [["work_email", "=", "rec.employee@ourcompany.example"]])) ??
  (await value<number>(
    kw("hr.employee", "create", [
      { name: "Recording Employee", work_email: "rec.employee@ourcompany.example" },
    ]),
  ));
const [expenseProduct] = await value<number[]>(
  kw("product.product", "search", [[["can_be_expensed", "=", true]]], { limit: 1 }),
);
save(
  "hr_expense_create",
  await kw("hr.expense", "create", [
    {
      name: "Taxi",
      employee_id: employee,
      product_id: expenseProduct,
      total_amount_currency: 42.5,
      date: "2026-11-02",
    },
  ]),
);
save(
  "fault_hr_expense_create_no_employee",
  await kw("hr.expense", "create", [{ name: "Taxi", employee_id: false, total_amount_currency: 1 }]),
);
save("fault_stock_picking_unknown_model_when_missing", await kw("no.such.stock.picking", "search", [[]]));
console.log("recorded module answers into", out.pathname);
