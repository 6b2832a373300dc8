import { fileURLToPath } from "node:url";
import { corpusMail, mail, textPdf } from "../../modules/__fixtures__/moduleMails.ts";

const corpus = fileURLToPath(new URL("../../modules/__fixtures__/corpus", import.meta.url));

const table = (po: string, rows: string[], signature = ["Jana Keller", "Acme GmbH"]) =>
  [
    "Sehr geehrte Damen und Herren,",
    "",
    `bitte liefern Sie gemäß unserer Bestellung Nr. ${po}:`,
    "",
    "Pos  Artikel   Bezeichnung          Menge  Einzelpreis  Gesamt",
    ...rows,
    "",
    "Mit freundlichen Grüßen",
    ...signature,
  ].join("\n");

const acme = "Jana Keller <j.keller@acme-gmbh.example>";

/** The same terms-and-conditions PDF a customer attaches to every order. */
export const termsPdf = textPdf([
  "Allgemeine Einkaufsbedingungen der Acme GmbH",
  "1. Geltungsbereich",
  "Diese Bedingungen gelten fuer alle Bestellungen.",
]);

/** An order of Acme (C-1001) for FUR-1041 x qty, with its own PO number: for benches. */
export function acmeOrder(po: string, messageId: string, qty = 2): Promise<Buffer> {
  return mail({
    from: acme,
    subject: `Bestellung ${po}`,
    messageId,
    text: table(po, [
      `1    FUR-1041  Desk Oak 140         ${qty}      389,00       ${(qty * 389).toFixed(2).replace(".", ",")}`,
      "",
      `Gesamt netto: ${(qty * 389).toFixed(2).replace(".", ",")} EUR`,
    ]),
  });
}

/** One mail of every outcome, by name; `run` makes the Message-IDs and PO numbers unique per run. */
export async function e2eMails(run: string) {
  const id = (name: string) => `<${name}-${run}@e2e.example>`;
  // a customer no Odoo knows yet, also on a real Odoo kept between runs
  const newCustomerEmail = `otto@neukunde-${run.toLowerCase().replace(/[^a-z0-9]/g, "")}.example`;
  const po = (n: number) => `45${run.replace(/\D/g, "").padEnd(6, "0").slice(0, 6)}${n}`;
  const clean = await mail({
    from: acme,
    subject: `Bestellung ${po(1)}`,
    messageId: id("clean"),
    text: table(po(1), [
      "1    FUR-1041  Desk Oak 140         2      389,00       778,00",
      "2    FUR-1042  Desk Oak 160         1      429,00       429,00",
      "",
      "Gesamt netto: 1.207,00 EUR",
    ]),
  });
  return {
    po,
    id,
    newCustomerEmail,
    clean,
    /** the same order sent again (another Message-ID, the same PO number) */
    duplicate: Buffer.from(clean.toString("latin1").replace(id("clean"), id("duplicate")), "latin1"),
    /**
     * the unknown product's code, new per run: the correction test teaches Odoo an alias for it, which
     * a real Odoo kept between runs would otherwise match on the next run
     */
    unknownProductCode: `XQ-${run.toUpperCase()}`,
    unknownProduct: await mail({
      from: acme,
      subject: `Bestellung ${po(2)}`,
      messageId: id("unknown-product"),
      text: table(po(2), [
        "1    FUR-1041  Desk Oak 140         2      389,00       778,00",
        `2    XQ-${run.toUpperCase()}  Wandregal Zirbe      3      55,00        165,00`,
        "",
        "Gesamt netto: 943,00 EUR",
      ]),
    }),
    /** a product no Odoo has yet (its code is new per run): created during the test, then Retry */
    missingProductCode: `ZB-${run.toUpperCase()}`,
    missingProduct: await mail({
      from: acme,
      subject: `Bestellung ${po(7)}`,
      messageId: id("missing-product"),
      text: table(po(7), [
        "1    FUR-1041  Desk Oak 140         1      389,00       389,00",
        `2    ZB-${run.toUpperCase()}  Garderobe Esche      4      120,00       480,00`,
        "",
        "Gesamt netto: 869,00 EUR",
      ]),
    }),
    unknownCustomer: await mail({
      from: `Otto Neu <${newCustomerEmail}>`,
      subject: `Bestellung NK-${run}`,
      messageId: id("unknown-customer"),
      text: table(
        `NK-${run}`,
        ["1    FUR-1041  Desk Oak 140         2      389,00       778,00", "", "Gesamt netto: 778,00 EUR"],
        ["Otto Neu", "Neukunde Bau GmbH"],
      ),
    }),
    unreadable: await mail({
      from: acme,
      subject: `Bestellung ${po(3)}`,
      messageId: id("unreadable"),
      text: "Sehr geehrte Damen und Herren,\n\nanbei unsere Bestellung.\n\nMit freundlichen Grüßen\nJana Keller",
      attachments: [
        {
          filename: `Bestellung-${po(3)}.pdf`,
          contentType: "application/pdf",
          content: Buffer.from("%PDF-1.7\n\x00\x01not a pdf at all\x02\x03".repeat(20), "latin1"),
        },
      ],
    }),
    quotation: await mail({
      from: acme,
      subject: "Anfrage Angebot Schreibtische",
      messageId: id("quotation"),
      text: "Sehr geehrte Damen und Herren,\n\nbitte senden Sie uns ein Angebot für 20 Stück FUR-1041 Desk Oak 140 mit Lieferzeit.\nWir planen die Bestellung für Januar.\n\nMit freundlichen Grüßen\nJana Keller",
    }),
    /** a supplier's invoice (corpus 028) in the sales mailbox */
    vendorBill: corpusMail(corpus, "028", id("vendor-bill")),
    terms1: await mail({
      from: acme,
      subject: `Bestellung ${po(4)}`,
      messageId: id("terms-1"),
      text: table(po(4), [
        "1    FUR-1042  Desk Oak 160         1      429,00       429,00",
        "",
        "Gesamt netto: 429,00 EUR",
      ]),
      attachments: [{ filename: "AGB-Acme.pdf", contentType: "application/pdf", content: termsPdf }],
    }),
    terms2: await mail({
      from: acme,
      subject: `Bestellung ${po(5)}`,
      messageId: id("terms-2"),
      text: table(po(5), [
        "1    FUR-1043  Desk Oak 180         4      469,00     1.876,00",
        "",
        "Gesamt netto: 1.876,00 EUR",
      ]),
      attachments: [{ filename: "AGB-Acme.pdf", contentType: "application/pdf", content: termsPdf }],
    }),
    /** an order as a PDF, for the upload */
    uploadPdf: textPdf([
      "Acme GmbH - Bestellung",
      `Bestellnummer: ${po(6)}`,
      "Pos Artikel Bezeichnung Menge Einzelpreis Gesamt",
      "1 FUR-1044 Desk Walnut 160 2 519,00 1.038,00",
      "Gesamt netto: 1.038,00 EUR",
    ]),
  };
}
