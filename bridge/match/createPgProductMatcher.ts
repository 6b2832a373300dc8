import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Product } from "../extract/match/catalog.ts";
import type { ProductMatcher } from "../extract/match/productMatcher.ts";
import { productTokens } from "../extract/match/productTokens.ts";
import { createIndexedProductMatcher } from "./createIndexedProductMatcher.ts";

/** The text a product is found by in the trigram index: its comparable tokens. */
export function productSearchText(name: string): string {
  const t = productTokens(name);
  return [...t.words, ...t.numbers].join(" ");
}

/**
 * Every active product of one Odoo database in the catalog cache, with its further wordings (names and
 * sales descriptions per language, vendors' names, customers' learned wordings) and partner codes.
 */
export async function loadCachedProducts(handle: DatabaseHandle, odooDatabase: string): Promise<Product[]> {
  const rows = await handle.sql<
    {
      default_code: string | null;
      name: string;
      list_price: string | null;
      currency: string | null;
      uom: string | null;
      barcode: string | null;
      category: string | null;
      odoo_id: number;
      template_odoo_id: number | null;
      wordings: string[];
      partner_codes: string[];
      partner_names: string[];
    }[]
  >`
    select default_code, name, list_price::text, currency, uom, barcode, category, odoo_id, template_odoo_id,
           wordings, partner_codes, partner_names
    from order_intake.catalog_products
    where odoo_database = ${odooDatabase} and active
    order by odoo_id`;
  // a wording a person taught for one customer ("Ringschlüssel 13er verchromt") is language for all:
  // it joins the product's wordings (a part number stays that customer's alias only)
  const aliases = await handle.sql<{ product_code: string; alias_key: string }[]>`
    select product_code, alias_key from order_intake.product_aliases
    where odoo_database = ${odooDatabase} and alias_key ~ '[[:alpha:]]{3,}.*\s.*[[:alpha:]]{3,}'`;
  const taught = new Map<string, string[]>();
  for (const a of aliases) {
    const code = a.product_code.toUpperCase();
    taught.set(code, [...(taught.get(code) ?? []), a.alias_key]);
  }
  return rows.map((r) => {
    const names = [
      ...new Set([
        ...(r.wordings ?? []),
        ...(r.partner_names ?? []),
        ...(taught.get((r.default_code ?? "").toUpperCase()) ?? []),
      ]),
    ].filter((n) => n !== r.name);
    return {
      default_code: r.default_code ?? "",
      name: r.name,
      list_price: Number(r.list_price ?? 0),
      currency: r.currency ?? "EUR",
      uom: r.uom ?? "Units",
      barcode: r.barcode,
      category: r.category ?? "",
      odoo_id: r.odoo_id,
      template_id: r.template_odoo_id,
      ...(names.length > 0 ? { names } : {}),
      ...(r.partner_codes?.length ? { codes: r.partner_codes } : {}),
    };
  });
}

/**
 * Product matching on the catalog cache in PostgreSQL, for catalogs too large to scan per line: the
 * cache is read once (and again by `refresh`, after a sync) into the token index of
 * createIndexedProductMatcher, so matching never waits on Odoo nor on a query per line. The
 * trigram GiST index on search_text stays for ad-hoc search (`order by search_text <-> ...`).
 */
export async function createPgProductMatcher(deps: {
  handle: DatabaseHandle;
  odooDatabase: string;
  /** How many nearest products the index hands to the scorer. */
  candidates?: number;
}): Promise<ProductMatcher & { refresh(): Promise<void>; size(): number }> {
  const build = async () =>
    createIndexedProductMatcher(await loadCachedProducts(deps.handle, deps.odooDatabase), {
      candidates: deps.candidates,
    });
  let current = await build();
  return {
    byCode: (code) => current.byCode(code),
    findCodes: (text) => current.findCodes(text),
    match: (query) => current.match(query),
    size: () => current.size,
    async refresh() {
      current = await build();
    },
  };
}
