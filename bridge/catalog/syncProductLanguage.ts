import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Many2one, OdooClient } from "../odoo/odooClient.ts";
import { OdooError } from "../odoo/odooErrors.ts";

/**
 * The product wordings of the catalog, as Odoo holds them: `name` and `description_sale` are translated
 * fields (jsonb per language since Odoo 16); a read with `context: {lang}` answers that language's
 * value, or the source (en_US) value where no translation was entered (recorded on Odoo 18:
 * recorded/catalog_lang_product_read_*.json).
 */
export const CATALOG_PRODUCT_TEXT_FIELDS = ["name", "description_sale"];

/** What the sync reads of a vendor's product line (product.supplierinfo, in the product module). */
export const CATALOG_SUPPLIERINFO_FIELDS = [
  "partner_id",
  "product_id",
  "product_tmpl_id",
  "product_code",
  "product_name",
];

/**
 * Customers' product codes: not in Odoo community; the OCA module product_customerinfo adds this model
 * with the fields of product.supplierinfo. Without the module Odoo answers "Object ... doesn't exist"
 * (recorded: catalog_lang_fault_customerinfo_unknown.json) and the sync reads none.
 */
export const customerInfoModel = "product.customerinfo";

interface ProductText {
  id: number;
  name: string | false;
  description_sale: string | false;
}

interface SupplierInfo {
  id: number;
  partner_id: Many2one;
  product_id: Many2one;
  product_tmpl_id: Many2one;
  product_code: string | false;
  product_name: string | false;
}

const text = (v: string | false | null | undefined) => (typeof v === "string" ? v.trim() : "");

/** Plain text of a sales description: its first lines (a description can be long), as words. */
function descriptionWording(s: string): string {
  const plain = s
    .replace(/<[^>]*>/g, " ")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(" ");
  return plain.slice(0, 200);
}

/** The active languages of the Odoo database (res.lang is active_test by default: inactive ones are left out). */
export async function activeLanguages(client: OdooClient): Promise<string[]> {
  const rows = await client.searchRead<{ code: string }>("res.lang", [], ["code"], { order: "id" });
  return rows.map((r) => r.code).filter(Boolean);
}

/**
 * Each product's name and sales description in every active language: a read per language (in chunks
 * of 2,000 ids) with `context: {lang}`. Returns, per product.product id, its distinct wordings (the name in the
 * database's source language is the product's `name` already, and is included).
 */
export async function readProductWordings(
  client: OdooClient,
  productIds: number[],
  languages: string[],
): Promise<Map<number, string[]>> {
  const out = new Map<number, Set<string>>();
  if (productIds.length === 0) return new Map();
  for (const lang of languages) {
    for (let i = 0; i < productIds.length; i += 2000) {
      const ids = productIds.slice(i, i + 2000);
      const rows = await client.executeKw<ProductText[]>(
        "product.product",
        "read",
        [ids, CATALOG_PRODUCT_TEXT_FIELDS],
        { context: { lang } },
        { idempotent: true },
      );
      for (const r of rows) {
        let set = out.get(r.id);
        if (!set) {
          set = new Set();
          out.set(r.id, set);
        }
        const name = text(r.name);
        if (name) set.add(name);
        const desc = descriptionWording(text(r.description_sale));
        if (desc) set.add(desc);
      }
    }
  }
  return new Map([...out].map(([id, s]) => [id, [...s]]));
}

export interface ProductCodes {
  /** Per product.product id, or per template (every variant) when the line names no variant. */
  byProduct: Map<number, { codes: Set<string>; names: Set<string> }>;
  byTemplate: Map<number, { codes: Set<string>; names: Set<string> }>;
}

function addInfo(into: ProductCodes, r: SupplierInfo) {
  const code = text(r.product_code);
  const name = text(r.product_name);
  if (!code && !name) return;
  const [map, id] = r.product_id
    ? [into.byProduct, r.product_id[0]]
    : r.product_tmpl_id
      ? [into.byTemplate, r.product_tmpl_id[0]]
      : [null, 0];
  if (!map) return;
  let entry = map.get(id);
  if (!entry) {
    entry = { codes: new Set(), names: new Set() };
    map.set(id, entry);
  }
  if (code) entry.codes.add(code);
  if (name) entry.names.add(name);
}

/**
 * Vendors' product codes and names (product.supplierinfo) and customers' (product.customerinfo where a
 * module provides it), read whole each sync: a line changed in Odoo leaves the product's write_date
 * as it was.
 */
export async function readPartnerProductCodes(client: OdooClient): Promise<ProductCodes> {
  const out: ProductCodes = { byProduct: new Map(), byTemplate: new Map() };
  for (const r of await client.searchRead<SupplierInfo>(
    "product.supplierinfo",
    [],
    CATALOG_SUPPLIERINFO_FIELDS,
    { order: "id" },
  ))
    addInfo(out, r);
  // asked first (ir.model): reading the model of a module that is not installed makes Odoo log an
  // error ("Object product.customerinfo doesn't exist") at every sync
  const installed = await client
    .search("ir.model", [["model", "=", customerInfoModel]], { limit: 1 })
    .then((ids) => ids.length > 0)
    .catch(() => true); // ir.model not readable: try the model itself
  if (!installed) return out;
  try {
    for (const r of await client.searchRead<SupplierInfo>(
      customerInfoModel,
      [],
      CATALOG_SUPPLIERINFO_FIELDS,
      { order: "id" },
    ))
      addInfo(out, r);
  } catch (err) {
    // the model of an uninstalled module: Odoo names it in the fault
    if (!(err instanceof OdooError) || !/doesn't exist|does not exist/.test(err.message)) throw err;
  }
  return out;
}

/**
 * Writes the vendors' and customers' codes and names into the catalog cache, for every product of the
 * database (a code removed in Odoo leaves the cache too).
 */
export async function storePartnerProductCodes(
  handle: DatabaseHandle,
  odooDatabase: string,
  codes: ProductCodes,
): Promise<void> {
  const rows = await handle.sql<{ odoo_id: number; template_odoo_id: number | null }[]>`
    select odoo_id, template_odoo_id from order_intake.catalog_products where odoo_database = ${odooDatabase}`;
  const data = rows.map((r) => {
    const parts = [
      codes.byProduct.get(r.odoo_id),
      r.template_odoo_id ? codes.byTemplate.get(r.template_odoo_id) : undefined,
    ];
    return {
      odoo_id: r.odoo_id,
      codes: [...new Set(parts.flatMap((p) => (p ? [...p.codes] : [])))],
      names: [...new Set(parts.flatMap((p) => (p ? [...p.names] : [])))],
    };
  });
  for (let i = 0; i < data.length; i += 5000) {
    await handle.sql`
      update order_intake.catalog_products c set partner_codes = x.codes, partner_names = x.names
      from jsonb_to_recordset(${JSON.stringify(data.slice(i, i + 5000))}::jsonb) as x(odoo_id int, codes jsonb, names jsonb)
      where c.odoo_database = ${odooDatabase} and c.odoo_id = x.odoo_id
        and (c.partner_codes is distinct from x.codes or c.partner_names is distinct from x.names)`;
  }
}
