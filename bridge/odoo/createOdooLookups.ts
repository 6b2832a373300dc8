import type { OdooClient } from "./odooClient.ts";

/**
 * Lookups a draft write makes before its create (customer by reference, products by internal
 * reference, UoMs by name, pricelist by currency) and which optional addon methods this Odoo has.
 * Found ids are kept for `ttlMs`; a customer or product not found is asked again every time (one
 * created a minute ago is found); "no pricelist in that currency" is kept like a found one. A caller that gets "record does not exist" on an id from here (deleted in
 * Odoo meanwhile) calls `clear()` and tries again.
 */
export interface OdooLookups {
  partnerByRef(ref: string): Promise<number | undefined>;
  productsByCode(codes: string[]): Promise<Map<string, number>>;
  uomsByName(names: string[]): Promise<Map<string, number>>;
  pricelistForCurrency(currency: string): Promise<number | undefined>;
  /** Whether `model.method` is worth calling: true until `methodMissing` was reported for it. */
  hasMethod(model: string, method: string): boolean;
  methodMissing(model: string, method: string): void;
  clear(): void;
}

interface Entry<T> {
  value: T;
  at: number;
}

export function createOdooLookups(
  client: OdooClient,
  options: { ttlMs?: number; now?: () => number } = {},
): OdooLookups {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const partners = new Map<string, Entry<number>>();
  const products = new Map<string, Entry<number>>();
  const uoms = new Map<string, Entry<number>>();
  const pricelists = new Map<string, Entry<number>>();
  const missingMethods = new Map<string, number>();

  const fresh = <T>(map: Map<string, Entry<T>>, key: string): T | undefined => {
    const e = map.get(key);
    if (!e) return undefined;
    if (now() - e.at > ttlMs) {
      map.delete(key);
      return undefined;
    }
    return e.value;
  };

  /** Cached values for `keys`, fetching the others in one call. */
  const many = async (
    map: Map<string, Entry<number>>,
    keys: string[],
    fetch: (missing: string[]) => Promise<Array<[string, number]>>,
  ): Promise<Map<string, number>> => {
    const out = new Map<string, number>();
    const missing: string[] = [];
    for (const k of new Set(keys)) {
      const v = fresh(map, k);
      if (v === undefined) missing.push(k);
      else out.set(k, v);
    }
    if (missing.length > 0) {
      const at = now();
      for (const [k, v] of await fetch(missing)) {
        if (!out.has(k)) {
          out.set(k, v);
          map.set(k, { value: v, at });
        }
      }
    }
    return out;
  };

  return {
    async partnerByRef(ref) {
      const found = await many(partners, [ref], async ([r]) => {
        const [id] = await client.search("res.partner", [["ref", "=", r]], { limit: 1, order: "id" });
        return id === undefined ? [] : [[r!, id]];
      });
      return found.get(ref);
    },
    productsByCode: (codes) =>
      many(products, codes, async (missing) =>
        (
          await client.searchRead<{ id: number; default_code: string }>(
            "product.product",
            [["default_code", "in", missing]],
            ["id", "default_code"],
          )
        ).map((p) => [p.default_code, p.id] as [string, number]),
      ),
    uomsByName: (names) =>
      many(uoms, names, async (missing) =>
        (
          await client.searchRead<{ id: number; name: string }>(
            "uom.uom",
            [["name", "in", missing]],
            ["id", "name"],
          )
        ).map((u) => [u.name, u.id] as [string, number]),
      ),
    async pricelistForCurrency(currency) {
      const found = await many(pricelists, [currency], async ([name]) => {
        const [currencyId] = await client.search("res.currency", [["name", "=", name]], { limit: 1 });
        if (currencyId === undefined) return [[name!, 0]];
        const [pricelistId] = await client.search("product.pricelist", [["currency_id", "=", currencyId]], {
          limit: 1,
          order: "id",
        });
        // "No pricelist in that currency" is kept too (as 0): the order then takes the customer's.
        return [[name!, pricelistId ?? 0]];
      });
      return found.get(currency) || undefined;
    },
    hasMethod(model, method) {
      const at = missingMethods.get(`${model}.${method}`);
      // The addon may be upgraded meanwhile: ask again after the TTL.
      return at === undefined || now() - at > ttlMs * 10;
    },
    methodMissing(model, method) {
      missingMethods.set(`${model}.${method}`, now());
    },
    clear() {
      partners.clear();
      products.clear();
      uoms.clear();
      pricelists.clear();
    },
  };
}
