/**
 * Records what a real Odoo 18 answers to the catalog sync's calls (bridge/catalog/syncCatalog.ts) into
 * recorded/catalog_*.json, the shapes the stand-in copies. Run against a scratch database:
 *   ODOO_URL=http://127.0.0.1:8071 ODOO_DB=oi_p3 ODOO_USER=admin ODOO_API_KEY=... \
 *   npx tsx bridge/test/odooStandIn/recordCatalogSync.ts
 */
import {
  CATALOG_PARTNER_FIELDS,
  CATALOG_PRICE_RULE_FIELDS,
  CATALOG_PRODUCT_FIELDS,
} from "../../catalog/syncCatalog.ts";
import { answerValue, type ExecuteKw, recorderConnection } from "./recorderConnection.ts";

const { env, login, executeKw, save: saveAs } = recorderConnection();
const key = env("ODOO_API_KEY");
const asUser = executeKw(await login(env("ODOO_USER"), key), key);
/** A call's value; a fault is thrown: every call here must succeed. */
const kw = async (...call: Parameters<ExecuteKw>) => answerValue<unknown>(await asUser(...call));
/** These recordings hold only the value: { value }. */
const save = (name: string, value: unknown) => saveAs(name, { value });

const run = Date.now().toString(36);
const company = (await kw("res.partner", "create", [
  {
    name: `Sync Test GmbH ${run}`,
    ref: `C-S${run}`,
    is_company: true,
    email: `info@sync-${run}.example`,
    vat: "DE811907980",
  },
])) as number;
await kw("res.partner", "create", [
  { name: "Buyer", parent_id: company, email: `buyer@sync-${run}.example` },
]);
const product = (await kw("product.product", "create", [
  { name: `Sync Test Desk ${run}`, default_code: `SYN-${run}`, list_price: 120.5, barcode: null },
])) as number;
const [before] = (await kw("product.product", "read", [[product], ["write_date"]])) as Array<{
  write_date: string;
}>;
await new Promise((r) => setTimeout(r, 1100));
await kw("product.product", "write", [[product], { name: `Sync Test Desk ${run} (renamed)` }]);

save(
  "catalog_product_search_read_since",
  await kw(
    "product.product",
    "search_read",
    [
      [
        ["write_date", ">=", before!.write_date],
        ["id", "=", product],
      ],
    ],
    {
      fields: CATALOG_PRODUCT_FIELDS,
      context: { active_test: false },
      order: "write_date asc, id asc",
    },
  ),
);
save(
  "catalog_partner_search_read_since",
  await kw(
    "res.partner",
    "search_read",
    [
      [
        ["write_date", ">=", before!.write_date],
        ["commercial_partner_id", "=", company],
      ],
    ],
    {
      fields: CATALOG_PARTNER_FIELDS,
      context: { active_test: false },
      order: "write_date asc, id asc",
    },
  ),
);
save(
  "catalog_partner_contacts_search_read",
  await kw("res.partner", "search_read", [[["commercial_partner_id", "in", [company]]]], {
    fields: ["email", "commercial_partner_id", "write_date"],
  }),
);
const pricelists = (await kw("product.pricelist", "search", [[]], { limit: 1 })) as number[];
save("catalog_pricelist_read", await kw("product.pricelist", "read", [pricelists, ["currency_id"]]));
// pricelists: the fields of a rule, the rules of a pricelist, the template of a variant
// what the sync reads, and categ_id and write_date: the stand-in's rules get their fields from this fields_get
const itemFields = [...CATALOG_PRICE_RULE_FIELDS, "categ_id", "write_date"];
const fg = (await kw("product.pricelist.item", "fields_get", [], {
  attributes: ["type", "string", "relation", "required", "readonly", "selection"],
})) as Record<string, unknown>;
save("catalog_pricelist_item_fields_get", {
  "product.pricelist.item": Object.fromEntries(itemFields.map((f) => [f, fg[f]])),
});
const [gbp] = (await kw("res.currency", "search", [[["name", "=", "GBP"]]], {
  context: { active_test: false },
})) as number[];
const pricelist = await kw("product.pricelist", "create", [{ name: `UK ${run}`, currency_id: gbp }]);
await kw("product.pricelist.item", "create", [
  {
    pricelist_id: pricelist,
    applied_on: "0_product_variant",
    product_id: product,
    compute_price: "fixed",
    fixed_price: 99.5,
  },
]);
await kw("product.pricelist.item", "create", [
  { pricelist_id: pricelist, applied_on: "3_global", compute_price: "percentage", percent_price: 10 },
]);
save(
  "catalog_pricelist_item_search_read",
  await kw("product.pricelist.item", "search_read", [[["pricelist_id", "=", pricelist]]], {
    fields: itemFields,
  }),
);
save("catalog_product_template_read", await kw("product.product", "read", [[product], ["product_tmpl_id"]]));
console.log("recorded", { company, product });
