import type { PriceLookup } from "../extract/match/priceLookup.ts";

/** One pricelist rule of the cache (product.pricelist.item with a fixed price or a discount). */
export interface PriceRule {
  id: number;
  pricelist: number;
  appliedOn: string;
  product: number | null;
  template: number | null;
  compute: string;
  fixedPrice: number;
  percentPrice: number;
  minQuantity: number;
  start: Date | null;
  end: Date | null;
  currency: string | null;
}

/**
 * Odoo's choice among a pricelist's rules (product.pricelist.item `_order`): the most specific
 * (variant, then template, then everything), the highest minimum quantity reached, the newest. Rules
 * on product categories are not cached and never chosen; a discount applies to the list price only in
 * the pricelist's own currency (no exchange rates here). Without a rule: null (the list price applies).
 */
export function createPriceLookup(rules: PriceRule[]): PriceLookup {
  const byPricelist = new Map<number, PriceRule[]>();
  for (const r of rules) byPricelist.set(r.pricelist, [...(byPricelist.get(r.pricelist) ?? []), r]);
  for (const list of byPricelist.values()) {
    list.sort(
      (a, b) => a.appliedOn.localeCompare(b.appliedOn) || b.minQuantity - a.minQuantity || b.id - a.id,
    );
  }
  return {
    forCustomer(partner, product, quantity, date) {
      if (!partner.pricelist_id) return null;
      const when = date ? new Date(`${date}T12:00:00Z`) : null;
      for (const r of byPricelist.get(partner.pricelist_id) ?? []) {
        const applies =
          (r.appliedOn === "0_product_variant" && r.product !== null && r.product === product.odoo_id) ||
          (r.appliedOn === "1_product" && r.template !== null && r.template === product.template_id) ||
          r.appliedOn === "3_global";
        if (!applies || quantity < r.minQuantity) continue;
        if (when && ((r.start && when < r.start) || (r.end && when > r.end))) continue;
        const currency = r.currency ?? product.currency;
        if (r.compute === "fixed")
          return { price: r.fixedPrice, currency, source: `pricelist rule ${r.id} (fixed)` };
        if (r.compute === "percentage") {
          if (currency !== product.currency) return null;
          const price = Math.round(product.list_price * (1 - r.percentPrice / 100) * 10000) / 10000;
          return { price, currency, source: `pricelist rule ${r.id} (${r.percentPrice}% off the list)` };
        }
        return null;
      }
      return null;
    },
  };
}
