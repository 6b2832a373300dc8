import { describe, expect, it } from "vitest";
import { fixture, pdfWithEmbeddedFile } from "./__fixtures__/structuredFixtures.ts";
import { pdfEmbeddedXml } from "./pdfEmbeddedXml.ts";
import { isCiiRoot, readCii } from "./readCii.ts";
import { readEdifact } from "./readEdifact.ts";
import { readStructuredDocuments } from "./readStructuredDocuments.ts";
import { isUblRoot, readUbl } from "./readUbl.ts";
import { parseXml } from "./safeXml.ts";

const ubl = (name: string) => {
  const parsed = parseXml(fixture(name));
  if (!parsed.ok) throw new Error(parsed.message);
  expect(isUblRoot(parsed.root)).toBe(true);
  return readUbl(parsed.root, `attachment:${name}`);
};

describe("UBL reader (UBL 2.0 / 2.1, Peppol BIS Ordering 3 and Billing 3)", () => {
  it("reads a Peppol BIS 3 Order: header, buyer identifiers, delivery, every line element, totals, provenance", () => {
    const o = ubl("peppol-order.xml");
    expect(o).toMatchObject({
      reader: "ubl",
      standard: "UBL 2.1 Order (Peppol BIS Ordering 3)",
      structured: true,
      documentKind: "order",
      documentNumber: "PO-SW-2026-0412",
      orderDate: "2026-11-28",
      deliveryDate: "2026-12-14",
      currency: "EUR",
      orderReference: null,
      totals: {
        lineExtension: 1802.8,
        taxExclusive: 1802.8,
        tax: 342.53,
        taxInclusive: 2145.33,
        payable: 2145.33,
      },
      charges: [{ charge: true, reason: "Freight", amount: 0 }],
    });
    expect(o.buyer).toMatchObject({
      name: "Stadtwerke Musterstadt",
      email: "einkauf@stadtwerke-muster.example",
      gln: "4012345000009",
      vat: "DE811907980",
      endpoint: "0088:4012345000009",
      address: { street: "Am Wasserturm 3", city: "Musterstadt", zip: "12345", country: "DE" },
    });
    expect(o.seller).toMatchObject({ gln: "7612345678900", name: "Our Company AG" });
    expect(o.deliveryAddress).toMatchObject({
      name: "Stadtwerke Lager Nord",
      street: "Werkstraße 7",
      street2: "Tor Nord",
      zip: "12347",
      city: "Musterstadt",
      country: "DE",
    });
    expect(
      o.lines.map((l) => [
        l.position,
        l.code,
        l.barcode,
        l.customerSku,
        l.quantity,
        l.unitCode,
        l.unitPrice,
        l.priceBase ?? 1,
        l.amount,
      ]),
    ).toEqual([
      ["1", "DSK-160", null, "SW-MOEB-0016", 2, "C62", 429, 1, 858],
      ["2", null, "4006381333931", null, 500, "H87", 42.5, 100, 212.5],
      ["3", "FLR-405", null, null, 1.5, "TNE", 500, 1, 675],
      ["4", null, null, "SW-BUERO-77", 3, "DZN", 19.1, 1, 57.3],
    ]);
    expect(o.lines[0]).toMatchObject({
      description: "Desk Oak 160",
      taxPercent: 19,
      note: "Oak, as last time",
    });
    expect(o.lines[2]).toMatchObject({
      deliveryDate: "2026-12-21",
      discountPercent: 10,
      allowances: [{ charge: false, reason: "Quantity discount", amount: 75, percent: 10 }],
    });
    expect(o.lines[3]?.description).toBe("Pen blue – Ballpoint pens, blue");
    // the extension's ID is not the document's
    expect(o.documentNumber).not.toBe("IGNORED-99");
    expect(o.from?.documentNumber).toMatchObject({ reader: "ubl", field: "cbc:ID", text: "PO-SW-2026-0412" });
    expect(o.lines[1]?.from.priceBase).toMatchObject({
      field: "cac:OrderLine[2]/cac:LineItem/cac:Price/cbc:BaseQuantity",
      text: "100",
    });
    expect(o.lines[1]?.from.barcode?.field).toBe(
      "cac:OrderLine[2]/cac:LineItem/cac:Item/cac:StandardItemIdentification/cbc:ID",
    );
  });

  it("reads a UBL 2.0 Order with other prefixes, ISO-8859-1, no currency code, no totals and missing elements", () => {
    const o = ubl("ubl20-order.xml");
    expect(o).toMatchObject({
      standard: "UBL 2.0 Order",
      documentNumber: "4711/B",
      orderDate: "2026-11-30",
      deliveryDate: null,
      currency: "EUR", // from the amounts' currencyID
      totals: { lineExtension: null, payable: null },
    });
    expect(o.buyer).toMatchObject({ name: "Bäckerei Müller", email: "bestellung@baeckerei-mueller.example" });
    expect(o.buyer?.ids).toContain("CUSTOMERASSIGNEDACCOUNTID:K-0815");
    expect(o.lines.map((l) => [l.code, l.quantity, l.unitCode, l.unitPrice])).toEqual([
      ["FLR-405", 250, "KGM", 0.48],
      ["NOPE-1", 4, "XYZ", null],
    ]);
  });

  it("reads OrderChange and OrderCancellation with the order they reference, OrderResponse and RFQ by kind", () => {
    expect(ubl("order-change.xml")).toMatchObject({
      documentKind: "order_change",
      documentNumber: "CHG-0412-1",
      orderReference: "PO-SW-2026-0412",
      lines: [{ code: "DSK-160", quantity: 3, note: "line status Revised" }],
    });
    expect(ubl("order-cancellation.xml")).toMatchObject({
      documentKind: "order_cancellation",
      orderReference: "PO-SW-2026-0412",
      reasons: [{ code: "structured.cancellation_note" }],
    });
    expect(ubl("order-response.xml")).toMatchObject({
      documentKind: "order_response",
      standard: "UBL 2.x OrderResponse (Peppol BIS Ordering 3)",
      documentNumber: "OR-88121",
      orderReference: "P00031",
      seller: { vat: "DE153746814", endpoint: "9930:DE153746814" },
    });
    expect(ubl("rfq.xml")).toMatchObject({
      documentKind: "request_for_quotation",
      buyer: { gln: "4012345000009" },
      lines: [{ code: "DSK-160", quantity: 40 }],
    });
  });

  it("reads a UBL Invoice and CreditNote: number, dates, vendor VAT, lines, taxes and totals exactly", () => {
    const inv = ubl("ubl-invoice.xml");
    expect(inv).toMatchObject({
      documentKind: "invoice",
      standard: "UBL 2.x Invoice (Peppol BIS Billing 3)",
      documentNumber: "RH-2026-20931",
      orderDate: "2026-11-30",
      dueDate: "2026-12-30",
      currency: "EUR",
      orderReference: "PO-NB-26-0990",
      seller: { name: "Rheinholz Möbelwerke GmbH", vat: "DE153746814" },
      buyer: { gln: "7612345678900" },
      taxes: [
        { percent: 19, base: 7782.5, amount: 1478.68, category: "S" },
        { percent: 7, base: 124, amount: 8.68, category: "AA" },
      ],
      totals: {
        lineExtension: 7906.5,
        taxExclusive: 7906.5,
        tax: 1487.36,
        taxInclusive: 9393.86,
        payable: 9393.86,
      },
    });
    expect(inv.lines.map((l) => [l.code, l.quantity, l.unitPrice, l.amount, l.taxPercent])).toEqual([
      ["RH-EI-160", 20, 298, 5960, 19],
      ["RH-RC-3", 15, 121.5, 1822.5, 19],
      ["RH-KAT-27", 10, 12.4, 124, 7],
    ]);
    expect(ubl("ubl-creditnote.xml")).toMatchObject({
      documentKind: "credit_note",
      documentNumber: "RH-GS-2026-0077",
      dueDate: "2026-12-18",
      seller: { vat: "DE153746814" },
      lines: [{ code: "RH-EI-160", quantity: 1, unitPrice: 298 }],
      totals: { taxInclusive: 354.62 },
    });
  });
});

describe("CII reader (Factur-X / ZUGFeRD / XRechnung)", () => {
  it("reads a CrossIndustryInvoice: number, dates, seller VAT and email, lines with BasisQuantity, taxes, totals", () => {
    const parsed = parseXml(fixture("factur-x.xml"));
    if (!parsed.ok) throw new Error(parsed.message);
    expect(isCiiRoot(parsed.root)).toBe(true);
    const inv = readCii(parsed.root, "attachment:x.pdf#factur-x.xml");
    expect(inv).toMatchObject({
      reader: "cii",
      standard: "Factur-X / ZUGFeRD (CII) EN 16931",
      documentKind: "invoice",
      documentNumber: "RH-2026-21007",
      orderDate: "2026-12-01",
      dueDate: "2026-12-31",
      deliveryDate: "2026-11-27",
      currency: "EUR",
      orderReference: "PO-NB-26-0991",
      seller: {
        name: "Rheinholz Möbelwerke GmbH",
        vat: "DE153746814",
        email: "rechnung@rheinholz.example",
        address: { street: "Industriestraße 40", zip: "50735", city: "Köln", country: "DE" },
      },
      buyer: { gln: "7612345678900" },
      taxes: [
        { percent: 19, base: 6045, amount: 1148.55, category: "S" },
        { percent: 7, base: 124, amount: 8.68, category: "AA" },
      ],
      totals: {
        lineExtension: 6169,
        taxExclusive: 6169,
        tax: 1157.23,
        taxInclusive: 7326.23,
        payable: 7326.23,
      },
    });
    expect(
      inv.lines.map((l) => [
        l.code,
        l.barcode,
        l.quantity,
        l.unitCode,
        l.unitPrice,
        l.priceBase ?? 1,
        l.amount,
      ]),
    ).toEqual([
      ["RH-EI-160", "4000000000013", 20, "C62", 298, 1, 5960],
      ["RH-SCR-4", null, 1000, "C62", 8.5, 100, 85],
      ["RH-KAT-27", null, 10, "C62", 12.4, 1, 124],
    ]);
    expect(inv.lines[1]?.from.unitPrice?.field).toContain("NetPriceProductTradePrice/ram:ChargeAmount");
  });

  it("finds the CII XML embedded in a Factur-X PDF (the /EmbeddedFiles name tree) and reads it", async () => {
    const pdf = pdfWithEmbeddedFile({ name: "factur-x.xml", content: fixture("factur-x.xml") }, [
      "Invoice RH-2026-21007",
    ]);
    const embedded = await pdfEmbeddedXml(pdf);
    expect(embedded.map((e) => e.filename)).toEqual(["factur-x.xml"]);
    const reading = await readStructuredDocuments({
      attachments: [{ filename: "RH-2026-21007.pdf", contentType: "application/pdf", content: pdf }],
    });
    expect(reading.orders).toHaveLength(1);
    expect(reading.orders[0]).toMatchObject({
      reader: "cii",
      source: "attachment:RH-2026-21007.pdf#factur-x.xml",
      documentNumber: "RH-2026-21007",
      totals: { taxInclusive: 7326.23 },
    });
  });

  it("a PDF without embedded files and a foreign XML give no structured reading", async () => {
    const plain = pdfWithEmbeddedFile({ name: "notes.txt", content: Buffer.from("x") }, ["hello"]);
    const reading = await readStructuredDocuments({
      attachments: [
        { filename: "a.pdf", contentType: "application/pdf", content: plain },
        {
          filename: "feed.xml",
          contentType: "application/xml",
          content: Buffer.from("<rss><channel/></rss>"),
        },
      ],
    });
    expect(reading).toEqual({ orders: [], refused: [] });
  });
});

describe("EDIFACT reader (ORDERS D.96A EANCOM, D.01B)", () => {
  it("reads an EANCOM ORDERS with UNA, release characters, NAD with GLNs, LIN/PIA/IMD/QTY/PRI/MOA", () => {
    const { orders } = readEdifact(fixture("eancom-orders-d96a.edi").toString("latin1"), "attachment:o.edi");
    expect(orders).toHaveLength(1);
    const o = orders[0]!;
    expect(o).toMatchObject({
      reader: "edifact",
      standard: "EDIFACT D.96A (EANCOM EAN008) ORDERS",
      documentKind: "order",
      documentNumber: "PO-SW-2026-0415",
      orderDate: "2026-12-05",
      deliveryDate: "2026-12-16",
      currency: "EUR",
      buyer: {
        gln: "4012345000009",
        vat: "DE811907980",
        email: "einkauf@stadtwerke-muster.example",
        name: "Stadtwerke Musterstadt",
        address: { street: "Am Wasserturm 3", city: "Musterstadt", zip: "12345", country: "DE" },
      },
      seller: { gln: "7612345678900" },
      deliveryAddress: { name: "Stadtwerke Lager Nord", street: "Werkstrasse 7", zip: "12347" },
      totals: { lineExtension: 1070.5 },
    });
    expect(
      o.lines.map((l) => [
        l.position,
        l.code,
        l.barcode,
        l.customerSku,
        l.description,
        l.quantity,
        l.unitCode,
        l.unitPrice,
        l.priceBase ?? 1,
        l.amount,
      ]),
    ).toEqual([
      ["1", null, "4006381333931", "SW-SCHR-450", "Holzschrauben 4x50 + Bits", 500, "PCE", 42.5, 100, 212.5],
      ["2", "DSK-160", null, null, "Schreibtisch Eiche 160", 2, null, 429, 1, 858],
    ]);
    expect(o.lines[1]?.deliveryDate).toBe("2026-12-18");
    expect(o.lines[0]?.from.quantity).toMatchObject({
      reader: "edifact",
      field: "QTY+21",
      text: "QTY+21:500:PCE",
    });
  });

  it("reads a D.01B ORDERS without UNA on one line, and an ORDERS cancellation by its message function", () => {
    const { orders } = readEdifact(fixture("orders-d01b.edi").toString("latin1"), "attachment:o.edi");
    expect(orders[0]).toMatchObject({
      standard: "EDIFACT D.01B ORDERS",
      documentNumber: "PO-SW-2026-0416",
      buyer: { gln: "4012345000009" },
      lines: [{ code: "FLR-405", quantity: 2, unitCode: "TNE", unitPrice: 480, amount: 960 }],
    });
    const cancel = readEdifact(
      "UNB+UNOC:3+4012345000009:14+7612345678900:14+261206:0800+78'UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-SW-2026-0415+1'NAD+BY+4012345000009::9'UNT+4+1'UNZ+1+78'",
      "body:text",
    ).orders[0];
    expect(cancel).toMatchObject({ documentKind: "order_cancellation", orderReference: "PO-SW-2026-0415" });
  });

  it("decodes an ISO 8859-1 interchange (UNOC) as such, and a UTF-8 one (UNOW) as UTF-8", async () => {
    const text = (syntax: string) =>
      `UNB+${syntax}:3+4012345000009:14+7612345678900:14+261206:0800+79'UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO-9+9'NAD+BY+4012345000009::9++Bäckerei Müller'LIN+1++DSK-160:SA'QTY+21:1'UNT+5+1'UNZ+1+79'`;
    for (const [syntax, bytes] of [
      ["UNOC", Buffer.from(text("UNOC"), "latin1")],
      ["UNOW", Buffer.from(text("UNOW"), "utf8")],
    ] as const) {
      const reading = await readStructuredDocuments({
        attachments: [{ filename: "order.edi", contentType: "application/octet-stream", content: bytes }],
      });
      expect([syntax, reading.orders[0]?.buyer?.name]).toEqual([syntax, "Bäckerei Müller"]);
    }
  });

  it("finds an interchange pasted into an email body; a truncated one is read with a doubt", async () => {
    const body = `Guten Tag,\nanbei unsere Bestellung:\n\n${fixture("orders-d01b.edi")
      .toString("latin1")
      .replace(/UNT.*$/, "")}\n\nMfG`;
    const reading = await readStructuredDocuments({ attachments: [], bodyText: body });
    expect(reading.orders[0]).toMatchObject({ source: "body:text", documentNumber: "PO-SW-2026-0416" });
    expect(reading.orders[0]?.reasons.map((r) => r.code)).toContain("edifact.truncated");
    expect(readEdifact("We use UNB+ segments in our EDI.", "body:text").orders).toEqual([]);
  });
});
