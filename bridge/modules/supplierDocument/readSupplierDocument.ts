import { readDocument } from "../../extract/documents/readDocument.ts";
import { parseEmail } from "../../extract/mime/parseEmail.ts";
import { findCurrency, findPoNumbers, findStatedNetTotal } from "../../extract/order/headerFields.ts";
import type { ParsedOrder } from "../../extract/pipeline/parsedOrder.ts";
import { findDates } from "../../extract/text/parseDate.ts";
import { detectDecimalSeparator, parseNumber } from "../../extract/text/parseNumber.ts";
import { defaultReadLimits, type LineTable, type ReadLimits } from "../../extract/types.ts";
import { readStructuredSupplierDocument, withStructuredReading } from "./structuredSupplierDocument.ts";

/** One line of a supplier document (order confirmation, bill, shipping notice), as printed. */
export interface SupplierLine {
  /** The supplier's article number (or ours), when a cell looks like one. */
  code: string | null;
  description: string;
  quantity: number | null;
  unit: string | null;
  unitPrice: number | null;
  amount: number | null;
}

/**
 * What a document from a supplier (or an employee's receipt) says, read deterministically: references,
 * dates, lines and totals. Used by the Purchase, Invoicing, Inventory and HR modules.
 */
export interface SupplierDocument {
  senderEmail: string | null;
  senderName: string | null;
  subject: string;
  /** Our purchase order numbers it refers to (PO-NB-26-0733, P00012), most likely first. */
  poNumbers: string[];
  /** The document's own number: invoice / confirmation / delivery note number. */
  documentRef: string | null;
  /** ISO date printed on the document (invoice date, confirmation date), else the email date. */
  documentDate: string | null;
  /** Payment due date (bills). */
  dueDate: string | null;
  /** Expected shipping / delivery date (confirmations, shipping notices). */
  expectedDate: string | null;
  /** Carrier and tracking number (shipping notices). */
  carrier: string | null;
  trackingRef: string | null;
  currency: string | null;
  lines: SupplierLine[];
  totalUntaxed: number | null;
  /** The amount to pay, taxes included (bills, receipts). */
  totalAmount: number | null;
  /** The merchant or company that issued it (first text line of the document). */
  issuer: string | null;
  /** Every file of the message (the .eml itself first), to attach in Odoo. */
  files: Array<{ name: string; content: Buffer; mimetype: string }>;
  /** All text read (subject, body, documents), for the notes. */
  text: string;
  /**
   * The structured reading (UBL / CII / Factur-X / EDIFACT) the fields above were taken from, when the
   * document carries one: its seller's VAT number, taxes and stated totals.
   */
  structured?: ParsedOrder | null;
}

const CODE = /^(?=[A-Z0-9./-]*\d)(?=[A-Z0-9./-]*[A-Z])[A-Z0-9][A-Z0-9./-]{2,24}$/i;
const REF_LABEL =
  /(?:rechnungs?-?\s*(?:nr|nummer)\.?|rechnung|invoice\s*(?:no\.?|number|#)?|factura\s*(?:n\.?\s*[ºo°]\.?)?|facture\s*(?:n\s*[°º])?|n\.?\s*[ºo°]\s*(?:de\s+)?(?:confirmaci[óo]n|factura)|confirmaci[óo]n(?:\s+de\s+pedido)?|order\s+confirmation(?:\s*(?:no\.?|number|#))?|confirmation\s*(?:no\.?|number|#)?|auftragsbest[äa]tigung(?:\s*(?:nr|nummer)\.?)?|lieferschein(?:-?\s*(?:nr|nummer)\.?)?|delivery\s+note(?:\s*(?:no\.?|number|#))?|despatch\s+advice|shipping\s+notice(?:\s*(?:no\.?|number|#))?|avis\s+d'exp[ée]dition|receipt\s*(?:no\.?|number|#)|beleg(?:-?\s*nr\.?)?|quittung(?:\s*nr\.?)?)\s*[:#.]?\s*([A-Z0-9](?:[A-Z0-9]|[-/_.](?=[A-Z0-9])){2,30})/giu;
const DUE_LABEL =
  /(zahlbar\s+bis|f[äa]llig(?:\s+am)?|due\s+(?:date|by|on)|payable\s+by|[ée]ch[ée]ance|vencimiento|pagadero\s+hasta)/i;
const EXPECTED_LABEL =
  /(fecha\s+prevista(?:\s+de\s+(?:env[íi]o|entrega))?|voraussichtlich\w*(?:\s+(?:liefer|versand)\w*)?|liefertermin|lieferdatum|versanddatum|expected\s+(?:delivery|arrival|shipping|ship)\s*(?:date)?|estimated\s+(?:delivery|arrival)\s*(?:date)?|delivery\s+date|ship(?:ping)?\s+date|eta|date\s+de\s+livraison|livraison\s+pr[ée]vue|arrival)/i;
const TRACKING_LABEL =
  /(?:tracking\s*(?:number|no\.?|#|id|ref(?:erence)?)?|sendungs(?:nummer|nr\.?|verfolgung(?:snummer)?)|n[°º]\s*de\s+suivi|num[ée]ro\s+de\s+suivi|n\.?\s*[ºo°]\s*de\s+seguimiento|seguimiento|waybill|awb|frachtbrief(?:-?nr\.?)?)\s*[:#.]?\s*([A-Z0-9](?:[A-Z0-9]|[- ](?=[A-Z0-9])){5,40})/i;
const CARRIER_RE =
  /\b(DHL(?:\s+Express)?|UPS|FedEx|DPD|GLS|TNT|Hermes|DB\s+Schenker|Schenker|Kuehne\s*\+\s*Nagel|Dachser|SEUR|MRW|Correos|Chronopost|Colissimo|Royal\s+Mail|USPS|Geodis)\b/i;
const TOTAL_LABEL =
  /(rechnungsbetrag|gesamtbetrag|endbetrag|zu\s+zahlen|summe|total(?:\s+(?:amount|due|ttc|a\s+pagar|eur|usd))?|amount\s+due|betrag|importe\s+total|montant\s+ttc)/i;

function isoOf(text: string, reference: Date | undefined): string | null {
  return findDates(text, { order: "DMY", reference })[0]?.iso ?? null;
}

/** The first date after a label on the same line (or the next line). */
function labelledDate(lines: string[], label: RegExp, reference: Date | undefined): string | null {
  for (const [i, line] of lines.entries()) {
    const m = label.exec(line);
    if (!m) continue;
    const rest = line.slice((m.index ?? 0) + m[0].length);
    const iso = isoOf(rest, reference) ?? isoOf(lines[i + 1] ?? "", reference);
    if (iso) return iso;
  }
  return null;
}

const amountIn = (text: string, decimal: "," | "." | undefined) => {
  const nums = [...text.matchAll(/-?\d[\d.,'\u00a0\u202f ]*\d|\d/g)]
    .map((x) => parseNumber(x[0].trim(), decimal))
    .filter((n): n is number => n !== null);
  return nums.pop() ?? null;
};

function linesOf(table: LineTable, decimal: "," | "." | undefined): SupplierLine[] {
  const at = (row: string[], role: string) => {
    const i = table.roles.indexOf(role as LineTable["roles"][number]);
    return i >= 0 ? (row[i]?.trim() ?? "") : "";
  };
  const out: SupplierLine[] = [];
  for (const row of table.rows) {
    const cells = row.map((c) => c.trim());
    const code =
      at(row, "code") ||
      cells.find((c, i) => table.roles[i] !== "position" && CODE.test(c) && !/^\d+([.,]\d+)?$/.test(c)) ||
      null;
    const texts = cells.filter((c, i) => c !== code && table.roles[i] !== "position" && /\p{L}{3}/u.test(c));
    const description = texts.sort((a, b) => b.length - a.length)[0] ?? code ?? "";
    const qtyCell = at(row, "quantity");
    const quantity = qtyCell ? parseNumber(qtyCell.replace(/[^\d.,'\s-]/g, "").trim(), decimal) : null;
    const unit = qtyCell.replace(/[\d.,'\s-]+/g, " ").trim() || at(row, "unit") || null;
    const price = at(row, "net_price") || at(row, "unit_price");
    const amount = at(row, "amount");
    if (quantity === null && !price) continue;
    out.push({
      code,
      description,
      quantity,
      unit,
      unitPrice: price ? parseNumber(price.replace(/[^\d.,'\s-]/g, "").trim(), decimal) : null,
      amount: amount ? parseNumber(amount.replace(/[^\d.,'\s-]/g, "").trim(), decimal) : null,
    });
  }
  return out;
}

/** A document of which nothing could be read. */
export function emptySupplierDocument(): SupplierDocument {
  return {
    senderEmail: null,
    senderName: null,
    subject: "",
    poNumbers: [],
    documentRef: null,
    documentDate: null,
    dueDate: null,
    expectedDate: null,
    carrier: null,
    trackingRef: null,
    currency: null,
    lines: [],
    totalUntaxed: null,
    totalAmount: null,
    issuer: null,
    files: [],
    text: "",
  };
}

/** Reads a supplier document (or an expense receipt) from a raw email. Never throws on content. */
export async function readSupplierDocument(
  raw: Buffer,
  limits: Partial<ReadLimits> = {},
): Promise<SupplierDocument> {
  const email = await parseEmail(raw);
  const reference = email.date ?? undefined;
  const docs = [];
  for (const a of email.attachments.filter((x) => !x.inline || /pdf|sheet|csv/.test(x.contentType))) {
    docs.push(
      await readDocument(
        { filename: a.filename, contentType: a.contentType, content: a.content },
        { ...defaultReadLimits, ...limits },
      ),
    );
  }
  const docText = docs.map((d) => d.text).join("\n");
  const all = `${email.subject}\n${email.text}\n${docText}`;
  const textLines = all.split("\n").map((l) => l.replace(/\t/g, " "));
  const decimal = detectDecimalSeparator(docText || email.text);

  const poNumbers = [...new Set(findPoNumbers(all).map((p) => p.toUpperCase()))];
  const refs: string[] = [];
  for (const m of all.matchAll(REF_LABEL)) {
    const v = (m[1] ?? "").replace(/[.,;:]+$/, "");
    if (/\d/.test(v) && !poNumbers.includes(v.toUpperCase()) && !/^\d{1,2}[./-]\d{1,2}/.test(v)) refs.push(v);
  }
  const tables = docs.flatMap((d) => d.tables.filter((t) => t.rows.length > 0));
  const lines = tables.flatMap((t) => linesOf(t, decimal));
  const trailer = tables.flatMap((t) => t.trailer);
  const totalsText = trailer.length > 0 ? trailer : textLines;
  let totalAmount: number | null = null;
  for (const line of totalsText) {
    if (!TOTAL_LABEL.test(line) || /netto|net\b|neto|h\.?t\.?|imponible|subtotal/i.test(line)) continue;
    const n = amountIn(line.slice(TOTAL_LABEL.exec(line)!.index), decimal);
    if (n !== null && !/%\s*$/.test(line)) totalAmount = n;
  }
  const tracking = TRACKING_LABEL.exec(all);
  const dateLabel = /\b(?:rechnungsdatum|invoice\s+date|datum|date|fecha|dated)\s*[:.]?\s*(?=\d)(.*)$/i;
  const documentDate =
    [...docText.split("\n"), ...textLines]
      .map((l) => dateLabel.exec(l.replace(/\t/g, " "))?.[1])
      .map((rest) => (rest ? isoOf(rest, reference) : null))
      .find((iso) => iso !== null) ?? null;
  const issuerLine = (docs.find((d) => !d.unreadable)?.text ?? email.text)
    .split("\n")
    .map((l) => l.split("\t")[0]!.trim())
    .find((l) => /\p{L}{3}/u.test(l) && !/^(rechnung|invoice|receipt|quittung|beleg|factura)\b/i.test(l));
  const files = [
    {
      name: `${(email.subject || "document").replace(/[\\/:*?"<>|]+/g, "_").slice(0, 80)}.eml`,
      content: raw,
      mimetype: "message/rfc822",
    },
    ...email.attachments
      .filter((a) => !a.inline)
      .map((a) => ({ name: a.filename, content: a.content, mimetype: a.contentType })),
  ];
  const read: SupplierDocument = {
    senderEmail: email.from?.address ?? null,
    senderName: email.from?.name || null,
    subject: email.subject,
    poNumbers,
    documentRef: refs[0] ?? null,
    documentDate: documentDate ?? email.localDate ?? null,
    dueDate: labelledDate(textLines, DUE_LABEL, reference),
    expectedDate: labelledDate(textLines, EXPECTED_LABEL, reference),
    carrier: CARRIER_RE.exec(all)?.[1] ?? null,
    trackingRef: tracking?.[1]?.replace(/\s+/g, "") ?? null,
    currency: findCurrency(all),
    lines,
    totalUntaxed: findStatedNetTotal(totalsText, decimal),
    totalAmount,
    issuer: issuerLine ?? null,
    files,
    text: all,
  };
  // an e-invoice (XML, or the XML inside a Factur-X / ZUGFeRD PDF) states every figure exactly
  const structured = await readStructuredSupplierDocument(
    email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  );
  return structured ? withStructuredReading(read, structured) : read;
}
