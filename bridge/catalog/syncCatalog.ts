import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { normRef } from "../extract/match/seenStore.ts";
import { isGln } from "../extract/structured/xmlValues.ts";
import { upsertCatalogProducts } from "../match/upsertCatalogProducts.ts";
import { formatOdooDatetime } from "../odoo/formatOdooDatetime.ts";
import type { Many2one, OdooClient } from "../odoo/odooClient.ts";
import {
  activeLanguages,
  readPartnerProductCodes,
  readProductWordings,
  storePartnerProductCodes,
} from "./syncProductLanguage.ts";

/** Mail domains shared by unrelated people: never a company's domain. */
const PUBLIC_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "t-online.de",
  "orange.fr",
  "free.fr",
  "proton.me",
  "protonmail.com",
]);

/** What the sync reads of a product (product.product), also what recordCatalogSync.ts records. */
export const CATALOG_PRODUCT_FIELDS = [
  "default_code",
  "product_tmpl_id",
  "barcode",
  "name",
  "uom_id",
  "lst_price",
  "categ_id",
  "currency_id",
  "active",
  "write_date",
];

/** What the sync reads of a partner (res.partner), also what recordCatalogSync.ts records. */
export const CATALOG_PARTNER_FIELDS = [
  "name",
  "ref",
  "email",
  "vat",
  "country_code",
  "lang",
  "customer_rank",
  "supplier_rank",
  "is_company",
  "commercial_partner_id",
  "property_product_pricelist",
  "user_ids",
  "active",
  "write_date",
];

/**
 * Identifiers of a company read when the database has them (fields_get): barcode (base; a GLN when it
 * is one) and the Peppol address of account_edi_ubl_cii. Structured documents name customers by them.
 */
export const CATALOG_PARTNER_ID_FIELDS = ["barcode", "peppol_eas", "peppol_endpoint"];

/** What the sync reads of a pricelist rule (product.pricelist.item). */
export const CATALOG_PRICE_RULE_FIELDS = [
  "pricelist_id",
  "applied_on",
  "product_id",
  "product_tmpl_id",
  "compute_price",
  "fixed_price",
  "percent_price",
  "min_quantity",
  "date_start",
  "date_end",
  "currency_id",
];

interface OdooProduct {
  id: number;
  default_code: string | false;
  barcode: string | false;
  name: string;
  uom_id: Many2one;
  lst_price: number;
  categ_id: Many2one;
  currency_id: Many2one;
  product_tmpl_id: Many2one;
  active: boolean;
  write_date: string;
}

interface OdooPriceRule {
  id: number;
  pricelist_id: Many2one;
  applied_on: string;
  product_id: Many2one;
  product_tmpl_id: Many2one;
  compute_price: string;
  fixed_price: number;
  percent_price: number;
  min_quantity: number;
  date_start: string | false;
  date_end: string | false;
  currency_id: Many2one;
}

interface OdooPartner {
  id: number;
  name: string | false;
  ref: string | false;
  email: string | false;
  vat: string | false;
  country_code: string | false;
  lang: string | false;
  customer_rank: number;
  supplier_rank: number;
  is_company: boolean;
  commercial_partner_id: Many2one;
  property_product_pricelist: Many2one;
  user_ids: number[];
  active: boolean;
  write_date: string;
  barcode?: string | false;
  peppol_eas?: string | false;
  peppol_endpoint?: string | false;
}

export interface CatalogSyncResult {
  products: number;
  partners: number;
  /** Odoo orders with a customer PO number now known for duplicate detection. */
  orders: number;
  /** Pricelist rules (fixed prices, discounts) in the cache. */
  priceRules: number;
  /** Incremental (by write_date since the last sync) or a full read. */
  mode: "incremental" | "full";
}

const str = (v: string | false | null | undefined) => (typeof v === "string" && v.trim() ? v.trim() : null);
const m2oName = (v: Many2one) => (v ? v[1] : null);
/** Odoo datetimes are UTC "YYYY-MM-DD HH:MM:SS". */
const odooDate = (s: string) => new Date(`${s.replace(" ", "T")}Z`);

async function cursor(handle: DatabaseHandle, table: "catalog_products" | "catalog_partners", db: string) {
  const rows =
    table === "catalog_products"
      ? await handle.sql<{ at: Date | string | null }[]>`
          select max(write_date) as at from order_intake.catalog_products where odoo_database = ${db}`
      : await handle.sql<{ at: Date | string | null }[]>`
          select max(write_date) as at from order_intake.catalog_partners where odoo_database = ${db}`;
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}

/**
 * Copies Odoo's products and customers/vendors into the catalog cache, so matching never waits on
 * Odoo. Incremental by `write_date`: only records written since the newest one in the cache are read
 * (`>=`, since write_date has whole seconds: the records of that second are read again, harmlessly).
 * Archived products are read too and kept inactive. Partners are stored per company (commercial
 * partner) with the addresses of all its contacts; a changed contact re-reads its company's contacts.
 */
export async function syncCatalog(deps: {
  handle: DatabaseHandle;
  client: OdooClient;
  odooDatabase: string;
  full?: boolean;
}): Promise<CatalogSyncResult> {
  const { handle, client, odooDatabase } = deps;
  const since = async (table: "catalog_products" | "catalog_partners") => {
    const at = deps.full ? null : await cursor(handle, table, odooDatabase);
    return at ? [["write_date", ">=", formatOdooDatetime(at)]] : [];
  };
  const productDomain = await since("catalog_products");
  const partnerDomain = await since("catalog_partners");
  const mode = productDomain.length > 0 && partnerDomain.length > 0 ? "incremental" : "full";

  const products = await client.searchRead<OdooProduct>(
    "product.product",
    productDomain,
    CATALOG_PRODUCT_FIELDS,
    { context: { active_test: false }, order: "write_date asc, id asc" },
  );
  // P16 (product wordings): names and sales descriptions in every active language, partner codes
  const wordings = await readProductWordings(
    client,
    products.map((p) => p.id),
    [...new Set(["en_US", ...(await activeLanguages(client))])],
  );
  await upsertCatalogProducts(
    handle,
    odooDatabase,
    products.map((p) => ({
      wordings: wordings.get(p.id) ?? [],
      odooId: p.id,
      default_code: str(p.default_code) ?? "",
      barcode: str(p.barcode),
      name: p.name,
      uom: m2oName(p.uom_id) ?? "Units",
      list_price: p.lst_price,
      currency: m2oName(p.currency_id) ?? "EUR",
      category: m2oName(p.categ_id) ?? "",
      active: p.active,
      writeDate: odooDate(p.write_date).toISOString(),
      templateOdooId: p.product_tmpl_id ? p.product_tmpl_id[0] : null,
    })),
  );

  await storePartnerProductCodes(handle, odooDatabase, await readPartnerProductCodes(client));

  const changed = await client.searchRead<OdooPartner>("res.partner", partnerDomain, CATALOG_PARTNER_FIELDS, {
    context: { active_test: false },
    order: "write_date asc, id asc",
  });
  const companyIds = [
    ...new Set(changed.map((p) => (p.commercial_partner_id ? p.commercial_partner_id[0] : p.id))),
  ];
  let partners = 0;
  if (companyIds.length > 0) {
    const partnerFields = await client.fieldsGet("res.partner");
    const idFields = CATALOG_PARTNER_ID_FIELDS.filter((f) => f in partnerFields);
    const companies = await client.read<OdooPartner>("res.partner", companyIds, [
      ...CATALOG_PARTNER_FIELDS,
      ...idFields,
    ]);
    const contacts = await client.searchRead<OdooPartner>(
      "res.partner",
      [["commercial_partner_id", "in", companyIds]],
      ["email", "commercial_partner_id", "write_date"],
    );
    const pricelists = [
      ...new Set(
        companies.flatMap((c) => (c.property_product_pricelist ? [c.property_product_pricelist[0]] : [])),
      ),
    ];
    const currencyOf = new Map<number, string>();
    if (pricelists.length > 0) {
      for (const pl of await client.read<{ id: number; currency_id: Many2one }>(
        "product.pricelist",
        pricelists,
        ["currency_id"],
      )) {
        const c = m2oName(pl.currency_id);
        if (c) currencyOf.set(pl.id, c);
      }
    }
    const lastWrite = new Map<number, string>();
    for (const p of [...changed, ...contacts]) {
      const id = p.commercial_partner_id ? p.commercial_partner_id[0] : p.id;
      if (!lastWrite.has(id) || (lastWrite.get(id) ?? "") < p.write_date) lastWrite.set(id, p.write_date);
    }
    for (const c of companies) {
      // internal users' partners and archived companies are not customers to match mail against
      if (!c.active || c.user_ids.length > 0) {
        await handle.sql`
          delete from order_intake.catalog_partners where odoo_database = ${odooDatabase} and odoo_id = ${c.id}`;
        continue;
      }
      const emails = [
        ...new Set(
          [c, ...contacts.filter((x) => x.commercial_partner_id && x.commercial_partner_id[0] === c.id)]
            .map((x) => str(x.email)?.toLowerCase())
            .filter((e): e is string => Boolean(e?.includes("@"))),
        ),
      ];
      const domains = [...new Set(emails.map((e) => e.split("@")[1]!))].filter((d) => !PUBLIC_DOMAINS.has(d));
      const currency = c.property_product_pricelist
        ? (currencyOf.get(c.property_product_pricelist[0]) ?? null)
        : null;
      const writeDate = odooDate(lastWrite.get(c.id) ?? c.write_date).toISOString();
      const ids = partnerIdentifiers(c);
      await handle.sql`
        insert into order_intake.catalog_partners
          (odoo_database, odoo_id, ref, name, is_customer, is_vendor, emails, domains, vat, country, currency,
           language, write_date, pricelist_odoo_id, gln, peppol_endpoint)
        values (${odooDatabase}, ${c.id}, ${str(c.ref)}, ${str(c.name) ?? ""},
                ${c.customer_rank > 0 || c.supplier_rank === 0}, ${c.supplier_rank > 0},
                ${JSON.stringify(emails)}::jsonb, ${JSON.stringify(domains)}::jsonb, ${str(c.vat)},
                ${str(c.country_code)}, ${currency}, ${str(c.lang)?.slice(0, 2) ?? null}, ${writeDate}::timestamptz,
                ${c.property_product_pricelist ? c.property_product_pricelist[0] : null}, ${ids.gln},
                ${ids.endpoint})
        on conflict (odoo_database, odoo_id) do update set
          ref = excluded.ref, name = excluded.name, is_customer = excluded.is_customer,
          is_vendor = excluded.is_vendor, emails = excluded.emails, domains = excluded.domains, vat = excluded.vat,
          country = excluded.country, currency = excluded.currency, language = excluded.language,
          write_date = excluded.write_date, pricelist_odoo_id = excluded.pricelist_odoo_id,
          gln = excluded.gln, peppol_endpoint = excluded.peppol_endpoint`;
      partners++;
    }
  }
  const orders = await syncOdooOrders(handle, client, odooDatabase, deps.full ?? false);
  const priceRules = await syncPriceRules(handle, client, odooDatabase);
  return { products: products.length, partners, orders, priceRules, mode };
}

/**
 * The pricelist rules with a fixed price or a discount (formulas are left to Odoo), read whole each
 * time: rules are few, and a rule deleted in Odoo leaves no write_date behind.
 */
async function syncPriceRules(
  handle: DatabaseHandle,
  client: OdooClient,
  odooDatabase: string,
): Promise<number> {
  const rules = await client.searchRead<OdooPriceRule>(
    "product.pricelist.item",
    [["compute_price", "in", ["fixed", "percentage"]]],
    CATALOG_PRICE_RULE_FIELDS,
  );
  const rows = rules
    .filter((r) => r.pricelist_id)
    .map((r) => ({
      odoo_id: r.id,
      pricelist_odoo_id: (r.pricelist_id as [number, string])[0],
      applied_on: r.applied_on,
      product_odoo_id: r.product_id ? r.product_id[0] : null,
      template_odoo_id: r.product_tmpl_id ? r.product_tmpl_id[0] : null,
      compute_price: r.compute_price,
      fixed_price: r.fixed_price,
      percent_price: r.percent_price,
      min_quantity: r.min_quantity ?? 0,
      date_start: r.date_start ? odooDate(r.date_start).toISOString() : null,
      date_end: r.date_end ? odooDate(r.date_end).toISOString() : null,
      currency: m2oName(r.currency_id),
    }));
  await handle.sql.begin(async (tx) => {
    await tx`delete from order_intake.catalog_price_rules where odoo_database = ${odooDatabase}`;
    if (rows.length === 0) return;
    await tx`
      insert into order_intake.catalog_price_rules
        (odoo_database, odoo_id, pricelist_odoo_id, applied_on, product_odoo_id, template_odoo_id, compute_price,
         fixed_price, percent_price, min_quantity, date_start, date_end, currency)
      select ${odooDatabase}, x.odoo_id, x.pricelist_odoo_id, x.applied_on, x.product_odoo_id, x.template_odoo_id,
             x.compute_price, x.fixed_price, x.percent_price, x.min_quantity, x.date_start, x.date_end, x.currency
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(odoo_id int, pricelist_odoo_id int, applied_on text,
        product_odoo_id int, template_odoo_id int, compute_price text, fixed_price numeric, percent_price numeric,
        min_quantity numeric, date_start timestamptz, date_end timestamptz, currency text)`;
  });
  return rows.length;
}

/**
 * Orders that exist in Odoo with the customer's PO number (entered by hand, or by another channel)
 * join the bridge's memory of seen orders (seen_keys, kind "order", key "odoo:<name>"), so an email
 * carrying the same customer + PO number is recognised as a duplicate without asking Odoo at
 * matching time. Incremental by write_date, with its cursor kept in seen_keys too.
 */
async function syncOdooOrders(
  handle: DatabaseHandle,
  client: OdooClient,
  odooDatabase: string,
  full: boolean,
): Promise<number> {
  const cursorKey = `sale.order@${odooDatabase}`;
  const [c] = await handle.sql<{ at: string | null }[]>`
    select data ->> 'at' as at from order_intake.seen_keys where kind = 'sync_cursor' and value = ${cursorKey}`;
  const domain: unknown[] = [["client_order_ref", "!=", false]];
  if (c?.at && !full) domain.push(["write_date", ">=", c.at]);
  const orders = await client.searchRead<{
    id: number;
    name: string;
    partner_id: Many2one;
    client_order_ref: string | false;
    state: string;
    write_date: string;
  }>("sale.order", domain, ["name", "partner_id", "client_order_ref", "state", "write_date"], {
    order: "write_date asc, id asc",
  });
  if (orders.length === 0) return 0;
  const partnerIds = [...new Set(orders.flatMap((o) => (o.partner_id ? [o.partner_id[0]] : [])))];
  const partners = await client.read<{ id: number; commercial_partner_id: Many2one }>(
    "res.partner",
    partnerIds,
    ["commercial_partner_id"],
  );
  const companyOf = new Map(
    partners.map((p) => [p.id, p.commercial_partner_id ? p.commercial_partner_id[0] : p.id]),
  );
  const refs = await handle.sql<{ odoo_id: number; ref: string }[]>`
    select odoo_id, ref from order_intake.catalog_partners
    where odoo_database = ${odooDatabase} and ref is not null`;
  const refOf = new Map(refs.map((r) => [r.odoo_id, r.ref]));
  let n = 0;
  for (const o of orders) {
    const po = str(o.client_order_ref);
    const company = o.partner_id ? companyOf.get(o.partner_id[0]) : undefined;
    const ref = company !== undefined ? refOf.get(company) : undefined;
    if (!po || !ref || o.state === "cancel") continue;
    const key = `odoo:${o.name}`;
    const data = { key, customerRef: ref, customerReference: po, odooModel: "sale.order", odooId: o.id };
    await handle.sql`
      insert into order_intake.seen_keys (kind, value, message_key, data)
      values ('order', ${`${ref}|${normRef(po)}`}, ${key}, ${JSON.stringify(data)}::jsonb),
             ('po', ${normRef(po)}, ${key}, ${JSON.stringify(data)}::jsonb)
      on conflict (kind, value) do nothing`;
    n++;
  }
  const last = orders.map((o) => o.write_date).sort()[orders.length - 1]!;
  await handle.sql`
    insert into order_intake.seen_keys (kind, value, message_key, data)
    values ('sync_cursor', ${cursorKey}, 'catalog_sync', ${JSON.stringify({ at: last })}::jsonb)
    on conflict (kind, value) do update set data = excluded.data`;
  return n;
}

/** A company's GLN (its barcode when that is a valid GLN) and Peppol address ("0088:7300010000001"). */
export function partnerIdentifiers(p: Pick<OdooPartner, "barcode" | "peppol_eas" | "peppol_endpoint">): {
  gln: string | null;
  endpoint: string | null;
} {
  const barcode = str(p.barcode ?? false)?.trim() ?? null;
  const eas = str(p.peppol_eas ?? false)?.trim() ?? null;
  const endpoint = str(p.peppol_endpoint ?? false)?.trim() ?? null;
  const gln = isGln(barcode) ? barcode : eas === "0088" && isGln(endpoint) ? endpoint : null;
  return { gln, endpoint: eas && endpoint ? `${eas}:${endpoint}` : null };
}
