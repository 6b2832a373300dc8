import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Catalog, Partner } from "../extract/match/catalog.ts";
import { loadCachedProducts } from "../match/createPgProductMatcher.ts";
import type { PriceRule } from "./pricelistPrices.ts";

interface PartnerRow {
  ref: string | null;
  name: string;
  is_customer: boolean;
  is_vendor: boolean;
  emails: string[];
  domains: string[];
  vat: string | null;
  country: string | null;
  currency: string | null;
  language: string | null;
  pricelist_odoo_id: number | null;
  gln: string | null;
  peppol_endpoint: string | null;
}

/**
 * The catalog as the extractor reads it, from the cache synced from Odoo (syncCatalog); null while the
 * cache of this database has no product yet (the first sync has not run), so the caller keeps the
 * CSV catalog meanwhile.
 */
export async function loadCachedCatalog(
  handle: DatabaseHandle,
  odooDatabase: string,
  ownDomain: string,
): Promise<Catalog | null> {
  const products = (await loadCachedProducts(handle, odooDatabase)).filter((p) => p.default_code);
  if (products.length === 0) return null;
  const rows = await handle.sql<PartnerRow[]>`
    select ref, name, is_customer, is_vendor, emails, domains, vat, country, currency, language, pricelist_odoo_id,
           gln, peppol_endpoint
    from order_intake.catalog_partners where odoo_database = ${odooDatabase} and ref is not null
    order by odoo_id`;
  const toPartner = (r: PartnerRow): Partner => ({
    ref: r.ref ?? "",
    name: r.name,
    email_domain: r.domains[0] ?? "",
    email_domains: r.domains,
    contact_emails: r.emails,
    contact_names: [],
    vat: r.vat,
    country: r.country ?? "",
    currency: r.currency ?? "EUR",
    language: r.language ?? "en",
    pricelist_id: r.pricelist_odoo_id,
    gln: r.gln,
    peppol_endpoint: r.peppol_endpoint,
  });
  return {
    products,
    customers: rows.filter((r) => r.is_customer).map(toPartner),
    vendors: rows.filter((r) => r.is_vendor).map(toPartner),
    ownDomain,
  };
}

/** A cheap fingerprint of the cache: it changes when a sync wrote something. */
export async function cachedCatalogVersion(handle: DatabaseHandle, odooDatabase: string): Promise<string> {
  const [r] = await handle.sql<{ v: string }[]>`
    select concat_ws('|',
      (select count(*) || ':' || coalesce(max(write_date)::text, '')
         || ':' || coalesce(sum(jsonb_array_length(partner_codes) + jsonb_array_length(partner_names)), 0)
        from order_intake.catalog_products where odoo_database = ${odooDatabase}),
      (select count(*) || ':' || coalesce(max(write_date)::text, '') from order_intake.catalog_partners
        where odoo_database = ${odooDatabase}),
      (select count(*) || ':' || coalesce(sum(odoo_id), 0) || ':' || coalesce(sum(fixed_price), 0)
         || ':' || coalesce(sum(percent_price), 0) || ':' || coalesce(sum(pricelist_odoo_id), 0)
        from order_intake.catalog_price_rules where odoo_database = ${odooDatabase})) as v`;
  return r?.v ?? "";
}

/** The pricelist rules of the cache. */
export async function loadCachedPriceRules(
  handle: DatabaseHandle,
  odooDatabase: string,
): Promise<PriceRule[]> {
  const rows = await handle.sql<
    {
      odoo_id: number;
      pricelist_odoo_id: number;
      applied_on: string;
      product_odoo_id: number | null;
      template_odoo_id: number | null;
      compute_price: string;
      fixed_price: string | null;
      percent_price: string | null;
      min_quantity: string;
      date_start: string | Date | null;
      date_end: string | Date | null;
      currency: string | null;
    }[]
  >`
    select odoo_id, pricelist_odoo_id, applied_on, product_odoo_id, template_odoo_id, compute_price,
           fixed_price::text, percent_price::text, min_quantity::text, date_start, date_end, currency
    from order_intake.catalog_price_rules where odoo_database = ${odooDatabase}`;
  return rows.map((r) => ({
    id: r.odoo_id,
    pricelist: r.pricelist_odoo_id,
    appliedOn: r.applied_on,
    product: r.product_odoo_id,
    template: r.template_odoo_id,
    compute: r.compute_price,
    fixedPrice: Number(r.fixed_price ?? 0),
    percentPrice: Number(r.percent_price ?? 0),
    minQuantity: Number(r.min_quantity),
    start: r.date_start ? new Date(r.date_start) : null,
    end: r.date_end ? new Date(r.date_end) : null,
    currency: r.currency,
  }));
}
