import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Product } from "../extract/match/catalog.ts";
import { createMemoryProductMatcher, type ProductMatcher } from "../extract/match/productMatcher.ts";
import { productTokens } from "../extract/match/productTokens.ts";

/** The text a product is found by in the trigram index: its comparable tokens. */
export function productSearchText(name: string): string {
  const t = productTokens(name);
  return [...t.words, ...t.numbers].join(" ");
}

const CODE_TOKEN = /[A-Z0-9][A-Z0-9._/-]{2,}/gi;

/**
 * Product matching on the catalog cache in PostgreSQL, for catalogs too large to scan per line.
 * Codes and barcodes are exact lookups in memory (loaded once per database); a description fetches
 * its nearest products from the trigram GiST index (`<->`, k-nearest) and the same scorer as the
 * in-memory matcher ranks and decides among them.
 */
export async function createPgProductMatcher(deps: {
  handle: DatabaseHandle;
  odooDatabase: string;
  /** How many nearest products the index returns for the scorer. */
  candidates?: number;
}): Promise<ProductMatcher> {
  const { handle, odooDatabase } = deps;
  const k = deps.candidates ?? 40;
  type Row = {
    default_code: string | null;
    name: string;
    list_price: string | null;
    currency: string | null;
    uom: string | null;
    barcode: string | null;
    category: string | null;
  };
  const toProduct = (r: Row): Product => ({
    default_code: r.default_code ?? "",
    name: r.name,
    list_price: Number(r.list_price ?? 0),
    currency: r.currency ?? "EUR",
    uom: r.uom ?? "Units",
    barcode: r.barcode,
    category: r.category ?? "",
  });
  const rows = await handle.sql<Row[]>`
    select default_code, name, list_price::text, currency, uom, barcode, category
    from order_intake.catalog_products
    where odoo_database = ${odooDatabase} and active and (default_code is not null or barcode is not null)`;
  const byCode = new Map<string, Product>();
  const byBarcode = new Map<string, Product>();
  for (const r of rows) {
    const p = toProduct(r);
    if (r.default_code) byCode.set(r.default_code.toUpperCase(), p);
    if (r.barcode) byBarcode.set(r.barcode, p);
  }

  const findCodes = (text: string) => {
    const out: Array<{ product: Product; index: number; raw: string }> = [];
    for (const m of text.matchAll(CODE_TOKEN)) {
      const raw = m[0].replace(/[.,;:/-]+$/, "");
      const p = byCode.get(raw.toUpperCase());
      if (p) out.push({ product: p, index: m.index ?? 0, raw });
    }
    return out;
  };

  return {
    byCode: (code) => byCode.get(code.trim().toUpperCase()) ?? null,
    findCodes,
    async match(query) {
      const code = query.code?.trim().toUpperCase();
      const exact = code ? byCode.get(code) : undefined;
      const bc = query.barcode?.replace(/\s/g, "");
      const byBc = bc ? byBarcode.get(bc) : undefined;
      const search = productSearchText(query.description ?? "");
      const near =
        exact || byBc || !search
          ? []
          : await handle.sql<Row[]>`
              select default_code, name, list_price::text, currency, uom, barcode, category
              from order_intake.catalog_products
              where odoo_database = ${odooDatabase} and active
              order by search_text <-> ${search}
              limit ${k}`;
      const embedded = findCodes(query.description ?? "").map((c) => c.product);
      const products = [
        ...new Set([exact, byBc, ...embedded, ...near.map(toProduct)].filter(Boolean)),
      ] as Product[];
      const local = createMemoryProductMatcher({ products, customers: [], vendors: [], ownDomain: "" });
      return local.match(query);
    },
  };
}
