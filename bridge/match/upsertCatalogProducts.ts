import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Product } from "../extract/match/catalog.ts";
import { productSearchText } from "./createPgProductMatcher.ts";

/**
 * Writes products into the catalog cache (one statement per 5,000 rows), keyed by database and Odoo
 * id; the search text for the trigram index is computed here, so every writer fills it the same way.
 */
export async function upsertCatalogProducts(
  handle: DatabaseHandle,
  odooDatabase: string,
  products: Array<
    Product & {
      odooId: number;
      active?: boolean;
      writeDate?: string | null;
      templateOdooId?: number | null;
      /** The name and sales description per active language (syncProductLanguage.ts); kept when absent. */
      wordings?: string[];
    }
  >,
): Promise<void> {
  for (let i = 0; i < products.length; i += 5000) {
    const chunk = products.slice(i, i + 5000);
    await handle.sql`
      insert into order_intake.catalog_products
        (odoo_database, odoo_id, default_code, barcode, name, uom, list_price, currency, category, search_text,
         active, write_date, template_odoo_id, wordings)
      select ${odooDatabase}, x.odoo_id, x.default_code, x.barcode, x.name, x.uom, x.list_price, x.currency,
             x.category, x.search_text, coalesce(x.active, true), x.write_date, x.template_odoo_id,
             coalesce(x.wordings, '[]'::jsonb)
      from jsonb_to_recordset(${JSON.stringify(
        chunk.map((p) => ({
          odoo_id: p.odooId,
          default_code: p.default_code || null,
          barcode: p.barcode,
          name: p.name,
          uom: p.uom,
          list_price: p.list_price,
          currency: p.currency,
          category: p.category,
          search_text: productSearchText([p.name, ...(p.wordings ?? [])].join(" ")),
          wordings: p.wordings ?? null,
          active: p.active ?? true,
          write_date: p.writeDate ?? null,
          template_odoo_id: p.templateOdooId ?? null,
        })),
      )}::jsonb) as x(odoo_id int, default_code text, barcode text, name text, uom text, list_price numeric,
                      currency text, category text, search_text text, active boolean, write_date timestamptz,
                      template_odoo_id int, wordings jsonb)
      on conflict (odoo_database, odoo_id) do update set
        default_code = excluded.default_code, barcode = excluded.barcode, name = excluded.name,
        uom = excluded.uom, list_price = excluded.list_price, currency = excluded.currency,
        category = excluded.category, search_text = excluded.search_text, active = excluded.active,
        write_date = coalesce(excluded.write_date, order_intake.catalog_products.write_date),
        template_odoo_id = coalesce(excluded.template_odoo_id, order_intake.catalog_products.template_odoo_id),
        wordings = case when ${chunk.some((p) => p.wordings !== undefined)}::boolean then excluded.wordings else order_intake.catalog_products.wordings end`;
  }
}
