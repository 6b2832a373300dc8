/**
 * Stage 1 of the reading pipeline: readers. Bytes become documents (text and tables), and the email's
 * documents and body parts become candidate `ParsedOrder`s with provenance. No catalog decisions here
 * beyond what the text line reader needs to tell an item phrase from prose.
 */
import { createHash } from "node:crypto";
import type { PartnerMatcher } from "../match/partnerMatcher.ts";
import type { ProductMatcher } from "../match/productMatcher.ts";
import type { ParsedEmail } from "../mime/parseEmail.ts";
import { ACCEPTS_QUOTATION } from "../mime/splitQuoted.ts";
import type { ScanReader } from "../ocr/createScanReader.ts";
import { mentionsChange } from "../order/classify.ts";
import type { RawLine } from "../order/rawLine.ts";
import { readTableRows } from "../order/tableLines.ts";
import { readTextItems, readTextLines } from "../order/textLines.ts";
import { type DecimalSeparator, detectDecimalSeparator } from "../text/parseNumber.ts";
import type { LineTable, ReadDocument, ReadLimits } from "../types.ts";
import type { ParsedLine, ParsedOrder, ReaderName, SkippedRow } from "./parsedOrder.ts";

/** The document readers (bytes -> text and tables), provided by bridge/extract/documents and tables. */
export interface DocumentReaders {
  readDocument(
    input: { filename: string; contentType: string; content: Buffer },
    limits: ReadLimits,
  ): Promise<ReadDocument>;
  readHtmlTables(html: string, source: string): LineTable[];
  readTextTables(text: string, source: string): LineTable[];
}

/** Loads the readers of bridge/extract/documents and bridge/extract/tables. */
export async function loadDefaultReaders(): Promise<DocumentReaders> {
  const [docs, tables] = await Promise.all([
    import("../documents/readDocument.ts"),
    import("../tables/readTextTables.ts"),
  ]);
  return {
    readDocument: docs.readDocument,
    readHtmlTables: tables.readHtmlTables,
    readTextTables: tables.readTextTables,
  };
}

/**
 * Inline images smaller than this are logos and signatures; larger ones are read as documents:
 * phone mail apps send a photographed order inline (with a Content-ID), and it must reach OCR.
 */
export const INLINE_DOCUMENT_MIN_BYTES = 40_000;

/** Whether an attachment is a document to read (not a small inline logo or signature). */
export function isDocumentAttachment(a: { inline: boolean; content: Buffer }): boolean {
  return !a.inline || a.content.length >= INLINE_DOCUMENT_MIN_BYTES;
}

/**
 * What a text-based reader knows beyond the lines: the texts to search for header fields (most
 * specific first), the lines after the table (totals block), the decimal separator. Header fields
 * are read there by the resolver, which knows the customer (day/month order by country).
 */
export interface HeaderContext {
  texts: string[];
  trailer: string[];
  decimal?: DecimalSeparator;
  /** A delivery date column of the order table (first value), when the header has none. */
  tableDeliveryDate?: string | null;
  /** Order date to assume when none is printed (else the email date). */
  fallbackOrderDate?: string | null;
}

/** A reading of one source of the email: the ParsedOrder, and the header context for text readers. */
export interface Candidate {
  /** "body", "quoted", "amended" or the attachment's filename. */
  name: string;
  parsed: ParsedOrder;
  /** null for readers that state header fields themselves (structured documents, the model). */
  context: HeaderContext | null;
}

/** Reads every document attachment (OCR for scans when configured); a failure is a document with a reason. */
export async function readDocuments(
  email: ParsedEmail,
  opts: {
    readers: DocumentReaders;
    limits: ReadLimits;
    ocr?: ScanReader | null;
    partners: PartnerMatcher;
    origin: { address: string } | null;
    ocrLanguages?: string[];
  },
): Promise<ReadDocument[]> {
  const documents: ReadDocument[] = [];
  for (const a of email.attachments) {
    if (!isDocumentAttachment(a)) continue;
    try {
      let doc = await opts.readers.readDocument(
        { filename: a.filename, contentType: a.contentType, content: a.content },
        opts.limits,
      );
      if (opts.ocr && doc.isScan) {
        const partner = opts.origin
          ? (opts.partners.byEmail("customer", opts.origin.address)?.partner ?? null)
          : null;
        doc = await opts.ocr.read(doc, a.content, { partner, mailboxLanguages: opts.ocrLanguages });
      }
      documents.push(doc);
    } catch (err) {
      documents.push({
        filename: a.filename,
        declaredType: a.contentType,
        detectedType: "unknown",
        text: "",
        tables: [],
        isScan: false,
        unreadable: true,
        reasons: [
          {
            code: "document.read_failed",
            severity: "hard",
            message: `Could not read ${a.filename}: ${(err as Error).message}`,
          },
        ],
        sha256: createHash("sha256").update(a.content).digest("hex"),
        size: a.content.length,
      });
    }
  }
  return documents;
}

/**
 * The order table of a document and its continuations (same header on later pages); other tables
 * (order history, last year's volumes on a second sheet) are not part of this order.
 */
export function orderTables(tables: LineTable[]): LineTable[] {
  const first = tables.find((t) => t.rows.length > 0);
  if (!first) return [];
  const key = (t: LineTable) => t.roles.join("|");
  return tables.filter((t) => key(t) === key(first));
}

function tableColumnValue(tables: LineTable[], role: "delivery_date"): string | null {
  for (const t of tables) {
    const i = t.roles.indexOf(role);
    if (i < 0) continue;
    for (const row of t.rows) if (row[i]?.trim()) return row[i]?.trim() ?? null;
  }
  return null;
}

/** A RawLine (what the table and text line readers return) as a ParsedLine of the one intermediate. */
export function parsedLineFromRaw(l: RawLine, reader: ReaderName): ParsedLine {
  const from: ParsedLine["from"] = {};
  const at = { reader, source: l.source, ...(l.row !== undefined ? { row: l.row } : {}) };
  if (l.quantity !== null) from.quantity = { ...at, text: l.rowText ?? undefined };
  if (l.code) from.code = at;
  if (l.amount !== null) from.amount = at;
  if (l.unitPrice !== null) from.unitPrice = at;
  return {
    position: l.position ?? null,
    code: l.code,
    customerSku: l.customerSku,
    barcode: l.barcode,
    description: l.description,
    quantity: l.quantity,
    unit: l.unit,
    // the line readers state the price per one unit; the printed price was per `priceBase`
    unitPrice: l.unitPrice === null ? null : l.unitPrice * (l.priceBase ?? 1),
    priceBase: l.priceBase ?? 1,
    priceUnit: l.priceUnit,
    amount: l.amount,
    priceDerived: l.priceDerived ?? false,
    soleQuantity: l.soleQuantity ?? false,
    explicit: l.explicit,
    sameAsPrevious: l.sameAsPrevious,
    from,
  };
}

/**
 * Text lines that name one of our codes for which no line was read: a row the table reader dropped
 * (a layout it could not align, a row without a recognisable quantity) must not vanish silently.
 */
export function unreadCodeRows(
  text: string,
  lines: RawLine[],
  products: ProductMatcher,
  source: string,
  reader: ReaderName,
  explained: SkippedRow[] = [],
): SkippedRow[] {
  // a code counts as read when a line (in any of its cells) or an explained row names it
  const named = [
    ...lines.map((l) =>
      [l.code, l.customerSku, l.barcode, l.description, l.rowText].filter(Boolean).join(" "),
    ),
    ...explained.map((r) => r.text),
  ].join("\n");
  const read = new Set([
    ...products.findCodes(named).map((c) => c.product.default_code.toUpperCase()),
    ...lines.flatMap((l) => [l.code, l.customerSku].filter(Boolean).map((c) => String(c).toUpperCase())),
  ]);
  const out: SkippedRow[] = [];
  for (const [row, raw] of text.split(/\r?\n/).entries()) {
    const missing = products
      .findCodes(raw)
      .filter((c) => !read.has(c.product.default_code.toUpperCase()) && !read.has(c.raw.toUpperCase()));
    if (missing.length === 0) continue;
    const t = raw.trim().slice(0, 160);
    out.push({
      text: t,
      why: "names one of our codes, but no line was read for it",
      from: { reader, source, row, text: t },
    });
  }
  return out;
}

interface Read {
  /** The part the lines were read from, when it is not the candidate's own ("body:html"). */
  source?: string;
  lines: RawLine[];
  trailer: string[];
  reader: ReaderName;
  skipped: SkippedRow[];
  unexplained: SkippedRow[];
  alternates: Array<{ reader: ReaderName; source: string; lines: RawLine[] }>;
}

function candidate(name: string, source: string, read: Read, context: HeaderContext): Candidate {
  return {
    name,
    context,
    parsed: {
      reader: read.reader,
      structured: false,
      source,
      documentKind: "order",
      documentNumber: null,
      orderDate: null,
      deliveryDate: null,
      currency: null,
      lines: read.lines.map((l) => parsedLineFromRaw(l, read.reader)),
      skippedRows: read.skipped,
      unexplainedRows: read.unexplained,
      alternateReadings: read.alternates.map((a) => ({
        reader: a.reader,
        source: a.source,
        lines: a.lines.map((l) => parsedLineFromRaw(l, a.reader)),
      })),
      reasons: [],
    },
  };
}

export interface CandidateInput {
  email: ParsedEmail;
  documents: ReadDocument[];
  own: string;
  quoted: string;
  /** Sent by a colleague (our own domain): the quoted part is the customer's mail. */
  internal: boolean;
  readers: DocumentReaders;
  products: ProductMatcher;
}

/**
 * The order candidates of an email: each readable document with lines (its order table, else its text),
 * else the body (HTML table, text table, text lines), else a quoted order the mail accepts or changes.
 * Where a second reader reads the same lines (the text/plain alternative of an HTML table, the line
 * reader over a table's text), its reading is attached as an alternate for the verifier.
 */
export async function readOrderCandidates(input: CandidateInput): Promise<Candidate[]> {
  const { email, documents, own, quoted, internal, readers: r, products } = input;
  const decimalBody = detectDecimalSeparator(email.text);
  const bodyContext = [email.subject, own, internal ? quoted : ""];
  const out: Candidate[] = [];
  for (const d of documents) {
    if (d.unreadable) continue;
    const decimal = detectDecimalSeparator(d.text);
    const tables = orderTables(d.tables);
    const fromTables = tables.map((t) => readTableRows(t, decimal));
    const read: Read = {
      lines: fromTables.flatMap((t) => t.lines),
      trailer: tables.flatMap((t) => t.trailer),
      reader: d.isScan ? "ocr" : "table",
      skipped: fromTables.flatMap((t) => t.skipped),
      unexplained: fromTables.flatMap((t) => t.unexplained),
      alternates: [],
    };
    const textLines = await readTextLines(d.text, { source: d.filename, decimal, matcher: products });
    if (read.lines.length === 0) {
      if (textLines.length >= 1 && d.tables.length === 0) {
        read.lines.push(...textLines);
        read.reader = d.isScan ? "ocr" : "text";
      }
    } else if (textLines.length > 0) {
      read.alternates.push({ reader: "text", source: d.filename, lines: textLines });
    }
    if (read.lines.length > 0) {
      read.unexplained.push(
        ...unreadCodeRows(d.text, read.lines, products, d.filename, read.reader, read.skipped),
      );
      out.push(
        candidate(d.filename, `attachment:${d.filename}`, read, {
          texts: [d.text, ...bodyContext],
          trailer: read.trailer,
          decimal,
          tableDeliveryDate: tableColumnValue(tables, "delivery_date"),
        }),
      );
    }
  }
  if (out.length > 0) return out;

  const bodyLines = async (text: string, source: string): Promise<Read> => {
    // the HTML part and its text/plain alternative carry the same table: read it from the HTML, and
    // the text alternative is a second reading of the same lines
    const htmlTables = source === "body:text" && email.html ? r.readHtmlTables(email.html, "body:html") : [];
    const fromHtml = htmlTables.map((t) => readTableRows(t, decimalBody));
    const htmlLines = fromHtml.flatMap((t) => t.lines);
    const textTables = r.readTextTables(text, source);
    const fromText = textTables.map((t) => readTableRows(t, decimalBody));
    const textTableLines = fromText.flatMap((t) => t.lines);
    const phrases = await readTextItems(text, { source, decimal: decimalBody, matcher: products });
    const phraseLines = phrases.lines;
    if (htmlLines.length > 0) {
      const alternates: Read["alternates"] = [];
      if (textTableLines.length > 0) alternates.push({ reader: "table", source, lines: textTableLines });
      if (phraseLines.length > 0) alternates.push({ reader: "text", source, lines: phraseLines });
      return {
        source: "body:html",
        lines: htmlLines,
        trailer: htmlTables.flatMap((t) => t.trailer),
        reader: "table",
        skipped: fromHtml.flatMap((t) => t.skipped),
        unexplained: [
          ...fromHtml.flatMap((t) => t.unexplained),
          ...unreadCodeRows(
            text,
            htmlLines,
            products,
            source,
            "table",
            fromHtml.flatMap((t) => t.skipped),
          ),
        ],
        alternates,
      };
    }
    if (textTableLines.length > 0) {
      return {
        lines: textTableLines,
        trailer: textTables.flatMap((t) => t.trailer),
        reader: "table",
        skipped: fromText.flatMap((t) => t.skipped),
        unexplained: [
          ...fromText.flatMap((t) => t.unexplained),
          ...unreadCodeRows(
            text,
            textTableLines,
            products,
            source,
            "table",
            fromText.flatMap((t) => t.skipped),
          ),
        ],
        alternates: phraseLines.length > 0 ? [{ reader: "text", source, lines: phraseLines }] : [],
      };
    }
    return {
      lines: phraseLines,
      trailer: [],
      reader: "text",
      skipped: [],
      unexplained: phrases.unexplained,
      alternates: [],
    };
  };
  const threaded = Boolean(email.inReplyTo || email.references.length);
  const fromOwn = await bodyLines(own, "body:text");
  if (fromOwn.lines.length > 0) {
    out.push(
      candidate("body", fromOwn.source ?? "body:text", fromOwn, {
        texts: bodyContext,
        trailer: fromOwn.trailer,
        decimal: decimalBody,
      }),
    );
  } else if (
    quoted &&
    (internal || ACCEPTS_QUOTATION.test(own) || (threaded && mentionsChange(`${email.subject}\n${own}`)))
  ) {
    const fromQuoted = await bodyLines(quoted, "body:quoted");
    if (fromQuoted.lines.length > 0) {
      out.push(
        candidate("quoted", "body:quoted", fromQuoted, {
          texts: [email.subject, own, quoted],
          trailer: fromQuoted.trailer,
          decimal: decimalBody,
        }),
      );
    }
  }
  return out;
}

/**
 * Joins the readings of extra readers (structured e-documents, the model) to the built-in candidates:
 * a structured reading replaces the built-in readings of the same source (it is exact by construction);
 * another reader's reading of a source already read is a second reading of it (two readers agreeing
 * corroborate a quantity), of the only candidate when it names no source read; otherwise it is a
 * candidate of its own.
 */
export function joinExtraReadings(candidates: Candidate[], extra: ParsedOrder[]): Candidate[] {
  let out = [...candidates];
  for (const parsed of extra) {
    if (parsed.structured) {
      out = out.filter((c) => c.parsed.source !== parsed.source || c.parsed.structured);
      out.push({ name: parsed.source, parsed, context: null });
      continue;
    }
    const same =
      out.find((c) => c.parsed.source === parsed.source) ?? (out.length === 1 ? out[0] : undefined);
    if (same && !same.parsed.structured) {
      same.parsed.alternateReadings = [
        ...(same.parsed.alternateReadings ?? []),
        { reader: parsed.reader, source: parsed.source, lines: parsed.lines },
      ];
    } else if (!same) out.push({ name: parsed.source, parsed, context: null });
  }
  return out;
}
