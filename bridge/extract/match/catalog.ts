import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { parsePo, productTranslations } from "./poTranslations.ts";

/** One product of our catalog (products.csv / product.product in Odoo). */
export interface Product {
  default_code: string;
  name: string;
  list_price: number;
  currency: string;
  /** Catalog unit of measure: "Units", "Dozens", "kg", "m", "L", "Box of 10". */
  uom: string;
  barcode: string | null;
  category: string;
  /** product.product id and its template's in Odoo (the catalog cache), for pricelist rules. */
  odoo_id?: number;
  template_id?: number | null;
  /**
   * Further wordings of the product, from the catalog (synced from Odoo): its name and sales
   * description in every active language, vendors' product names. The matcher compares a customer's
   * description with each of them.
   */
  names?: string[];
  /** Further codes Odoo holds for the product: vendors' product codes, customers' product codes. */
  codes?: string[];
}

/** A customer or vendor company (res.partner). */
export interface Partner {
  ref: string;
  name: string;
  email_domain: string;
  /** Every company domain, when there are several (the catalog cache); email_domain is the first. */
  email_domains?: string[];
  contact_emails: string[];
  contact_names: string[];
  vat: string | null;
  country: string;
  currency: string;
  language: string;
  /** The customer's pricelist in Odoo (the catalog cache). */
  pricelist_id?: number | null;
  /** GS1 Global Location Number (Odoo: res.partner barcode when it is a GLN). */
  gln?: string | null;
  /** Peppol / electronic address as "scheme:id" (Odoo: peppol_eas + peppol_endpoint). */
  peppol_endpoint?: string | null;
}

export interface Catalog {
  products: Product[];
  customers: Partner[];
  vendors: Partner[];
  /** The domain of our own company; mail from it is internal (forwards by colleagues). */
  ownDomain: string;
}

type Row = Record<string, string>;

async function readCsv(path: string): Promise<Row[]> {
  const text = await readFile(path, "utf8");
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Row[];
}

function toPartner(r: Row): Partner {
  const list = (s: string | undefined) =>
    (s ?? "")
      .split(";")
      .map((x) => x.trim())
      .filter(Boolean);
  return {
    ref: r.ref ?? "",
    name: r.name ?? "",
    email_domain: (r.email_domain ?? "").toLowerCase(),
    contact_emails: list(r.contact_emails).map((e) => e.toLowerCase()),
    contact_names: list(r.contact_names),
    vat: r.vat ? r.vat : null,
    country: r.country ?? "",
    currency: r.currency || "EUR",
    language: r.language || "en",
    gln: r.gln ? r.gln : null,
    peppol_endpoint: r.peppol_endpoint ? r.peppol_endpoint : null,
  };
}

/**
 * The dev corpus's catalog (../shared/corpus/catalog) is English only, as its products.csv was
 * exported; its translations, as an Odoo holding them would export them (PO files), are kept here.
 * They apply to products by their exact English name only, so another catalog gets nothing from them.
 */
export const CORPUS_CATALOG_I18N = new URL("../../eval/__fixtures__/corpus-i18n/", import.meta.url).pathname;

/** Every product-name translation of the PO files in these directories, by source name. */
export async function readCatalogTranslations(dirs: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of (await readdir(dir)).filter((n) => n.endsWith(".po")).sort()) {
      for (const [src, names] of productTranslations(parsePo(await readFile(join(dir, f), "utf8"))))
        out.set(src, [...new Set([...(out.get(src) ?? []), ...names])]);
    }
  }
  return out;
}

/**
 * Reads products.csv, customers.csv and vendors.csv from a directory, and the translations of product
 * names in PO files (Odoo's translation format) from its i18n/ folder and `options.translations`.
 */
export async function loadCsvCatalog(
  dir: string,
  ownDomain = "ourcompany.example",
  options: { translations?: string[] } = {},
): Promise<Catalog> {
  const [p, c, v, tr] = await Promise.all([
    readCsv(join(dir, "products.csv")),
    readCsv(join(dir, "customers.csv")),
    readCsv(join(dir, "vendors.csv")),
    readCatalogTranslations(options.translations ?? [join(dir, "i18n"), CORPUS_CATALOG_I18N]),
  ]);
  return {
    products: p.map((r) => {
      const names = tr.get(r.name ?? "")?.filter((n) => n !== r.name);
      return {
        default_code: (r.default_code ?? "").toUpperCase(),
        name: r.name ?? "",
        list_price: Number(r.list_price ?? "0"),
        currency: r.currency || "EUR",
        uom: r.uom || "Units",
        barcode: r.barcode ? r.barcode : null,
        category: r.category ?? "",
        ...(names?.length ? { names } : {}),
      };
    }),
    customers: c.map(toPartner),
    vendors: v.map(toPartner),
    ownDomain,
  };
}
