import type { OdooClient } from "./odooClient.ts";

export interface SaleLineFieldNames {
  quantity: string;
  uom: string;
  tax: string | undefined;
}

/** sale.order.line field names of this Odoo (`product_uom` up to 18, `product_uom_id` from 19; `tax_id`/`tax_ids`). */
export async function saleLineFieldNames(client: OdooClient): Promise<SaleLineFieldNames> {
  const f = await client.fieldsGet("sale.order.line");
  return {
    quantity: "product_uom_qty" in f ? "product_uom_qty" : "product_qty",
    uom: "product_uom" in f ? "product_uom" : "product_uom_id",
    tax: "tax_id" in f ? "tax_id" : "tax_ids" in f ? "tax_ids" : undefined,
  };
}

/** purchase.order.line: `product_qty` and `product_uom` (18) / `product_uom_id` (19). */
export async function purchaseLineFieldNames(client: OdooClient): Promise<SaleLineFieldNames> {
  const f = await client.fieldsGet("purchase.order.line");
  return {
    quantity: "product_qty" in f ? "product_qty" : "product_uom_qty",
    uom: "product_uom" in f ? "product_uom" : "product_uom_id",
    tax: "taxes_id" in f ? "taxes_id" : "tax_ids" in f ? "tax_ids" : undefined,
  };
}
