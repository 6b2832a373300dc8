import type { Sql, TransactionSql } from "postgres";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { aliasKey } from "../extract/match/aliasKey.ts";

export interface ProductAliasInput {
  /** The Odoo database the alias belongs to (one bridge can serve several). */
  odooDatabase: string;
  /** The customer's reference (res.partner.ref, catalog customer ref). */
  partnerRef: string;
  /** The customer's own part number, when the line had one. */
  customerSku?: string | null;
  /** The line's description in the customer's words. */
  description?: string | null;
  /** Our product code (default_code) the person chose. */
  productCode: string;
  /** Who taught it: "odoo" (a corrected draft), "slack" (an approver's pick), "manual". */
  source?: string;
}

export interface RecordedAlias {
  id: number;
  aliasKey: string;
  /** True when the row is new or now points to another product (worth writing to Odoo). */
  changed: boolean;
}

/** Descriptions longer than this are not useful keys (and Odoo's key is a Char). */
const MAX_KEY = 200;

/**
 * Records what a person taught: this customer's part number and/or description means this product.
 * One row per key in `product_aliases`, unique per database + customer + key; recording the same
 * thing twice changes nothing (`changed: false`), recording another product for a key replaces it.
 * Accepts a pool or a transaction, so a caller can enqueue its Odoo write in the same transaction.
 */
export async function recordProductAlias(
  db: DatabaseHandle | Sql | TransactionSql,
  input: ProductAliasInput,
): Promise<RecordedAlias[]> {
  const sql = "sql" in db ? db.sql : db;
  // as Odoo has it (default_code is compared exactly there); matching compares codes case-blind
  const productCode = input.productCode.trim();
  const partnerRef = input.partnerRef.trim();
  if (!productCode || !partnerRef) return [];
  const keys = [
    ...new Set(
      [input.customerSku, input.description]
        .map((k) => aliasKey(k ?? ""))
        .filter((k) => k.length >= 2 && k.length <= MAX_KEY),
    ),
  ];
  const out: RecordedAlias[] = [];
  for (const key of keys) {
    // xmax = 0 on a fresh insert; on conflict the row is only touched when the product differs
    const rows = await sql<{ id: number; inserted: boolean }[]>`
      insert into order_intake.product_aliases (odoo_database, partner_ref, alias_key, product_code, source)
      values (${input.odooDatabase}, ${partnerRef}, ${key}, ${productCode}, ${input.source ?? "learned"})
      on conflict (odoo_database, partner_ref, alias_key) do update
        set product_code = excluded.product_code, source = excluded.source, updated_at = now(),
            odoo_alias_id = order_intake.product_aliases.odoo_alias_id
        where order_intake.product_aliases.product_code <> excluded.product_code
      returning id::int as id, (xmax = 0) as inserted`;
    if (rows[0]) {
      out.push({ id: rows[0].id, aliasKey: key, changed: true });
      continue;
    }
    const [existing] = await sql<{ id: number }[]>`
      select id::int as id from order_intake.product_aliases
      where odoo_database = ${input.odooDatabase} and partner_ref = ${partnerRef} and alias_key = ${key}`;
    if (existing) out.push({ id: existing.id, aliasKey: key, changed: false });
  }
  return out;
}
