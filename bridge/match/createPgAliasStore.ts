import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { aliasLookupKey } from "../extract/match/aliasKey.ts";
import type { AliasStore } from "../extract/match/aliasStore.ts";

/**
 * Learned aliases from `product_aliases` (recorded by recordProductAlias, also the ones mirrored
 * from Odoo). One indexed query per line; a customer's aliases are few.
 */
export function createPgAliasStore(handle: DatabaseHandle, odooDatabase: string): AliasStore {
  return {
    async lookup(partnerRef, keys) {
      const wanted = keys.filter((k): k is string => Boolean(k?.trim())).map(aliasLookupKey);
      if (wanted.length === 0) return null;
      const rows = await handle.sql<{ key: string; product_code: string }[]>`
        select lower(alias_key) as key, product_code from order_intake.product_aliases
        where odoo_database = ${odooDatabase} and partner_ref = ${partnerRef}
          and lower(alias_key) = any(${wanted})`;
      const byKey = new Map(rows.map((r) => [r.key, r.product_code]));
      for (const k of wanted) {
        const hit = byKey.get(k);
        if (hit) return hit;
      }
      return null;
    },
  };
}
