import type { Partner, Product } from "./catalog.ts";

export interface PricelistPrice {
  price: number;
  currency: string;
  /** What it comes from, for the reasons: "pricelist rule 12 (fixed)". */
  source: string;
}

/** A customer's price for a product from the rules of their pricelist. */
export interface PriceLookup {
  forCustomer(
    partner: Partner,
    product: Product,
    quantity: number,
    date: string | null,
  ): PricelistPrice | null;
}
