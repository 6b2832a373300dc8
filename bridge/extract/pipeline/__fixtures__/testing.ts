/** Small builders for the pipeline's unit tests (not used in production). */
import type { Catalog, Product } from "../../match/catalog.ts";
import type { ParsedLine, ParsedOrder } from "../parsedOrder.ts";
import type { Candidate } from "../readers.ts";

export const product = (default_code: string, name: string, list_price = 1, uom = "Units"): Product => ({
  default_code,
  name,
  list_price,
  currency: "EUR",
  uom,
  barcode: null,
  category: "",
});

export const testCatalog: Catalog = {
  ownDomain: "ourcompany.example",
  customers: [
    {
      ref: "C-1",
      name: "Acme GmbH",
      email_domain: "acme.example",
      contact_emails: ["buyer@acme.example"],
      contact_names: ["Buyer"],
      vat: null,
      country: "DE",
      currency: "EUR",
      language: "de",
    },
  ],
  vendors: [],
  products: [
    product("FUR-1042", "Desk Oak 160", 429),
    product("FUR-1101", "Office Chair ErgoPro Black", 289),
    product("ELC-2501", "Installation Cable NYM-J 3x1.5", 0.89, "m"),
    product("LAB-5001", "Beaker Borosilicate 250 ml", 29.5, "Dozens"),
  ],
};

export const line = (over: Partial<ParsedLine>): ParsedLine => ({
  code: null,
  customerSku: null,
  barcode: null,
  description: "",
  quantity: null,
  unit: null,
  unitPrice: null,
  amount: null,
  from: {},
  ...over,
});

export const candidate = (
  lines: ParsedLine[],
  over: Partial<ParsedOrder> = {},
  texts: string[] = [],
): Candidate => ({
  name: "po.pdf",
  context: { texts, trailer: [] },
  parsed: {
    reader: "table",
    structured: false,
    source: "attachment:po.pdf",
    documentKind: "order",
    documentNumber: null,
    orderDate: null,
    deliveryDate: null,
    currency: null,
    lines,
    reasons: [],
    ...over,
  },
});

/** A plain-text order mail of the demo catalog's customer (bridge/demo/catalog), with its own Message-ID. */
export const demoCustomerMail = (subject: string, body: string[]): Buffer =>
  Buffer.from(
    [
      "From: Anna Lindqvist <anna@lindqvist-design.example>",
      "To: orders@ourcompany.example",
      `Subject: ${subject}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${Math.random().toString(36).slice(2)}@lindqvist-design.example>`,
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      ...body,
      "",
    ].join("\r\n"),
  );
