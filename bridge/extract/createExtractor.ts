import { createHash } from "node:crypto";
import { applyLayoutHintsToParsed, type LayoutMemory } from "./layout/layoutMemory.ts";
import type { LlmReader } from "./llm/llmReader.ts";
import { type ModelMetadata, mergeModelReading } from "./llm/mergeModelReading.ts";
import type { ModelBudget } from "./llm/modelBudget.ts";
import type { AliasStore } from "./match/aliasStore.ts";
import type { Catalog } from "./match/catalog.ts";
import {
  createMemoryPartnerMatcher,
  type PartnerMatch,
  type PartnerMatcher,
} from "./match/partnerMatcher.ts";
import type { PriceLookup } from "./match/priceLookup.ts";
import { createMemoryProductMatcher, type ProductMatcher } from "./match/productMatcher.ts";
import type { SeenStore } from "./match/seenStore.ts";
import { forwardedHeaderDate } from "./mime/forwardedDate.ts";
import { parseEmail } from "./mime/parseEmail.ts";
import { checkSenderAuthenticity } from "./mime/senderAuthenticity.ts";
import { splitQuoted } from "./mime/splitQuoted.ts";
import type { ScanReader } from "./ocr/createScanReader.ts";
import { type Classification, classify, mentionsChange } from "./order/classify.ts";
import { detectInjection } from "./order/injection.ts";
import { changedOriginal, prepareQuotedAmendment } from "./pipeline/amendments.ts";
import { capReason, findOriginal, linkHistory } from "./pipeline/decide.ts";
import type { ParsedOrder } from "./pipeline/parsedOrder.ts";
import {
  type Candidate,
  type DocumentReaders,
  isDocumentAttachment,
  joinExtraReadings,
  loadDefaultReaders,
  readDocuments,
  readOrderCandidates,
} from "./pipeline/readers.ts";
import { rememberResult } from "./pipeline/rememberResult.ts";
import { matchProduct, type ResolvedOrder, referencePrice, resolveCandidate } from "./pipeline/resolve.ts";
import { type OrderEvidence, verifyOrder } from "./pipeline/verify.ts";
import { ceilingOf, scoreResult } from "./score/scoreResult.ts";
import { DEFAULT_THRESHOLDS, PRICE_TOLERANCE_DEFAULT } from "./score/weights.ts";
import { structuredResult } from "./structured/structuredResult.ts";
import { detectDecimalSeparator } from "./text/parseNumber.ts";
import {
  defaultReadLimits,
  type ExtractedOrder,
  type ExtractionResult,
  type ReadLimits,
  type Reason,
} from "./types.ts";

export type { DocumentReaders } from "./pipeline/readers.ts";
export { INLINE_DOCUMENT_MIN_BYTES, isDocumentAttachment, loadDefaultReaders } from "./pipeline/readers.ts";

/** What an extra reader is given: the parsed email and the documents the built-in readers read. */
export interface ReaderInput {
  email: import("./mime/parseEmail.ts").ParsedEmail;
  documents: import("./types.ts").ReadDocument[];
  /** The mail's own text (without quoted or forwarded parts). */
  own: string;
}

/**
 * A reader beside the built-in ones (structured e-documents, the model): it returns ParsedOrder
 * candidates that are resolved, verified and scored exactly like the built-in readings
 * (pipeline/readers.ts joinExtraReadings). A `structured: true` reading replaces the built-in readings
 * of its source and corroborates its quantities by itself; another reader's reading of a source
 * already read becomes a second reading of it (two readers agreeing corroborate a quantity); a
 * reading of nothing read yet is a candidate of its own.
 */
export type ExtraReader = (input: ReaderInput) => Promise<ParsedOrder[]>;

export interface ExtractorDeps {
  catalog: Catalog;
  seen: SeenStore;
  limits?: ReadLimits;
  llm?: LlmReader | null;
  /** What people taught about each sender's documents (draft.reviewed): rows that are not items, price base. */
  layout?: LayoutMemory | null;
  /** The model's per-email token and per-day cost budgets (Odoo settings); unlimited without. */
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
  /**
   * Readers beside the built-in ones (structured e-documents, the model as a reader): their ParsedOrder
   * candidates are resolved, verified and scored like the built-in readings (see ExtraReader).
   */
  extraReaders?: ExtraReader[];
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
 * The extraction pipeline as a composition of its stages (bridge/extract/pipeline):
 * readers -> candidates (ParsedOrder with provenance) -> resolve (customer, products, units, prices)
 * -> verify (evidence and doubts) -> score (weights.ts only) -> decide (history, caps in words).
 */
export function createExtractor(deps: ExtractorDeps): Extractor {
  const products = deps.products ?? createMemoryProductMatcher(deps.catalog);
  const partners = deps.partners ?? createMemoryPartnerMatcher(deps.catalog);
  const limits = deps.limits ?? defaultReadLimits;
  const now = deps.now ?? (() => new Date());
  const resolveDeps = {
    products,
    aliases: deps.aliases ?? null,
    prices: deps.prices ?? null,
    priceTolerance: deps.priceTolerance ?? null,
    now,
  };
  let readersPromise: Promise<DocumentReaders> | null = deps.readers ? Promise.resolve(deps.readers) : null;
  const readers = () => {
    readersPromise ??= loadDefaultReaders();
    return readersPromise;
  };

  async function extract(raw: Buffer, options: ExtractOptions = {}) {
    const email = await parseEmail(raw);
    const r = await readers();
    const reasons: Reason[] = [];
    // structured e-documents (UBL, CII / Factur-X, EDIFACT; bridge/extract/structured): read exactly,
    // or refused with a reason that sends the message to review
    const structured = await structuredResult(
      email,
      { ...deps, products, partners },
      { key: options.key, raw },
    );
    if (structured.result) return structured.result;
    reasons.push(...structured.refused);
    const ownDomain = deps.catalog.ownDomain.toLowerCase();
    const senderAddress = email.from?.address ?? null;
    const internal = Boolean(senderAddress?.endsWith(`@${ownDomain}`));
    const { own, quoted } = splitQuoted(email.text);
    const origin = internal && email.forwardedFrom ? email.forwardedFrom : email.from;
    const threaded = Boolean(email.inReplyTo || email.references.length);
    const changeText = `${email.subject}\n${own}`;

    // 1. readers
    const documents = await readDocuments(email, {
      readers: r,
      limits,
      ocr: deps.ocr ?? null,
      partners,
      origin,
      ...(options.ocrLanguages ? { ocrLanguages: options.ocrLanguages } : {}),
    });
    const docText = documents.map((d) => d.text).join("\n");

    // the parties
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

    const extra: ParsedOrder[] = [];
    for (const reader of deps.extraReaders ?? []) extra.push(...(await reader({ email, documents, own })));
    for (const parsed of extra) reasons.push(...parsed.reasons);
    const candidates: Candidate[] = joinExtraReadings(
      await readOrderCandidates({ email, documents, own, quoted, internal, readers: r, products }),
      extra,
    );
    const classification: Classification = classify({
      email,
      ownText: internal ? `${own}\n${quoted}` : own,
      allText: `${email.text}\n${docText}`,
      isVendor: Boolean(vendor),
      hasLines: candidates.length > 0,
    });

    // an order whose own words say it changes, replaces, cancels or chases one: a person's
    if (classification.doubt) {
      reasons.push({
        code: "order.maybe_not_new",
        severity: "hard",
        message: `The mail lists items, but its words suggest it is not a new order: ${classification.doubt}. Check before confirming.`,
      });
    }
    // warnings that apply to every kind
    const injection = detectInjection(`${email.subject}\n${email.text}\n${docText}`);
    if (injection) {
      reasons.push({
        code: "injection.suspected",
        severity: "hard",
        message: `Instruction-like text aimed at an automated system: "${injection.excerpt}"`,
      });
    }
    // sender authenticity (bridge/extract/mime/senderAuthenticity.ts): Authentication-Results, Reply-To
    if (!classification.nonOrder && !internal) {
      const sender = { raw, from: email.from, replyTo: email.replyTo, ownDomain };
      reasons.push(...checkSenderAuthenticity({ ...sender, customer: customer?.partner ?? null }).reasons);
    }
    for (const d of documents) {
      // an image beside an order read from elsewhere (a logo) is not a doubt about that order
      const aside = d.isScan && candidates.length > 0;
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

    let kind = classification.kind;
    let resolved: ResolvedOrder[] = [];
    let evidence: OrderEvidence[] = [];
    let history: Awaited<ReturnType<typeof linkHistory>> | null = null;
    const verifyOpts = {
      priceTolerance: deps.priceTolerance ?? PRICE_TOLERANCE_DEFAULT,
      referencePrice:
        (currency: string | null, date: string | null) => (l: ExtractedOrder["lines"][number]) =>
          referencePrice(resolveDeps, l, currency ?? "", customer?.partner ?? null, date)?.price ?? null,
    };
    const hints = customer && deps.layout ? await deps.layout.hintsFor(customer.partner.ref) : null;
    const resolveAndVerify = async (c: Candidate, i: number) => {
      // the sender's learnt layout (rows that are not items, price base), before the catalog is asked
      if (hints) c.parsed.lines = applyLayoutHintsToParsed(c.parsed.lines, hints, reasons);
      const res = await resolveCandidate(resolveDeps, c, email, customer?.partner ?? null, reasons, i);
      const ev = verifyOrder(res, reasons, {
        priceTolerance: verifyOpts.priceTolerance,
        referencePrice: verifyOpts.referencePrice(res.order.currency, res.order.order_date),
      });
      return { res, ev };
    };

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
      } else if (customerVia === "text") {
        reasons.push({
          code: "customer.by_text",
          severity: "info",
          message: `Customer ${customer.partner.ref} found in the forwarded text, not by the sender's address.`,
        });
      }
      for (const [i, c] of candidates.entries()) {
        if (kind === "amendment" && c.name === "quoted")
          prepareQuotedAmendment(c, email, own, quoted, reasons, now);
        if (internal && email.forwardedFrom && c.context && !c.context.fallbackOrderDate) {
          // a colleague's forward: without a date on the order, the day the customer sent it
          c.context.fallbackOrderDate = forwardedHeaderDate(quoted, email.date ?? now());
        }
        const { res, ev } = await resolveAndVerify(c, i);
        resolved.push(res);
        evidence.push(ev);
      }
      if (resolved.length === 0 && (kind === "amendment" || (threaded && mentionsChange(changeText)))) {
        // a change written without the order quoted: the order it names (PO number, or the message it
        // replies to) as the bridge received it, with the change applied
        const original = await findOriginal(deps.seen, email, changeText);
        if (original?.lines?.length) {
          const c = changedOriginal(
            original,
            changeText,
            [email.subject, own],
            detectDecimalSeparator(email.text),
            reasons,
          );
          const { res, ev } = await resolveAndVerify(c, 0);
          res.order.customer_reference = original.customerReference;
          res.order.currency = res.header.currencyStated
            ? res.order.currency
            : (original.currency ?? res.order.currency);
          res.order.delivery_date ??= original.deliveryDate ?? null;
          resolved.push(res);
          evidence.push(ev);
          kind = "amendment";
        }
      }
      const scans = documents.filter((d) => d.isScan);
      for (const d of scans) {
        reasons.push({
          code: "scan.needs_ocr",
          // an image beside an order read from elsewhere (a logo) is not a doubt about that order
          severity: resolved.length === 0 ? "hard" : "info",
          message: `${d.filename} is a scan; OCR or the model is needed to read it.`,
          path: `attachment:${d.filename}`,
        });
      }
      const unreadable = documents.filter((d) => d.unreadable && !d.isScan);
      if (unreadable.length > 0 && resolved.length === 0) {
        reasons.push({
          code: "document.unreadable",
          severity: "hard",
          message: "The order document cannot be read; ask the customer to resend it.",
        });
      }
      if (resolved.length === 0 && unreadable.length === 0 && scans.length === 0) {
        reasons.push({ code: "order.no_lines", severity: "hard", message: "No order lines found." });
      }
      // 5. decide: the message in the history of the customer's orders
      history = await linkHistory({
        seen: deps.seen,
        email,
        changeText,
        threaded,
        kind,
        orders: resolved.map((x) => x.order),
        customerRef: customer?.partner.ref ?? null,
        documents,
        reasons,
      });
      kind = history.kind;
      resolved = history.kept.map((i) => resolved[i] as ResolvedOrder);
      evidence = history.kept.map((i) => evidence[i] as OrderEvidence);
    }
    let orders = resolved.map((x) => x.order);
    if (kind !== "sales_order" && kind !== "amendment") orders = [];
    deps.ocr?.review(orders, documents, reasons);

    // 4. score (weights.ts only)
    const scored = scoreResult({
      classification: { ...classification, kind },
      customerVia: classification.nonOrder ? null : customerVia,
      orders,
      fieldEvidence: evidence,
      reasons,
      exactDuplicate: history?.exactDuplicate ?? false,
      thresholds: deps.thresholds,
    });
    const capped = capReason(scored.caps, scored.ceiling);
    if (capped) reasons.push(capped);
    const result: ExtractionResult & { metadata?: ExtractionMetadata } = {
      kind,
      customer_ref: vendor ? null : (customer?.partner.ref ?? null),
      sender_email: senderAddress,
      orders,
      amends: history?.amends ?? null,
      duplicate_of: history?.duplicateOf ?? null,
      confidence: scored.confidence,
      expect: scored.expect,
      reasons,
    };
    if (scored.fields) result.field_confidence = scored.fields;
    if (vendor && kind !== "sales_order") result.vendor_ref = vendor.partner.ref;

    if (deps.llm) {
      // the model as a second reader (bridge/extract/llm): agreement corroborates, disagreement is a reason
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
          resolve: (l) => matchProduct(resolveDeps, l, result.customer_ref),
          budget: deps.modelBudget ?? null,
          ...(options.key ? { key: options.key } : {}),
          documentText: [email.text, ...documents.map((d) => d.text)].join("\n"),
          thresholds: deps.thresholds ?? null,
        },
      );
      Object.assign(result, merged);
      orders = result.orders;
      // two independent readers agreeing on every line corroborate the quantities (P11's evidence); the
      // other caps (products, coverage, sender, PO number) still hold: the model never lifts those
      const readers = merged.metadata?.readers ?? [];
      const allAgree =
        readers.length > 0 &&
        readers.length === orders.flatMap((o) => o.lines).length &&
        readers.every((r) => r.agrees);
      const caps = allAgree ? scored.caps.filter((c) => c !== "quantityUncorroborated") : scored.caps;
      const ceiling = ceilingOf(caps, deps.thresholds?.auto ?? DEFAULT_THRESHOLDS.auto);
      result.confidence = Math.min(result.confidence, ceiling);
    }
    result.metadata = { ...result.metadata, attachments: documents.length };

    await rememberResult(deps.seen, {
      key: options.key ?? email.messageId ?? createHash("sha256").update(raw).digest("hex").slice(0, 16),
      messageId: email.messageId,
      result: { ...result, orders },
      attachments: documents.filter((d) => !d.unreadable && d.size > 0).map((d) => d.sha256),
    });
    return result;
  }

  return { extract };
}
