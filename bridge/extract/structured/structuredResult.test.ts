import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { createMemoryAliasStore } from "../match/aliasStore.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import {
  fixture,
  mailWith,
  pdfWithEmbeddedFile,
  structuredCatalog,
} from "./__fixtures__/structuredFixtures.ts";

const STADTWERKE = "Eva Einkauf <einkauf@stadtwerke-muster.example>";

function extractor(seen = createMemorySeenStore()) {
  const catalog = structuredCatalog();
  return createExtractor({
    catalog,
    seen,
    aliases: createMemoryAliasStore([["C-5001", "SW-BUERO-77", "PEN-BLU"]]),
  });
}

const xmlMail = (file: string, from = STADTWERKE, name = file, id?: string) =>
  mailWith(
    from,
    `Order ${file}`,
    "Please find our order attached.",
    [{ name, type: "application/xml", content: fixture(file) }],
    id,
  );

describe("a structured document becomes the extraction result", () => {
  it("a Peppol Order: customer by GLN, products by code, GTIN and alias, units converted, exact figures, auto threshold", async () => {
    const r = await extractor().extract(xmlMail("peppol-order.xml"));
    expect(r).toMatchObject({ kind: "sales_order", customer_ref: "C-5001", expect: "draft", amends: null });
    expect(r.confidence).toBeGreaterThanOrEqual(0.95);
    const [o] = r.orders;
    expect(o).toMatchObject({
      customer_reference: "PO-SW-2026-0412",
      order_date: "2026-11-28",
      delivery_date: "2026-12-14",
      currency: "EUR",
      total_untaxed: 1802.8,
    });
    expect(o!.lines.map((l) => [l.default_code, l.quantity, l.uom, l.unit_price])).toEqual([
      ["DSK-160", 2, "Units", 429],
      ["SCR-450", 50, "Box of 10", 4.25], // 500 H87 at 42.50 per 100
      ["FLR-405", 1500, "kg", 0.45], // 1.5 TNE at 500/t less 10 %
      ["PEN-BLU", 36, "Units", 1.5917], // 3 DZN at 19.10 by the customer's own code (alias)
    ]);
    const sum = o!.lines.reduce((acc, l) => acc + l.quantity * (l.unit_price ?? 0), 0);
    expect(Math.abs(sum - 1802.8)).toBeLessThan(0.01);
    const codes = r.reasons.map((x) => x.code);
    expect(r.reasons.find((x) => x.code === "structured.read")?.message).toContain(
      "UBL 2.1 Order (Peppol BIS Ordering 3)",
    );
    expect(codes).toContain("customer.identified");
    expect(codes).toContain("structured.delivery_address");
    expect(r.reasons.filter((x) => x.severity !== "info")).toEqual([]);
  });

  it("an Order-X order (CII model): buyer by GLN, requested quantity, dates of format 203, auto threshold", async () => {
    const r = await extractor().extract(xmlMail("order-x.xml"));
    expect(r).toMatchObject({ kind: "sales_order", customer_ref: "C-5001", expect: "draft" });
    expect(r.orders[0]).toMatchObject({
      customer_reference: "PO-SW-2026-0420",
      order_date: "2026-12-06",
      delivery_date: "2026-12-22",
      currency: "EUR",
      total_untaxed: 1716,
      lines: [{ default_code: "DSK-160", quantity: 4, unit_price: 429 }],
    });
    expect(r.reasons.find((x) => x.code === "structured.read")?.message).toContain("Order-X (CII) BASIC");
  });

  it("the same order from an address the customer does not use is found by GLN but goes to review", async () => {
    const r = await extractor().extract(xmlMail("peppol-order.xml", "someone@elsewhere.example"));
    // an unknown sender is a hard warning: drafted for a person to review, never automatic
    expect(r).toMatchObject({ kind: "sales_order", customer_ref: "C-5001", expect: "review" });
    expect(r.confidence).toBeLessThan(0.95);
    expect(r.reasons.map((x) => x.code)).toContain("customer.sender_unlisted");
    // a colleague forwarding it (or an upload in Odoo) vouches for the sender
    const forwarded = await extractor().extract(xmlMail("peppol-order.xml", "jana@ourcompany.example"));
    expect(forwarded).toMatchObject({ kind: "sales_order", customer_ref: "C-5001", expect: "draft" });
    expect(forwarded.reasons.map((x) => x.code)).not.toContain("customer.sender_unlisted");
  });

  it("totals that do not add up, unknown products and unknown unit codes are doubts (review)", async () => {
    const tampered = fixture("peppol-order.xml")
      .toString("utf8")
      .replace('<cbc:PayableAmount currencyID="EUR">2145.33', '<cbc:PayableAmount currencyID="EUR">2145.33')
      .replace(
        '<cbc:TaxInclusiveAmount currencyID="EUR">2145.33',
        '<cbc:TaxInclusiveAmount currencyID="EUR">2245.33',
      );
    const r = await extractor().extract(
      mailWith(STADTWERKE, "Order", "", [
        { name: "o.xml", type: "text/xml", content: Buffer.from(tampered) },
      ]),
    );
    expect(r.expect).toBe("review");
    expect(r.reasons.find((x) => x.code === "totals.mismatch")?.message).toContain("2245.33");
    const old = await extractor().extract(xmlMail("ubl20-order.xml", "bestellung@baeckerei-mueller.example"));
    expect(old).toMatchObject({ kind: "sales_order", customer_ref: "C-5002", expect: "review" });
    expect(old.orders[0]?.lines.map((l) => [l.default_code, l.quantity, l.uom, l.unit_price])).toEqual([
      ["FLR-405", 250, "kg", 0.48],
      [null, 4, "Units", null],
    ]);
    expect(old.reasons.map((x) => x.code)).toEqual(
      expect.arrayContaining(["line.unknown_product", "line.unit_code_unknown"]),
    );
  });

  it("OrderChange and OrderCancellation take the amendment path of the order they reference, never a new order", async () => {
    const seen = createMemorySeenStore();
    const first = await extractor(seen).extract(
      xmlMail("peppol-order.xml", STADTWERKE, "po.xml", "<po-1@sw>"),
      {
        key: "101",
      },
    );
    expect(first.kind).toBe("sales_order");
    const change = await extractor(seen).extract(
      xmlMail("order-change.xml", STADTWERKE, "chg.xml", "<chg-1@sw>"),
      {
        key: "102",
      },
    );
    expect(change).toMatchObject({
      kind: "amendment",
      expect: "review",
      amends: {
        customer_reference: "PO-SW-2026-0412",
        of: "101",
        changes: [{ kind: "quantity", default_code: "DSK-160", from: 2, to: 3 }],
      },
    });
    // the order after the change: the revised line, the others as they were
    expect(change.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([
      ["DSK-160", 3],
      ["SCR-450", 50],
      ["FLR-405", 1500],
      ["PEN-BLU", 36],
    ]);
    const cancel = await extractor(seen).extract(
      xmlMail("order-cancellation.xml", STADTWERKE, "c.xml", "<c-1@sw>"),
      {
        key: "103",
      },
    );
    expect(cancel).toMatchObject({
      kind: "amendment",
      orders: [],
      amends: { customer_reference: "PO-SW-2026-0412", of: "101" },
    });
    expect(cancel.reasons.map((x) => x.code)).toEqual(
      expect.arrayContaining(["amendment.cancel", "amendment.linked"]),
    );
  });

  it("a RequestForQuotation is not an order; an invoice is a vendor bill only from a known vendor, never a sales order", async () => {
    const rfq = await extractor().extract(xmlMail("rfq.xml"));
    expect(rfq).toMatchObject({ kind: "not_an_order", orders: [], expect: "review" });
    expect(rfq.reasons.map((x) => x.code)).toContain("classify.rfq");

    const bill = await extractor().extract(
      xmlMail("ubl-invoice.xml", "Buchhaltung <rechnung@rheinholz.example>"),
    );
    expect(bill).toMatchObject({ kind: "vendor_bill", vendor_ref: "V-6001", orders: [], customer_ref: null });
    // by the VAT number in the document, whoever forwarded it
    const byVat = await extractor().extract(
      mailWith("ap@ourcompany.example", "Fwd: bill", "", [
        {
          name: "RH.pdf",
          type: "application/pdf",
          content: pdfWithEmbeddedFile({ name: "factur-x.xml", content: fixture("factur-x.xml") }, [
            "Invoice",
          ]),
        },
      ]),
    );
    expect(byVat).toMatchObject({ kind: "vendor_bill", vendor_ref: "V-6001", orders: [] });
    expect(byVat.reasons.find((x) => x.code === "structured.read")?.message).toContain("Factur-X");

    const unknownVat = Buffer.from(
      fixture("ubl-invoice.xml").toString("utf8").replaceAll("DE153746814", "DE999999999"),
    );
    const stranger = await extractor().extract(
      mailWith("Einkauf <einkauf@stadtwerke-muster.example>", "invoice", "", [
        { name: "inv.xml", type: "application/xml", content: unknownVat },
      ]),
    );
    // a known customer's address sending an invoice: still not a sales order
    expect(stranger).toMatchObject({ kind: "not_an_order", orders: [], expect: "review" });
    expect(stranger.reasons.map((x) => x.code)).toContain("structured.unknown_vendor");
  });

  it("an EDIFACT ORDERS as an attachment: buyer by GLN, exact lines; a hostile XML beside an email goes to review with the reason", async () => {
    const r = await extractor().extract(
      mailWith(STADTWERKE, "ORDERS", "", [
        { name: "ORDERS_0415.edi", type: "application/edifact", content: fixture("eancom-orders-d96a.edi") },
      ]),
    );
    expect(r).toMatchObject({ kind: "sales_order", customer_ref: "C-5001", expect: "draft" });
    expect(r.orders[0]).toMatchObject({
      customer_reference: "PO-SW-2026-0415",
      total_untaxed: 1070.5,
      delivery_date: "2026-12-16",
    });
    expect(r.orders[0]?.lines.map((l) => [l.default_code, l.quantity, l.uom, l.unit_price])).toEqual([
      ["SCR-450", 50, "Box of 10", 4.25],
      ["DSK-160", 2, "Units", 429],
    ]);
    expect(r.reasons.find((x) => x.code === "structured.read")?.message).toContain(
      "EDIFACT D.96A (EANCOM EAN008) ORDERS",
    );

    const hostile = await extractor().extract(
      mailWith(STADTWERKE, "Order", "Our order 4711: 2 x DSK-160", [
        {
          name: "order.xml",
          type: "application/xml",
          content: Buffer.from(
            `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><Order>&a;</Order>`,
          ),
        },
      ]),
    );
    expect(hostile.expect).toBe("review");
    expect(hostile.reasons.find((x) => x.code === "xml.doctype")).toMatchObject({
      severity: "hard",
      path: "attachment:order.xml",
    });
  });
});
