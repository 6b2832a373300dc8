import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Catalog, Partner } from "../extract/match/catalog.ts";
import { loadCachedProducts } from "../match/createPgProductMatcher.ts";

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
    select ref, name, is_customer, is_vendor, emails, domains, vat, country, currency, language
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
      (select count(*) || ':' || coalesce(max(write_date)::text, '') from order_intake.catalog_products
        where odoo_database = ${odooDatabase}),
      (select count(*) || ':' || coalesce(max(write_date)::text, '') from order_intake.catalog_partners
        where odoo_database = ${odooDatabase})) as v`;
  return r?.v ?? "";
}
