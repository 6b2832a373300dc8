import type { Catalog, Product } from "../../match/catalog.ts";

const product = (default_code: string, name: string, list_price: number, uom = "Units"): Product => ({
  default_code,
  name,
  list_price,
  currency: "EUR",
  uom,
  barcode: null,
  category: "",
});

/** A small catalog with one known customer (two domains), for the hostile-input tests. */
export const smallCatalog: Catalog = {
  ownDomain: "ourcompany.example",
  products: [
    product("BOX-1001", "Shipping box small", 0.9),
    product("BOX-1002", "Shipping box large", 1.4),
    product("TAPE-2001", "Packing tape clear", 2.5),
  ],
  customers: [
    {
      ref: "C-1",
      name: "Acme Retail GmbH",
      email_domain: "acme.example",
      email_domains: ["acme.example", "acme-group.example"],
      contact_emails: ["buyer@acme.example"],
      contact_names: ["Anna Buyer"],
      vat: null,
      country: "DE",
      currency: "EUR",
      language: "en",
    },
  ],
  vendors: [],
};
