import { readFileSync } from "node:fs";
import path from "node:path";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { minimalPdf } from "../../extract/documents/__fixtures__/minimalPdf.ts";

/** A one-page PDF with one line of text per entry (top to bottom). */
export function textPdf(lines: string[]): Buffer {
  const ops = lines.map(
    (l, i) => `BT /F1 11 Tf 50 ${780 - i * 18} Td (${l.replace(/([()\\])/g, "\\$1")}) Tj ET`,
  );
  return minimalPdf([ops.join("\n")]);
}

export async function mail(options: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}): Promise<Buffer> {
  // what the receiving server adds for a sender whose domain passes SPF, DKIM and DMARC (P14)
  const domain = /@([^>\s]+)/.exec(options.from)?.[1] ?? "example.com";
  return new MailComposer({
    headers: {
      "Authentication-Results": `mx1.ourcompany.example; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass header.from=${domain}`,
    },
    from: options.from,
    to: "intake@ourcompany.example",
    subject: options.subject,
    text: options.text,
    messageId: options.messageId,
    date: new Date("2026-11-18T09:30:00Z"),
    attachments: options.attachments,
  })
    .compile()
    .build();
}

/** A corpus mail (../shared/corpus/dev/NNN/message.eml), with another Message-ID when given. */
export function corpusMail(corpusDir: string, id: string, messageId?: string): Buffer {
  const raw = readFileSync(path.join(corpusDir, "dev", id, "message.eml"), "latin1");
  const out = messageId ? raw.replace(/^Message-ID:.*$/im, `Message-ID: ${messageId}`) : raw;
  return Buffer.from(out, "latin1");
}

/** A supplier's shipping notice for one of our purchase orders (plain text). */
export function shippingNotice(messageId: string, po: string, expected = "25.11.2026"): Promise<Buffer> {
  return mail({
    from: "Molinos del Sur - Logistica <pedidos@molinosdelsur.example>",
    subject: `Shipping notice LS-26-4471 for your order ${po}`,
    messageId,
    text: [
      "Dear Sir or Madam,",
      "",
      `your order ${po} has been shipped today.`,
      "Delivery note: LS-26-4471",
      "Carrier: DHL",
      "Tracking number: 00340434161094015902",
      `Expected delivery: ${expected}`,
      "",
      "Kind regards, Molinos del Sur S.A.",
    ].join("\n"),
  });
}

/** An employee's taxi receipt as a PDF. */
export function expenseReceipt(messageId: string, from: string): Promise<Buffer> {
  return mail({
    from,
    subject: "Receipt taxi Hamburg",
    messageId,
    text: "Hello, receipt attached for the customer visit.",
    attachments: [
      {
        filename: "taxi-receipt.pdf",
        contentType: "application/pdf",
        content: textPdf([
          "Hansa Taxi Hamburg GmbH",
          "Quittung Nr. Q-2026-118",
          "Datum: 02.11.2026",
          "Fahrt Billstrasse - Flughafen",
          "Summe 42,50 EUR",
        ]),
      },
    ],
  });
}
