import { readFileSync } from "node:fs";
import type { Catalog } from "../../match/catalog.ts";

/** The test documents of this folder, written for these tests from the specifications. */
export const fixture = (name: string): Buffer => readFileSync(new URL(`./${name}`, import.meta.url));

/** A small catalog whose products and partners the test documents name. */
export function structuredCatalog(): Catalog {
  const partner = {
    email_domains: undefined,
    contact_names: [],
    language: "de",
    currency: "EUR",
    country: "DE",
  };
  return {
    ownDomain: "ourcompany.example",
    products: [
      {
        default_code: "DSK-160",
        name: "Desk Oak 160",
        list_price: 429,
        currency: "EUR",
        uom: "Units",
        barcode: null,
        category: "Furniture",
      },
      {
        default_code: "SCR-450",
        name: "Wood screws 4x50, box of 10",
        list_price: 4.25,
        currency: "EUR",
        uom: "Box of 10",
        barcode: "4006381333931",
        category: "Hardware",
      },
      {
        default_code: "FLR-405",
        name: "Wheat flour type 405",
        list_price: 0.48,
        currency: "EUR",
        uom: "kg",
        barcode: null,
        category: "Food",
      },
      {
        default_code: "PEN-BLU",
        name: "Ballpoint pen blue",
        list_price: 1.6,
        currency: "EUR",
        uom: "Units",
        barcode: null,
        category: "Office",
      },
    ],
    customers: [
      {
        ...partner,
        ref: "C-5001",
        name: "Stadtwerke Musterstadt GmbH",
        email_domain: "stadtwerke-muster.example",
        contact_emails: ["einkauf@stadtwerke-muster.example"],
        vat: "DE811907980",
        gln: "4012345000009",
        peppol_endpoint: "0088:4012345000009",
      },
      {
        ...partner,
        ref: "C-5002",
        name: "Bäckerei Müller",
        email_domain: "baeckerei-mueller.example",
        contact_emails: ["bestellung@baeckerei-mueller.example"],
        vat: null,
      },
    ],
    vendors: [
      {
        ...partner,
        ref: "V-6001",
        name: "Rheinholz Möbelwerke GmbH",
        email_domain: "rheinholz.example",
        contact_emails: ["rechnung@rheinholz.example"],
        vat: "DE153746814",
      },
    ],
  };
}

/** An email with attachments, as a mail client writes it. */
export function mailWith(
  from: string,
  subject: string,
  body: string,
  attachments: Array<{ name: string; type: string; content: Buffer }>,
  messageId = `<${Math.random().toString(36).slice(2)}@structured.test>`,
): Buffer {
  const boundary = "----=_structured_test";
  const parts = [
    `From: ${from}`,
    "To: orders@ourcompany.example",
    `Subject: ${subject}`,
    "Date: Sat, 05 Dec 2026 10:00:00 +0100",
    `Message-ID: ${messageId}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    body,
  ];
  for (const a of attachments) {
    parts.push(
      `--${boundary}`,
      `Content-Type: ${a.type}; name="${a.name}"`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      a.content.toString("base64").replace(/.{76}/g, "$&\r\n"),
    );
  }
  parts.push(`--${boundary}--`, "");
  return Buffer.from(parts.join("\r\n"), "utf8");
}

/**
 * A minimal PDF (one page of text) with a file in its /EmbeddedFiles name tree and /AF, as Factur-X
 * and ZUGFeRD attach their XML to a PDF/A-3. Written by hand: object offsets and xref computed here.
 */
export function pdfWithEmbeddedFile(file: { name: string; content: Buffer }, pageText: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, "\\$&");
  const stream = pageText.map((t, i) => `BT /F1 11 Tf 60 ${780 - i * 16} Td (${esc(t)}) Tj ET`).join("\n");
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> /AF [6 0 R] >>", "latin1"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "latin1"),
    Buffer.from(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
      "latin1",
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n`, "latin1"),
      Buffer.from(stream, "latin1"),
      Buffer.from("\nendstream", "latin1"),
    ]),
    Buffer.from(`<< /Names [(${file.name}) 6 0 R] >>`, "latin1"),
    Buffer.from(
      `<< /Type /Filespec /F (${file.name}) /UF (${file.name}) /AFRelationship /Data /EF << /F 8 0 R /UF 8 0 R >> >>`,
      "latin1",
    ),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "latin1"),
    Buffer.concat([
      Buffer.from(
        `<< /Type /EmbeddedFile /Subtype /text#2Fxml /Length ${file.content.length} /Params << /Size ${file.content.length} >> >>\nstream\n`,
        "latin1",
      ),
      file.content,
      Buffer.from("\nendstream", "latin1"),
    ]),
  ];
  const chunks: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(offset);
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, "latin1"),
      body,
      Buffer.from("\nendobj\n", "latin1"),
    ]);
    chunks.push(obj);
    offset += obj.length;
  }
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF",
    "",
  ].join("\n");
  chunks.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(chunks);
}
