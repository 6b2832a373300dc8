/**
 * npm run load-catalog:odoo [-- CATALOG_DIR] [--company-currency EUR]: loads ../shared/corpus/catalog
 * (customers.csv, vendors.csv, products.csv) into the Odoo of ODOO_URL, ODOO_DB, ODOO_USER,
 * ODOO_API_KEY, for demos and live tests:
 * - the currencies the catalog uses (activated) and one sale pricelist per customer currency;
 * - product categories (under "All"), a "Box of 10" unit (Unit category, 10 Units), products by
 *   internal reference with price, unit, barcode and category;
 * - customers and vendors as companies found by their reference (ref), with VAT, address, country,
 *   language (when installed), pricelist, and their contacts (found by email under the company).
 * Idempotent: everything is found first (archived records too) and only what differs is written;
 * running it twice changes nothing the second time. Prints what it created, updated and left.
 * `--company-currency EUR` also sets the company's currency (only while it has no journal items).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { createOdooClient } from "../bridge/odoo/createOdooClient.ts";
import type { OdooClient } from "../bridge/odoo/odooClient.ts";

type Row = Record<string, string>;
type Values = Record<string, unknown>;

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const companyCurrency = flag("--company-currency");
const dir = path.resolve(args[0] ?? path.join(import.meta.dirname, "../../shared/corpus/catalog"));
const env = process.env;
for (const k of ["ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY"]) {
  if (!env[k]) {
    console.error(`load-catalog: ${k} is not set (the Odoo to load the catalog into)`);
    process.exit(2);
  }
}
const csv = (file: string): Row[] =>
  parse(readFileSync(path.join(dir, file)), { columns: true, skip_empty_lines: true, trim: true });

const counts = new Map<string, { created: number; updated: number; unchanged: number }>();
const count = (model: string, what: "created" | "updated" | "unchanged") => {
  const c = counts.get(model) ?? { created: 0, updated: 0, unchanged: 0 };
  c[what]++;
  counts.set(model, c);
};
const ctx = { active_test: false };

/** Fields of `values` whose value in `current` (as Odoo reads it) differs. */
function diff(current: Values, values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) {
    let have = current[k];
    if (Array.isArray(have) && have.length === 2 && typeof have[0] === "number") have = have[0]; // many2one
    if (have === false && (v === "" || v === false || v === null)) continue;
    if (typeof v === "number" && typeof have === "number" && Math.abs(v - have) < 1e-9) continue;
    if (have !== v) out[k] = v;
  }
  return out;
}

/** Finds one record by `domain` (archived too) and brings it to `values`, or creates it. */
async function upsert(client: OdooClient, model: string, domain: unknown[], values: Values): Promise<number> {
  const fields = [...Object.keys(values), "active"].filter((f, i, a) => a.indexOf(f) === i);
  const modelFields = await client.fieldsGet(model);
  const [found] = await client.searchRead<Values & { id: number }>(
    model,
    domain,
    fields.filter((f) => f in modelFields),
    { limit: 1, order: "id", context: ctx },
  );
  if (!found) {
    const id = await client.create(model, values);
    count(model, "created");
    return id;
  }
  const changes = diff(found, values);
  if ("active" in modelFields && found.active === false) changes.active = true;
  if (Object.keys(changes).length > 0) {
    await client.write(model, [found.id], changes);
    count(model, "updated");
  } else count(model, "unchanged");
  return found.id;
}

async function main() {
  const client = await createOdooClient({
    url: env.ODOO_URL!,
    db: env.ODOO_DB!,
    user: env.ODOO_USER!,
    apiKey: env.ODOO_API_KEY!,
  });
  try {
    const customers = csv("customers.csv");
    const vendors = csv("vendors.csv");
    const products = csv("products.csv");

    // Currencies and one pricelist per customer currency.
    const currencyNames = [
      ...new Set(
        [...customers, ...vendors, ...products].map((r) => r.currency).filter((v): v is string => Boolean(v)),
      ),
    ];
    const currencies = await client.searchRead<{ id: number; name: string; active: boolean }>(
      "res.currency",
      [["name", "in", currencyNames]],
      ["name", "active"],
      { context: ctx },
    );
    const currencyId = new Map(currencies.map((c) => [c.name, c.id]));
    for (const c of currencies) {
      if (!c.active) {
        await client.write("res.currency", [c.id], { active: true });
        count("res.currency", "updated");
      } else count("res.currency", "unchanged");
    }
    for (const name of currencyNames) {
      if (!currencyId.has(name)) throw new Error(`currency ${name} does not exist in this Odoo`);
    }
    if (companyCurrency) {
      const [company] = await client.searchRead<{ id: number; currency_id: [number, string] }>(
        "res.company",
        [],
        ["currency_id"],
        { limit: 1, order: "id" },
      );
      const wanted = currencyId.get(companyCurrency);
      if (!wanted) throw new Error(`--company-currency ${companyCurrency}: not a catalog currency`);
      if (company && company.currency_id[0] !== wanted) {
        const moved = await client.search("account.move.line", [["company_id", "=", company.id]], {
          limit: 1,
        });
        if (moved.length > 0) {
          console.warn(`company currency left as ${company.currency_id[1]}: the company has journal items`);
        } else {
          await client.write("res.company", [company.id], { currency_id: wanted });
          count("res.company", "updated");
        }
      }
    }
    const pricelistId = new Map<string, number>();
    for (const name of new Set(customers.map((c) => c.currency).filter((v): v is string => Boolean(v)))) {
      pricelistId.set(
        name,
        await upsert(client, "product.pricelist", [["name", "=", `Order Intake ${name}`]], {
          name: `Order Intake ${name}`,
          currency_id: currencyId.get(name),
        }),
      );
    }

    // Units: "Box of 10" in the Unit category; the others must exist.
    const uomNames = [...new Set(products.map((p) => p.uom).filter((v): v is string => Boolean(v)))];
    const [unitCategory] = await client.search("uom.category", [["name", "=", "Unit"]], { limit: 1 });
    if (uomNames.includes("Box of 10")) {
      await upsert(client, "uom.uom", [["name", "=", "Box of 10"]], {
        name: "Box of 10",
        category_id: unitCategory,
        uom_type: "bigger",
        factor_inv: 10,
        rounding: 1,
      });
    }
    const uoms = await client.searchRead<{ id: number; name: string }>(
      "uom.uom",
      [["name", "in", uomNames]],
      ["name"],
    );
    const uomId = new Map(uoms.map((u) => [u.name, u.id]));
    for (const name of uomNames)
      if (!uomId.has(name)) throw new Error(`unit ${name} does not exist in this Odoo`);

    // Categories under "All", then products by internal reference.
    const [all] = await client.search("product.category", [["name", "=", "All"]], { limit: 1, order: "id" });
    const categoryId = new Map<string, number>();
    for (const name of new Set(products.map((p) => p.category).filter((v): v is string => Boolean(v)))) {
      categoryId.set(
        name,
        await upsert(
          client,
          "product.category",
          [
            ["name", "=", name],
            ["parent_id", "=", all ?? false],
          ],
          { name, parent_id: all ?? false },
        ),
      );
    }
    for (const p of products) {
      await upsert(client, "product.product", [["default_code", "=", p.default_code]], {
        default_code: p.default_code,
        name: p.name,
        list_price: Number(p.list_price),
        uom_id: uomId.get(p.uom!),
        uom_po_id: uomId.get(p.uom!),
        barcode: p.barcode || false,
        categ_id: categoryId.get(p.category!) ?? all,
        sale_ok: true,
        purchase_ok: true,
      });
    }

    // Customers and vendors with their contacts.
    const countries = await client.searchRead<{ id: number; code: string }>(
      "res.country",
      [["code", "in", [...new Set([...customers, ...vendors].map((r) => r.country).filter(Boolean))]]],
      ["code"],
    );
    const countryId = new Map(countries.map((c) => [c.code, c.id]));
    const langs = await client.searchRead<{ code: string }>("res.lang", [], ["code"]);
    const langFor = (short: string | undefined) =>
      short
        ? (langs.find((l) => l.code === short) ?? langs.find((l) => l.code.startsWith(`${short}_`)))?.code
        : undefined;
    const company = async (r: Row, kind: "customer" | "vendor") => {
      const emails = (r.contact_emails ?? "")
        .split(";")
        .map((e) => e.trim())
        .filter(Boolean);
      const names = (r.contact_names ?? "").split(";").map((e) => e.trim());
      const lang = langFor(r.language);
      const values: Values = {
        name: r.name,
        ref: r.ref,
        is_company: true,
        vat: r.vat || false,
        street: r.street || false,
        zip: r.zip || false,
        city: r.city || false,
        country_id: countryId.get(r.country!) ?? false,
        email:
          emails.find((e) =>
            /^(einkauf|purchasing|orders?|bestellung|achats?|compras|auftrag|export)@/i.test(e),
          ) ??
          emails[0] ??
          false,
        website: r.email_domain ? `https://${r.email_domain}` : false,
        ...(lang ? { lang } : {}),
        ...(kind === "customer" ? { customer_rank: 1 } : { supplier_rank: 1 }),
        ...(kind === "customer" && pricelistId.has(r.currency!)
          ? { property_product_pricelist: pricelistId.get(r.currency!) }
          : {}),
      };
      const id = await upsert(client, "res.partner", [["ref", "=", r.ref]], values);
      for (const [i, email] of emails.entries()) {
        await upsert(
          client,
          "res.partner",
          [
            ["parent_id", "=", id],
            ["email", "=", email],
          ],
          {
            parent_id: id,
            type: "contact",
            name: names[i] || email,
            email,
            is_company: false,
            ...(lang ? { lang } : {}),
          },
        );
      }
    };
    for (const r of customers) await company(r, "customer");
    for (const r of vendors) await company(r, "vendor");

    console.log(`catalog ${dir} -> ${env.ODOO_URL} (${env.ODOO_DB})`);
    for (const [model, c] of counts) {
      console.log(`${model.padEnd(20)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}`);
    }
  } finally {
    client.close();
  }
}

await main();
