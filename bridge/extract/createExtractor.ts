import { createHash } from "node:crypto";
import { applyLayoutHints, type LayoutMemory } from "./layout/layoutMemory.ts";
import type { LlmReader } from "./llm/llmReader.ts";
import { type ModelMetadata, mergeModelReading } from "./llm/mergeModelReading.ts";
import type { ModelBudget } from "./llm/modelBudget.ts";
import type { AliasStore } from "./match/aliasStore.ts";
import type { Catalog, Partner } from "./match/catalog.ts";
import {
  createMemoryPartnerMatcher,
  type PartnerMatch,
  type PartnerMatcher,
} from "./match/partnerMatcher.ts";
import type { PriceLookup } from "./match/priceLookup.ts";
import {
  createMemoryProductMatcher,
  type ProductMatch,
  type ProductMatcher,
} from "./match/productMatcher.ts";
import type { SeenStore } from "./match/seenStore.ts";
import { forwardedHeaderDate } from "./mime/forwardedDate.ts";
import { type ParsedEmail, parseEmail } from "./mime/parseEmail.ts";
import { ACCEPTS_QUOTATION, splitQuoted } from "./mime/splitQuoted.ts";
import type { ScanReader } from "./ocr/createScanReader.ts";
import { applyChanges, cancelsWholeOrder } from "./order/amendment.ts";
import { type Classification, classify, mentionsChange } from "./order/classify.ts";
import { describeChange, diffOrderLines, type OrderChange } from "./order/diffOrderLines.ts";
import { findCurrency, findOrderDates, findPoNumbers, findStatedNetTotal } from "./order/headerFields.ts";
import { detectInjection } from "./order/injection.ts";
import { emptyRawLine, type RawLine } from "./order/rawLine.ts";
import { readTableLines } from "./order/tableLines.ts";
import { readTextLines } from "./order/textLines.ts";
import { convertQuantity } from "./order/units.ts";
import { scoreResult } from "./score/scoreResult.ts";
import { PRICE_FAR_OFF, PRICE_TOLERANCE_DEFAULT, WEIGHTS } from "./score/weights.ts";
import { type DayMonthOrder, findDates, parseDate } from "./text/parseDate.ts";
import { type DecimalSeparator, detectDecimalSeparator } from "./text/parseNumber.ts";
import {
  defaultReadLimits,
  type ExtractedOrder,
  type ExtractionResult,
  type LineTable,
  type OrderLine,
  type ReadDocument,
  type ReadLimits,
  type Reason,
} from "./types.ts";

/** The document readers (bytes -> text and tables), provided by bridge/extract/documents and tables. */
export interface DocumentReaders {
  readDocument(
    input: { filename: string; contentType: string; content: Buffer },
    limits: ReadLimits,
  ): Promise<ReadDocument>;
  readHtmlTables(html: string, source: string): LineTable[];
  readTextTables(text: string, source: string): LineTable[];
}

export interface ExtractorDeps {
  catalog: Catalog;
  seen: SeenStore;
  limits?: ReadLimits;
  llm?: LlmReader | null;
  /** P16: what people taught about each sender's documents (draft.reviewed). */
  layout?: LayoutMemory | null;
  /** P16: the model's per-email token and per-day cost budgets (Odoo settings); unlimited without. */
  modelBudget?: ModelBudget | null;
  now?: () => Date;
  readers?: DocumentReaders;
  products?: ProductMatcher;
  partners?: PartnerMatcher;
  /** Learned aliases (a person's corrections), asked first for a known customer. */
  aliases?: AliasStore | null;
  /** OCR for scans (images, PDFs without a text layer); without it scans go to review unread. */
  ocr?: ScanReader | null;
  /** Odoo's decision thresholds (0..1), mirrored by settings.updated; DESIGN.md's defaults without. */
  thresholds?: { auto: number; review: number } | null;
  /** Relative difference from the list price above which a line price is a reason (0.1 = 10 %). */
  priceTolerance?: number | null;
  /** The customer's pricelist prices (rules synced from Odoo); the list price without them. */
  prices?: PriceLookup | null;
}

export interface ExtractOptions {
  /** The key recorded for this message in the SeenStore (case id, message row id). */
  key?: string;
  /** Languages of the mailbox ("de", "fr"), tried first when a scan is read by OCR. */
  ocrLanguages?: string[];
}

export interface Extractor {
  extract(
    raw: Buffer,
    options?: ExtractOptions,
  ): Promise<ExtractionResult & { metadata?: ExtractionMetadata }>;
}

export interface ExtractionMetadata extends ModelMetadata {
  model?: string;
  tokens?: { input: number; output: number };
  /** How many attachments of the email were read as documents (logos and signatures left out). */
  attachments?: number;
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

/** Loads the readers of bridge/extract/documents and bridge/extract/tables. */
export async function loadDefaultReaders(): Promise<DocumentReaders> {
  const [docs, tables] = await Promise.all([
    import("./documents/readDocument.ts"),
    import("./tables/readTextTables.ts"),
  ]);
  return {
    readDocument: docs.readDocument,
    readHtmlTables: tables.readHtmlTables,
    readTextTables: tables.readTextTables,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The order table of a document and its continuations (same header on later pages); other tables
 * (order history, last year's volumes on a second sheet) are not part of this order.
 */
function orderTables(tables: LineTable[]): LineTable[] {
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

interface OrderSource {
  name: string;
  /** A delivery date column of the order table (first value), when the header has none. */
  tableDeliveryDate?: string | null;
  /** Order date to assume when none is printed (else the email date). */
  fallbackOrderDate?: string | null;
  /** Text to search for header fields, most specific first. */
  texts: string[];
  lines: RawLine[];
  trailer: string[];
  decimal?: DecimalSeparator;
}

interface BuiltOrder {
  order: ExtractedOrder;
  evidence: {
    poFound: boolean;
    orderDateStated: boolean;
    currencyStated: boolean;
    ambiguousDate: boolean;
    totals: "agree" | "disagree" | "no_prices" | "no_total";
  };
}

function dateOrderFor(partner: Partner | null, text: string): { order: DayMonthOrder; decided: boolean } {
  // an impossible month decides by itself; otherwise the writer's country
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/g)) {
    if (Number(m[1]) > 12) return { order: "DMY", decided: true };
    if (Number(m[2]) > 12) return { order: "MDY", decided: true };
  }
  if (!partner) return { order: "DMY", decided: false };
  return { order: partner.country === "US" ? "MDY" : "DMY", decided: true };
}

export function createExtractor(deps: ExtractorDeps): Extractor {
  const products = deps.products ?? createMemoryProductMatcher(deps.catalog);
  const partners = deps.partners ?? createMemoryPartnerMatcher(deps.catalog);
  const limits = deps.limits ?? defaultReadLimits;
  const now = deps.now ?? (() => new Date());
  let readersPromise: Promise<DocumentReaders> | null = deps.readers ? Promise.resolve(deps.readers) : null;
  const readers = () => {
    readersPromise ??= loadDefaultReaders();
    return readersPromise;
  };

  /**
   * Our code or barcode first (exact); then what a person taught for this customer (their part
   * number, their code, their wording); then the catalog search on the description.
   */
  async function matchLine(l: RawLine, customerRef: string | null): Promise<ProductMatch> {
    const found = await products.match({ code: l.code, barcode: l.barcode, description: l.description });
    if ((found.via === "code" || found.via === "barcode") && found.confidence >= 1) return found;
    if (customerRef && deps.aliases) {
      const code = await deps.aliases.lookup(customerRef, [l.customerSku, l.code, l.description]);
      const product = code ? products.byCode(code) : null;
      if (product) {
        return {
          product,
          via: "alias",
          confidence: WEIGHTS.lineByAlias,
          candidates: [{ product, score: 1 }],
        };
      }
    }
    return found;
  }

  async function buildLines(
    raw: RawLine[],
    currencyFactor: number,
    reasons: Reason[],
    orderIndex: number,
    customerRef: string | null,
  ): Promise<OrderLine[]> {
    const out: OrderLine[] = [];
    let previousQty: number | null = null;
    let previousUnit: RawLine["unit"] = null;
    for (let [i, l] of raw.entries()) {
      const path = `order[${orderIndex}].lines[${i}]`;
      const match = await matchLine(l, customerRef);
      let qty: number | null = l.sameAsPrevious ? previousQty : l.quantity;
      if (qty === null) continue;
      if (l.sameAsPrevious) l = { ...l, unit: previousUnit };
      previousQty = qty;
      previousUnit = l.unit;
      let price = l.unitPrice;
      let lineConf = 1;
      const product = match.product;
      if (product) {
        lineConf = match.via === "description" ? match.confidence ** 1.3 : match.confidence;
        let unit = l.unit;
        if (l.explicit) {
          const ex = convertQuantity(l.explicit.quantity, l.explicit.unit, product.uom);
          if (!ex.incompatible) {
            if (price !== null) price = (price * (qty / ex.quantity)) / 1;
            const written = `${qty}${l.unit ? ` ${l.unit}` : ""}`;
            qty = ex.quantity;
            unit = null;
            reasons.push({
              code: "line.unit_converted",
              severity: "info",
              message: `Converted ${written} = ${ex.quantity} ${product.uom}, as the customer stated it.`,
              path,
            });
          }
        }
        const conv = convertQuantity(qty, unit, product.uom);
        if (conv.incompatible) {
          reasons.push({
            code: "line.unit_unclear",
            severity: "warning",
            message: `Unit "${unit}" cannot be converted into ${product.uom}; quantity kept as written.`,
            path,
          });
          lineConf *= 0.8;
        } else if (conv.note) {
          qty = conv.quantity;
          if (price !== null && !l.priceUnit) price = price * conv.priceFactor;
          lineConf *= 0.99;
          reasons.push({
            code: "line.unit_converted",
            severity: "info",
            message: `Converted ${conv.note}.`,
            path,
          });
        }
        if (price !== null && l.priceUnit && l.priceUnit !== unit) {
          const pc = convertQuantity(1, l.priceUnit, product.uom);
          if (!pc.incompatible && pc.quantity !== 1) price = price / pc.quantity;
        }
      } else {
        lineConf = 0.3;
        reasons.push({
          code: "line.unknown_product",
          severity: "hard",
          message: `No catalog product matches "${l.description.slice(0, 80)}".`,
          path,
        });
      }
      out.push({
        default_code: product?.default_code ?? null,
        customer_sku: l.customerSku,
        description: l.description || l.code || "",
        quantity: Math.round(qty * 1e6) / 1e6,
        uom: product?.uom ?? "Units",
        unit_price: price === null ? null : Math.round(price * currencyFactor * 10000) / 10000,
        confidence: Math.round(lineConf * 1000) / 1000,
        candidates: match.candidates.map((c) => ({
          default_code: c.product.default_code,
          name: c.product.name,
          score: Math.round(c.score * 1000) / 1000,
        })),
      });
    }
    return out;
  }

  /**
   * Prices against the catalog's list price (same currency only: no exchange rates here). Beyond the
   * tolerance it is a reason for the approver; far beyond (a price a fraction of the list) a warning.
   */
  function comparePrices(
    lines: OrderLine[],
    currency: string,
    reasons: Reason[],
    orderIndex: number,
    customer: Partner | null,
    date: string | null,
  ) {
    const tolerance = deps.priceTolerance ?? PRICE_TOLERANCE_DEFAULT;
    for (const [i, l] of lines.entries()) {
      if (l.unit_price === null || !l.default_code) continue;
      const p = products.byCode(l.default_code);
      if (!p) continue;
      // the customer's pricelist price when it has one in this currency, else the list price
      const fromList = customer ? (deps.prices?.forCustomer(customer, p, l.quantity, date) ?? null) : null;
      const ref =
        fromList && fromList.currency === currency
          ? { price: fromList.price, what: `their pricelist price ${fromList.price} (${fromList.source})` }
          : p.currency === currency
            ? { price: p.list_price, what: `the list price ${p.list_price}` }
            : null;
      if (!ref || !(ref.price > 0)) continue;
      const diff = (l.unit_price - ref.price) / ref.price;
      if (Math.abs(diff) <= tolerance + 1e-9) continue;
      const far = Math.abs(diff) > PRICE_FAR_OFF;
      reasons.push({
        code: "line.price_differs",
        severity: far ? "warning" : "info",
        message: `${l.default_code}: price ${l.unit_price} ${currency} is ${(diff * 100).toFixed(1)}% from ${ref.what} (tolerance ${(tolerance * 100).toFixed(0)}%).`,
        path: `order[${orderIndex}].lines[${i}].unit_price`,
      });
    }
  }

  async function buildOrder(
    src: OrderSource,
    email: ParsedEmail,
    customer: Partner | null,
    reasons: Reason[],
    index: number,
  ): Promise<BuiltOrder> {
    const joined = src.texts.join("\n");
    const { order, decided } = dateOrderFor(customer, joined);
    const reference = email.date ?? now();
    let po: string | null = null;
    for (const t of src.texts) {
      po = findPoNumbers(t)[0] ?? null;
      if (po) break;
    }
    if (src.name === "body") {
      // "PO GPC-56010: … PO GPC-56011: …": one text with several orders is not split; a person must look
      const named = new Set(
        findPoNumbers(src.texts[1] ?? "").map((p) => p.replace(/\s+/g, "").toUpperCase()),
      );
      if (named.size > 1) {
        reasons.push({
          code: "order.several_po_numbers",
          severity: "hard",
          message: `The text names several PO numbers (${[...named].join(", ")}); it may hold more than one order.`,
          path: `order[${index}].customer_reference`,
        });
      }
    }
    let orderDate: string | null = null;
    let deliveryDate: string | null = null;
    let ambiguous = false;
    for (const t of src.texts) {
      const d = findOrderDates(t, { order, reference });
      orderDate ??= d.orderDate;
      deliveryDate ??= d.deliveryDate;
      ambiguous ||= !decided && d.ambiguous && Boolean(d.orderDate ?? d.deliveryDate);
    }
    const stated = src.texts.map((t) => findCurrency(t)).find(Boolean) ?? null;
    const currency = stated ?? customer?.currency ?? "EUR";
    // --- P16 hook: the sender's learnt layout (rows that are not items, price base); logic in layout/ ---
    const hints = customer && deps.layout ? await deps.layout.hintsFor(customer.ref) : null;
    const layout = applyLayoutHints(src.lines, hints, reasons);
    const lines = await buildLines(layout.lines, 1, reasons, index, customer?.ref ?? null);
    for (const l of layout.factor < 1 ? lines : [])
      l.confidence = round3((l.confidence ?? 1) * layout.factor);
    // --- end P16 hook ---
    comparePrices(lines, currency, reasons, index, customer, orderDate ?? email.localDate);
    const priced = lines.filter((l) => l.unit_price !== null);
    const sum = round2(priced.reduce((acc, l) => acc + (l.unit_price ?? 0) * l.quantity, 0));
    const statedTotal = findStatedNetTotal(
      [...src.trailer, ...src.texts.flatMap((t) => t.split("\n"))],
      src.decimal,
    );
    let totals: BuiltOrder["evidence"]["totals"] = "no_prices";
    let total: number | null = null;
    if (priced.length > 0) {
      if (statedTotal !== null) {
        total = statedTotal;
        const agree = Math.abs(statedTotal - sum) <= Math.max(0.02, lines.length * 0.005);
        totals = agree ? "agree" : "disagree";
        if (!agree) {
          reasons.push({
            code: "totals.mismatch",
            severity: "hard",
            message: `Stated net total ${statedTotal.toFixed(2)} differs from the sum of the lines ${sum.toFixed(2)}.`,
            path: `order[${index}].total_untaxed`,
          });
        }
      } else {
        total = sum;
        totals = "no_total";
      }
      if (priced.length < lines.length) {
        reasons.push({
          code: "line.price_missing",
          severity: "warning",
          message: "Some lines have prices and others not.",
          path: `order[${index}]`,
        });
      }
    }
    if (ambiguous) {
      reasons.push({
        code: "date.ambiguous",
        severity: "warning",
        message: "Day and month could be swapped in a date; the sender's country decided.",
        path: `order[${index}]`,
      });
    }
    if (!deliveryDate && src.tableDeliveryDate) {
      deliveryDate = parseDate(src.tableDeliveryDate, { order, reference })?.iso ?? null;
    }
    if (!orderDate) orderDate = src.fallbackOrderDate ?? email.localDate;
    return {
      order: {
        customer_reference: po,
        order_date: orderDate,
        delivery_date: deliveryDate,
        currency,
        lines,
        total_untaxed: total,
      },
      evidence: {
        poFound: po !== null,
        orderDateStated: orderDate !== email.localDate || joined.includes(orderDate ?? "@@"),
        currencyStated: stated !== null,
        ambiguousDate: ambiguous,
        totals,
      },
    };
  }

  /** The earlier order a change names: by its PO number, else by the message it replies to. */
  async function findOriginal(email: ParsedEmail, text: string) {
    for (const po of findPoNumbers(text)) {
      const hit = await deps.seen.poNumber(po);
      if (hit) return hit;
    }
    for (const id of [email.inReplyTo, ...[...email.references].reverse()]) {
      if (!id) continue;
      const key = await deps.seen.messageId(id);
      const hit = key ? await deps.seen.orderOf(key) : null;
      if (hit) return hit;
    }
    return null;
  }

  async function extract(raw: Buffer, options: ExtractOptions = {}) {
    const email = await parseEmail(raw);
    const r = await readers();
    const reasons: Reason[] = [];
    const ownDomain = deps.catalog.ownDomain.toLowerCase();
    const senderAddress = email.from?.address ?? null;
    const internal = Boolean(senderAddress?.endsWith(`@${ownDomain}`));
    const { own, quoted } = splitQuoted(email.text);
    const origin = internal && email.forwardedFrom ? email.forwardedFrom : email.from;

    // documents
    const documents: ReadDocument[] = [];
    for (const a of email.attachments) {
      if (!isDocumentAttachment(a)) continue;
      try {
        let doc = await r.readDocument(
          { filename: a.filename, contentType: a.contentType, content: a.content },
          limits,
        );
        if (deps.ocr && doc.isScan) {
          const partner = origin ? (partners.byEmail("customer", origin.address)?.partner ?? null) : null;
          doc = await deps.ocr.read(doc, a.content, { partner, mailboxLanguages: options.ocrLanguages });
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
    const docText = documents.map((d) => d.text).join("\n");

    // partners
    let vendor: PartnerMatch | null = origin ? partners.byEmail("vendor", origin.address) : null;
    let customer: PartnerMatch | null = origin ? partners.byEmail("customer", origin.address) : null;
    let customerVia: "email" | "domain" | "text" | null = customer
      ? customer.via === "email"
        ? "email"
        : "domain"
      : null;
    if (!customer && internal) {
      customer = partners.inText("customer", `${quoted}\n${docText}`);
      if (customer) customerVia = "text";
    }
    if (vendor && customer) vendor = null;

    // lines
    const decimalBody = detectDecimalSeparator(email.text);
    const sources: OrderSource[] = [];
    const bodyContext = [email.subject, own, internal ? quoted : ""];
    for (const d of documents) {
      if (d.unreadable) continue;
      const tables = orderTables(d.tables);
      const lines = tables.flatMap((t) => readTableLines(t, detectDecimalSeparator(d.text)));
      if (lines.length === 0) {
        const textLines = await readTextLines(d.text, {
          source: d.filename,
          decimal: detectDecimalSeparator(d.text),
          matcher: products,
        });
        if (textLines.length >= 1 && d.tables.length === 0) lines.push(...textLines);
      }
      if (lines.length > 0) {
        sources.push({
          name: d.filename,
          texts: [d.text, ...bodyContext],
          lines,
          trailer: tables.flatMap((t) => t.trailer),
          decimal: detectDecimalSeparator(d.text),
          tableDeliveryDate: tableColumnValue(tables, "delivery_date"),
        });
      }
    }
    const bodyLines = async (
      text: string,
      source: string,
    ): Promise<{ lines: RawLine[]; trailer: string[] }> => {
      // the HTML part and its text/plain alternative carry the same table: read it once, HTML first
      const htmlTables =
        source === "body:text" && email.html ? r.readHtmlTables(email.html, "body:html") : [];
      const fromHtml = htmlTables.flatMap((t) => readTableLines(t, decimalBody));
      const tables = fromHtml.length > 0 ? htmlTables : r.readTextTables(text, source);
      const fromTables =
        fromHtml.length > 0 ? fromHtml : tables.flatMap((t) => readTableLines(t, decimalBody));
      if (fromTables.length > 0) return { lines: fromTables, trailer: tables.flatMap((t) => t.trailer) };
      return {
        lines: await readTextLines(text, { source, decimal: decimalBody, matcher: products }),
        trailer: [],
      };
    };
    const threaded = Boolean(email.inReplyTo || email.references.length);
    if (sources.length === 0) {
      const fromOwn = await bodyLines(own, "body:text");
      if (fromOwn.lines.length > 0) {
        sources.push({
          name: "body",
          texts: bodyContext,
          lines: fromOwn.lines,
          trailer: fromOwn.trailer,
          decimal: decimalBody,
        });
      } else if (
        quoted &&
        (internal || ACCEPTS_QUOTATION.test(own) || (threaded && mentionsChange(`${email.subject}\n${own}`)))
      ) {
        const fromQuoted = await bodyLines(quoted, "body:quoted");
        if (fromQuoted.lines.length > 0) {
          sources.push({
            name: "quoted",
            texts: [email.subject, own, quoted],
            lines: fromQuoted.lines,
            trailer: fromQuoted.trailer,
            decimal: decimalBody,
          });
        }
      }
    }
    const hasLines = sources.length > 0;
    const classification: Classification = classify({
      email,
      ownText: internal ? `${own}\n${quoted}` : own,
      allText: `${email.text}\n${docText}`,
      isVendor: Boolean(vendor),
      hasLines,
    });

    // warnings that apply to every kind
    const injection = detectInjection(`${email.subject}\n${email.text}\n${docText}`);
    if (injection) {
      reasons.push({
        code: "injection.suspected",
        severity: "hard",
        message: `Instruction-like text aimed at an automated system: "${injection.excerpt}"`,
      });
    }
    for (const d of documents) {
      // an image beside an order read from elsewhere (a logo) is not a doubt about that order
      const aside = d.isScan && sources.length > 0;
      for (const dr of d.reasons) {
        reasons.push({
          ...dr,
          severity: aside ? "info" : dr.severity,
          path: dr.path ?? `attachment:${d.filename}`,
        });
      }
    }
    if (documents.some((d) => d.reasons.some((x) => x.code === "pdf.hidden_text")) && !injection) {
      reasons.push({
        code: "injection.suspected",
        severity: "hard",
        message: "A document contains hidden text.",
      });
    }

    const base = {
      sender_email: senderAddress,
      amends: null as ExtractionResult["amends"],
      duplicate_of: null as string | null,
    };
    let kind = classification.kind;
    let orders: ExtractedOrder[] = [];
    const evidence: BuiltOrder["evidence"][] = [];
    let exactDuplicate = false;

    if (classification.nonOrder) {
      reasons.push({
        code: `classify.${classification.nonOrder}`,
        severity: "info",
        message: classification.evidence,
      });
    } else {
      if (!customer) {
        reasons.push({
          code: "customer.unknown",
          severity: "hard",
          message: `Sender ${origin?.address ?? "unknown"} is not a known customer.`,
        });
      }
      for (const [i, src] of sources.entries()) {
        if (kind === "amendment" && src.name === "quoted") {
          const changed = applyChanges(src.lines, `${email.subject}\n${own}`);
          src.lines = changed.lines;
          src.trailer = [];
          src.texts = [email.subject, own, quoted].map((t, j) =>
            j === 2 ? t.replace(/total[^\n]*/gi, "") : t,
          );
          for (const a of changed.applied)
            reasons.push({ code: "amendment.change", severity: "info", message: a });
          // the complete order after the change keeps the original order's date (from the quote header)
          const attribution = email.text.slice(own.length).split("\n").slice(0, 3).join(" ");
          src.fallbackOrderDate =
            findDates(attribution, { order: "DMY", reference: email.date ?? now() })[0]?.iso ?? null;
        }
        if (internal && email.forwardedFrom && !src.fallbackOrderDate) {
          // a colleague's forward: without a date on the order, the day the customer sent it
          src.fallbackOrderDate = forwardedHeaderDate(quoted, email.date ?? now());
        }
        const built = await buildOrder(src, email, customer?.partner ?? null, reasons, i);
        orders.push(built.order);
        evidence.push(built.evidence);
      }
      const changeText = `${email.subject}\n${own}`;
      if (orders.length === 0 && (kind === "amendment" || (threaded && mentionsChange(changeText)))) {
        // a change written without the order quoted: the order it names (PO number, or the message it
        // replies to) as the bridge received it, with the change applied
        const original = await findOriginal(email, changeText);
        if (original?.lines?.length) {
          const raw: RawLine[] = original.lines.map((l) => ({
            ...emptyRawLine("amended"),
            code: l.default_code,
            description: l.description,
            quantity: l.quantity,
            unitPrice: l.unit_price,
          }));
          const changed = applyChanges(raw, changeText);
          for (const a of changed.applied)
            reasons.push({ code: "amendment.change", severity: "info", message: a });
          const built = await buildOrder(
            {
              name: "amended",
              texts: [email.subject, own],
              lines: changed.lines,
              trailer: [],
              decimal: decimalBody,
              fallbackOrderDate: original.orderDate ?? null,
            },
            email,
            customer?.partner ?? null,
            reasons,
            0,
          );
          built.order.customer_reference = original.customerReference;
          built.order.currency = built.evidence.currencyStated
            ? built.order.currency
            : (original.currency ?? built.order.currency);
          built.order.delivery_date ??= original.deliveryDate ?? null;
          orders.push(built.order);
          evidence.push(built.evidence);
          kind = "amendment";
        }
      }
      const scans = documents.filter((d) => d.isScan);
      for (const d of scans) {
        reasons.push({
          code: "scan.needs_ocr",
          // an image beside an order read from elsewhere (a logo) is not a doubt about that order
          severity: orders.length === 0 ? "hard" : "info",
          message: `${d.filename} is a scan; OCR or the model is needed to read it.`,
          path: `attachment:${d.filename}`,
        });
      }
      const unreadable = documents.filter((d) => d.unreadable && !d.isScan);
      if (unreadable.length > 0 && orders.length === 0) {
        reasons.push({
          code: "document.unreadable",
          severity: "hard",
          message: "The order document cannot be read; ask the customer to resend it.",
        });
      }
      if (orders.length === 0 && unreadable.length === 0 && scans.length === 0) {
        reasons.push({ code: "order.no_lines", severity: "hard", message: "No order lines found." });
      }
      if (kind === "amendment") {
        const ref = orders[0]?.customer_reference ?? findPoNumbers(`${email.subject}\n${own}`)[0] ?? null;
        if (ref) base.amends = { customer_reference: ref };
        reasons.push({
          code: "order.amendment",
          severity: "hard",
          message: "Changes an existing order; update it by hand.",
        });
      } else if (threaded && mentionsChange(`${email.subject}\n${own}`)) {
        for (const po of findPoNumbers(`${email.subject}\n${own}`)) {
          const seenPo = await deps.seen.poNumber(po);
          if (seenPo) {
            kind = "amendment";
            base.amends = { customer_reference: po };
          }
        }
      }
      if (kind === "amendment" && base.amends) {
        // linked to the order it changes, with the line difference proposed for review
        const original = await deps.seen.poNumber(base.amends.customer_reference);
        if (original && cancelsWholeOrder(`${email.subject}\n${own}`)) {
          // the order after the change is no order at all
          orders = [];
          evidence.length = 0;
          reasons.push({
            code: "amendment.cancel",
            severity: "hard",
            message: `Cancels the order of PO ${original.customerReference}; cancel it by hand.`,
          });
        }
        if (original?.lines) {
          const changes = diffOrderLines(original.lines, orders[0]?.lines ?? []);
          base.amends = { ...base.amends, of: original.key, changes };
          reasons.push({
            code: "amendment.linked",
            severity: "info",
            message: `Amends the order received as ${original.key} (PO ${original.customerReference}): ${
              changes.length > 0 ? changes.map(describeChange).join("; ") : "no line changes"
            }.`,
          });
        } else if (original) {
          // an order known from Odoo only (entered there): its lines are compared in Odoo
          base.amends = { ...base.amends, of: original.key };
          reasons.push({
            code: "amendment.linked",
            severity: "info",
            message: `Amends ${original.key} (PO ${original.customerReference}); its lines are in Odoo only, compare them there.`,
          });
        } else {
          reasons.push({
            code: "amendment.unlinked",
            severity: "warning",
            message: `No earlier order with PO ${base.amends.customer_reference} was received; find it by hand.`,
          });
        }
      }
      // duplicates and resends
      const byMessage = email.messageId ? await deps.seen.messageId(email.messageId) : null;
      if (byMessage) {
        base.duplicate_of = byMessage;
        exactDuplicate = true;
        reasons.push({
          code: "duplicate.message",
          severity: "info",
          message: `Same Message-ID as ${byMessage}; already processed.`,
        });
      } else if (kind !== "amendment") {
        let earlier: string | null = null;
        let revised: { po: string; key: string; changes: OrderChange[] } | null = null;
        for (const o of orders) {
          if (!o.customer_reference) continue;
          const key = await deps.seen.order(customer?.partner.ref ?? null, o.customer_reference);
          if (!key) continue;
          // the same PO number with other lines is a revised order, not a resend
          const original = await deps.seen.orderOf(key);
          const changes = original?.lines ? diffOrderLines(original.lines, o.lines) : [];
          if (changes.length > 0 && orders.length === 1) revised = { po: o.customer_reference, key, changes };
          else earlier ??= key;
        }
        if (revised) {
          kind = "amendment";
          base.amends = { customer_reference: revised.po, of: revised.key, changes: revised.changes };
          reasons.push({
            code: "order.amendment",
            severity: "hard",
            message: `A revised version of PO ${revised.po}, first received as ${revised.key}: ${revised.changes
              .map(describeChange)
              .join("; ")}. Update the order by hand.`,
          });
        }
        for (const d of documents)
          if (!revised && !d.unreadable && orders.length > 0)
            earlier ??= await deps.seen.attachment(d.sha256);
        if (earlier && !revised) {
          base.duplicate_of = earlier;
          reasons.push({
            code: "duplicate.resend",
            severity: "hard",
            message: `This PO was already received (${earlier}); do not book it twice.`,
          });
        }
      }
    }
    if (kind !== "sales_order" && kind !== "amendment") orders = [];
    deps.ocr?.review(orders, documents, reasons);

    let { confidence, expect, fields } = scoreResult({
      classification: { ...classification, kind },
      customerVia: classification.nonOrder ? null : customerVia,
      orders,
      fieldEvidence: evidence,
      reasons,
      exactDuplicate,
      thresholds: deps.thresholds,
    });
    const result: ExtractionResult & { metadata?: ExtractionMetadata } = {
      kind,
      customer_ref: vendor ? null : (customer?.partner.ref ?? null),
      sender_email: base.sender_email,
      orders,
      amends: base.amends,
      duplicate_of: base.duplicate_of,
      confidence,
      expect,
      reasons,
    };
    if (fields) result.field_confidence = fields;
    if (vendor && kind !== "sales_order") result.vendor_ref = vendor.partner.ref;

    // --- P16 hook: the model as a second reader (logic in llm/mergeModelReading.ts; moves into the pipeline) ---
    if (deps.llm) {
      const merged = await mergeModelReading(
        result,
        deps.llm,
        {
          subject: email.subject,
          from: senderAddress ?? "",
          bodyText: email.text,
          documents: deps.ocr
            ? await deps.ocr.forModel(email.attachments.filter(isDocumentAttachment))
            : email.attachments.filter(isDocumentAttachment),
        },
        {
          resolve: (l) =>
            matchLine(
              {
                ...emptyRawLine("model"),
                code: l.code,
                customerSku: l.customerSku,
                description: l.description,
              },
              result.customer_ref,
            ),
          budget: deps.modelBudget,
          key: options.key,
          documentText: [email.text, ...documents.map((d) => d.text)].join("\n"),
          thresholds: deps.thresholds,
        },
      );
      confidence = merged.confidence;
      expect = merged.expect;
      orders = merged.orders;
      Object.assign(result, merged);
    }
    // --- end P16 hook ---
    result.metadata = { ...result.metadata, attachments: documents.length };

    await deps.seen.remember({
      key: options.key ?? email.messageId ?? createHash("sha256").update(raw).digest("hex").slice(0, 16),
      messageId: email.messageId,
      orders: orders.map((o) => ({
        customerRef: result.customer_ref,
        customerReference: o.customer_reference,
        orderDate: o.order_date,
        deliveryDate: o.delivery_date,
        currency: o.currency,
        lines: o.lines.map((l) => ({
          default_code: l.default_code,
          description: l.description,
          quantity: l.quantity,
          unit_price: l.unit_price,
        })),
      })),
      amends: result.amends?.customer_reference ?? null,
      attachments: documents.filter((d) => !d.unreadable && d.size > 0).map((d) => d.sha256),
    });
    return result;
  }

  return { extract };
}
