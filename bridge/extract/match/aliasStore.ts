import { aliasLookupKey } from "./aliasKey.ts";

/**
 * Learned product aliases: what a person taught about one customer's part numbers and wordings
 * (corrections of AI drafts in Odoo, picks in Slack). The matcher asks it first for that customer.
 */
export interface AliasStore {
  /** Our product code for the first of `keys` (most specific first) this customer has an alias for. */
  lookup(partnerRef: string, keys: Array<string | null | undefined>): Promise<string | null>;
}

/** In memory, for the evaluation and tests: `entries` are [partnerRef, key, productCode]. */
export function createMemoryAliasStore(entries: Array<[string, string, string]> = []): AliasStore & {
  add(partnerRef: string, key: string, productCode: string): void;
} {
  const map = new Map<string, string>();
  const add = (partnerRef: string, key: string, productCode: string) =>
    map.set(`${partnerRef}\u0000${aliasLookupKey(key)}`, productCode);
  for (const [p, k, c] of entries) add(p, k, c);
  return {
    add,
    async lookup(partnerRef, keys) {
      for (const k of keys) {
        if (!k) continue;
        const hit = map.get(`${partnerRef}\u0000${aliasLookupKey(k)}`);
        if (hit) return hit;
      }
      return null;
    },
  };
}
