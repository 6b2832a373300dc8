/**
 * Records what a real Odoo 18 answers to the calls the Slack approvals make (P7): finding the Odoo
 * user of a Slack email, checking its groups, changing a draft line's product. Run as the bridge's own
 * user (group "Bridge (technical)", not an admin) against a scratch database where the users exist:
 *   ODOO_URL=http://127.0.0.1:8077 ODOO_DB=oi_p7 ODOO_USER=bridge@ourcompany.example ODOO_API_KEY=... \
 *   APPROVER_LOGIN=ann.approver@ourcompany.example OTHER_LOGIN=sam.sales@ourcompany.example \
 *   ADMIN_LOGIN=admin ADMIN_KEY=... npx tsx bridge/test/odooStandIn/recordSlackApprovers.ts
 */
import { recorderConnection } from "./recorderConnection.ts";

const { env, login, executeKw, save } = recorderConnection();
const key = env("ODOO_API_KEY");
const kw = executeKw(await login(env("ODOO_USER"), key), key);
const asAdmin = executeKw(await login(env("ADMIN_LOGIN"), env("ADMIN_KEY")), env("ADMIN_KEY"));

const fields = await kw("res.users", "fields_get", [], {
  attributes: ["type", "string", "relation", "required", "readonly", "selection"],
});
const wantedFields = ["login", "email", "name", "share", "active", "groups_id", "partner_id", "company_id"];
save("res_users_fields_get", {
  "res.users": Object.fromEntries(
    Object.entries((fields as { value: Record<string, unknown> }).value).filter(([k]) =>
      wantedFields.includes(k),
    ),
  ),
});

const approver = process.env.APPROVER_LOGIN!;
const usersDomain = (email: string) => [
  ["share", "=", false],
  "|",
  ["login", "=ilike", email],
  ["email", "=ilike", email],
];
save(
  "res_users_search_read_by_email",
  await kw("res.users", "search_read", [usersDomain(approver.toUpperCase())], {
    fields: ["id", "login", "email", "name"],
    limit: 10,
    order: "id",
  }),
);
save(
  "res_users_search_read_unknown_email",
  await kw("res.users", "search_read", [usersDomain("nobody@nowhere.example")], {
    fields: ["id", "login", "email", "name"],
    limit: 10,
    order: "id",
  }),
);
const idOf = async (l: string) =>
  ((await kw("res.users", "search", [[["login", "=", l]]])) as { value: number[] }).value[0];
const approverId = await idOf(approver);
const otherId = await idOf(process.env.OTHER_LOGIN!);
save(
  "res_users_has_group_true",
  await kw("res.users", "has_group", [[approverId], "order_intake.group_order_intake_user"]),
);
save(
  "res_users_has_group_false",
  await kw("res.users", "has_group", [[otherId], "order_intake.group_order_intake_user"]),
);
save(
  "res_users_has_group_not_installed",
  await kw("res.users", "has_group", [[approverId], "purchase.group_purchase_user"]),
);

// A draft line whose product an approver changes: product and price written together.
const partner =
  ((await asAdmin("res.partner", "search", [[["ref", "=", "C-P7"]]])) as { value: number[] }).value[0] ??
  (
    (await asAdmin("res.partner", "create", [
      { name: "Slack Pick Customer", ref: "C-P7", is_company: true },
    ])) as {
      value: number;
    }
  ).value;
const product = async (code: string, name: string, price: number) =>
  ((await asAdmin("product.product", "search", [[["default_code", "=", code]]])) as { value: number[] })
    .value[0] ??
  (
    (await asAdmin("product.product", "create", [
      { name, default_code: code, list_price: price, type: "consu" },
    ])) as {
      value: number;
    }
  ).value;
const wrong = await product("P7-A", "Widget blue", 10);
const right = await product("P7-B", "Widget blue large", 25);
const order = (
  (await kw(
    "sale.order",
    "create",
    [
      {
        partner_id: partner,
        order_intake_message_id: `<p7-${Date.now()}@example>`,
        order_intake_review_state: "to_review",
        order_line: [
          [0, 0, { product_id: wrong, name: "Blue widget, big one", product_uom_qty: 3, price_unit: 12.5 }],
        ],
      },
    ],
    { context: { order_intake_bridge: true } },
  )) as { value: number }
).value;
const lineFields = ["id", "product_id", "name", "price_unit", "product_uom_qty"];
const lines = (await kw("sale.order.line", "search_read", [[["order_id", "=", order]]], {
  fields: lineFields,
  order: "sequence,id",
})) as { value: Array<{ id: number }> };
save("sale_order_line_search_read_by_order", lines);
save(
  "sale_order_line_write_product",
  await kw(
    "sale.order.line",
    "write",
    [[lines.value[0]!.id], { product_id: right, price_unit: 12.5, name: "Blue widget, big one" }],
    {
      context: { order_intake_bridge: true },
    },
  ),
);
save(
  "sale_order_line_read_after_product_write",
  await kw("sale.order.line", "read", [[lines.value[0]!.id]], { fields: lineFields }),
);
save(
  "sale_order_write_review_state",
  await kw("sale.order", "write", [[order], { order_intake_review_state: "approved" }], {
    context: { order_intake_bridge: true },
  }),
);
save(
  "sale_order_read_partner_state",
  await kw("sale.order", "read", [[order]], { fields: ["partner_id", "state"] }),
);
save(
  "product_product_search_read_list_price",
  await kw("product.product", "search_read", [[["default_code", "in", ["P7-A", "P7-B"]]]], {
    fields: ["default_code", "list_price"],
  }),
);
console.log("recorded");
