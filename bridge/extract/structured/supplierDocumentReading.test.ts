import { describe, expect, it } from "vitest";
import { fixture, mailWith, pdfWithEmbeddedFile } from "./__fixtures__/structuredFixtures.ts";
import { supplierDocumentReading } from "./supplierDocumentReading.ts";

describe("what `order-intake extract` prints of a supplier document", () => {
  it("a Factur-X PDF: number, dates, vendor with VAT, lines, taxes and totals, in the shape of an order", async () => {
    const pdf = pdfWithEmbeddedFile({ name: "factur-x.xml", content: fixture("factur-x.xml") }, ["Rechnung"]);
    const raw = mailWith("Buchhaltung <rechnung@rheinholz.example>", "Rechnung RH-2026-21007", "anbei", [
      { name: "RH-2026-21007.pdf", type: "application/pdf", content: pdf },
    ]);
    const read = await supplierDocumentReading(raw, { kind: "vendor_bill", vendor_ref: "V-6001" });
    expect(read).toMatchObject({
      kind: "invoice",
      standard: "Factur-X / ZUGFeRD (CII) EN 16931",
      document_number: "RH-2026-21007",
      document_date: "2026-12-01",
      due_date: "2026-12-31",
      currency: "EUR",
      vendor: { ref: "V-6001", name: "Rheinholz Möbelwerke GmbH", vat: "DE153746814" },
      po_numbers: ["PO-NB-26-0991"],
      taxes: [
        { percent: 19, base: 6045, amount: 1148.55 },
        { percent: 7, base: 124, amount: 8.68 },
      ],
      total_untaxed: 6169,
      total_tax: 1157.23,
      total: 7326.23,
    });
    expect(
      read?.lines.map((l) => [l.default_code, l.quantity, l.uom, l.unit_price, l.amount, l.tax_percent]),
    ).toEqual([
      ["RH-EI-160", 20, "Units", 298, 5960, 19],
      ["RH-SCR-4", 1000, "Units", 0.085, 85, 19],
      ["RH-KAT-27", 10, "Units", 12.4, 124, 7],
    ]);
  });

  it("a Peppol OrderResponse: the purchase order it answers, for the Purchase module", async () => {
    const raw = mailWith("auftrag@rheinholz.example", "Order response", "", [
      { name: "or.xml", type: "application/xml", content: fixture("order-response.xml") },
    ]);
    const read = await supplierDocumentReading(raw, { kind: "purchase_confirmation", vendor_ref: "V-6001" });
    expect(read).toMatchObject({
      kind: "order_response",
      document_number: "OR-88121",
      document_date: "2026-12-03",
      po_numbers: ["P00031"],
      vendor: { vat: "DE153746814" },
    });
  });

  it("an order is not a supplier document", async () => {
    const raw = mailWith("einkauf@stadtwerke-muster.example", "PO", "", [
      { name: "po.xml", type: "application/xml", content: fixture("peppol-order.xml") },
    ]);
    expect(await supplierDocumentReading(raw, { kind: "sales_order", vendor_ref: null })).toBeNull();
  });
});
