import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { OdooClient } from "../../odoo/odooClient.ts";

type Row = Record<string, string>;

/**
 * Loads a catalog folder (customers.csv, vendors.csv, products.csv: the corpus's shape) into an
 * Odoo, finding every record first (by ref, by default_code, by contact email), so it can run on a
 * real Odoo again and again: companies with their reference, contacts with their emails, products
 * with code, name and list price. Returns the partner ids by ref and product ids by code.
 */
export async function loadTestCatalog(
  client: OdooClient,
  dir: string,
  options: { skipProducts?: string[] } = {},
): Promise<{ partners: Map<string, number>; products: Map<string, number> }> {
  const csv = (file: string): Row[] =>
    parse(readFileSync(path.join(dir, file)), { columns: true, skip_empty_lines: true, trim: true });
  const partners = new Map<string, number>();
  const products = new Map<string, number>();
  const find = async (model: string, domain: unknown[]) =>
    (await client.search(model, domain, { limit: 1, context: { active_test: false } }))[0];
  for (const [file, rank] of [
    ["customers.csv", "customer_rank"],
    ["vendors.csv", "supplier_rank"],
  ] as const) {
    for (const row of csv(file)) {
      const emails = (row.contact_emails ?? "").split(";").filter(Boolean);
      const names = (row.contact_names ?? "").split(";");
      const id =
        (await find("res.partner", [["ref", "=", row.ref]])) ??
        (await client.create("res.partner", {
          name: row.name,
          ref: row.ref,
          is_company: true,
          email: emails[0] ?? false,
          vat: false,
          [rank]: 1,
        }));
      partners.set(row.ref!, id);
      for (const [i, email] of emails.entries()) {
        if ((await find("res.partner", [["email", "=", email]])) !== undefined) continue;
        await client.create("res.partner", {
          name: names[i] || email,
          email,
          parent_id: id,
          is_company: false,
          [rank]: 1,
        });
      }
    }
  }
  for (const row of csv("products.csv")) {
    if (options.skipProducts?.includes(row.default_code!)) continue;
    const id =
      (await find("product.product", [["default_code", "=", row.default_code]])) ??
      (await client.create("product.product", {
        name: row.name,
        default_code: row.default_code,
        list_price: Number(row.list_price),
        ...(row.barcode ? { barcode: row.barcode } : {}),
      }));
    products.set(row.default_code!, id);
  }
  return { partners, products };
}
