/**
 * Records what a real Odoo 18 answers to the catalog sync's language and product-code reads
 * (bridge/catalog/syncCatalog.ts: active languages, names and sales descriptions per language, vendors'
 * product codes, customers' codes where a module provides them) into recorded/catalog_lang_*.json.
 * Run against a scratch database with a second language installed (e.g. created with
 * `--load-language=de_DE`):
 *   ODOO_URL=http://127.0.0.1:8318 ODOO_DB=f18_p16 ODOO_USER=admin ODOO_API_KEY=... \
 *   npx tsx bridge/test/odooStandIn/recordCatalogLanguages.ts
 */
import {
  CATALOG_PRODUCT_TEXT_FIELDS,
  CATALOG_SUPPLIERINFO_FIELDS,
  customerInfoModel,
} from "../../catalog/syncProductLanguage.ts";
import { answerValue, type ExecuteKw, recorderConnection } from "./recorderConnection.ts";

const { env, login, executeKw, save: saveAs } = recorderConnection();
const key = env("ODOO_API_KEY");
const asUser = executeKw(await login(env("ODOO_USER"), key), key);
const kw = async (...call: Parameters<ExecuteKw>) => answerValue<unknown>(await asUser(...call));
const save = (name: string, value: unknown) => saveAs(name, { value });

const run = Date.now().toString(36);
save(
  "catalog_lang_res_lang_search_read",
  await kw("res.lang", "search_read", [[]], { fields: ["code"], order: "id" }),
);
const langs = (await kw("res.lang", "search_read", [[]], { fields: ["code"] })) as Array<{ code: string }>;
const other = langs.map((l) => l.code).find((c) => c !== "en_US");
if (!other) throw new Error("install a second language first (--load-language=de_DE)");

// a product created in English, its German name and sales description set as a translator does
const product = (await kw("product.product", "create", [
  {
    name: `Torque Wrench ${run}`,
    default_code: `TW-${run}`,
    description_sale: "Click-type, 1/2 inch drive, 40-200 Nm",
  },
])) as number;
const [tmpl] = (await kw("product.product", "read", [[product], ["product_tmpl_id"]])) as Array<{
  product_tmpl_id: [number, string];
}>;
const template = tmpl!.product_tmpl_id[0];
save(
  "catalog_lang_update_field_translations",
  await kw("product.template", "update_field_translations", [
    [template],
    "name",
    { [other]: `Drehmomentschlüssel ${run}` },
  ]),
);
await kw("product.template", "update_field_translations", [
  [template],
  "description_sale",
  { [other]: "Knickschlüssel, 1/2 Zoll Antrieb, 40-200 Nm" },
]);
// a field without a translation reads as its source (en_US) value in every language
const second = (await kw("product.product", "create", [
  { name: `Socket Set ${run}`, default_code: `SS-${run}` },
])) as number;
for (const lang of ["en_US", other]) {
  save(
    `catalog_lang_product_read_${lang}`,
    await kw("product.product", "read", [[product, second], CATALOG_PRODUCT_TEXT_FIELDS], {
      context: { lang },
    }),
  );
}

const vendor = (await kw("res.partner", "create", [
  { name: `Tool Vendor ${run}`, is_company: true },
])) as number;
await kw("product.supplierinfo", "create", [
  {
    partner_id: vendor,
    product_tmpl_id: template,
    product_code: `VN-${run}`,
    product_name: "Drehmoment-Schlüssel 1/2in",
    price: 80,
  },
]);
save(
  "catalog_lang_supplierinfo_search_read",
  await kw("product.supplierinfo", "search_read", [[["product_tmpl_id", "in", [template]]]], {
    fields: CATALOG_SUPPLIERINFO_FIELDS,
  }),
);
// customer product codes come from a module (OCA product_customerinfo); without it the model is unknown
saveAs("catalog_lang_fault_customerinfo_unknown", {
  ...(await asUser(customerInfoModel, "search_read", [[]], { fields: ["product_code"], limit: 1 })),
});
// the fields the stand-in serves for these reads, and which product fields are translated
const attributes = ["type", "string", "relation", "required", "readonly", "selection", "translate"];
const fieldsOf = async (model: string, names: string[]) => {
  const fg = (await kw(model, "fields_get", [], { attributes })) as Record<string, unknown>;
  return Object.fromEntries(names.map((f) => [f, fg[f]]));
};
save("catalog_lang_fields_get", {
  "res.lang": await fieldsOf("res.lang", ["code", "name", "active"]),
  "product.supplierinfo": await fieldsOf("product.supplierinfo", [...CATALOG_SUPPLIERINFO_FIELDS, "price"]),
  "product.product": await fieldsOf("product.product", CATALOG_PRODUCT_TEXT_FIELDS),
  "product.template": await fieldsOf("product.template", CATALOG_PRODUCT_TEXT_FIELDS),
});
console.log("recorded", { product, second, template, vendor });
