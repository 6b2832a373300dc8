import { createHash } from "node:crypto";
import type { AliasStore } from "../match/aliasStore.ts";
import type { Partner } from "../match/catalog.ts";
import type { PartnerMatch, PartnerMatcher } from "../match/partnerMatcher.ts";
import type { ProductMatch, ProductMatcher } from "../match/productMatcher.ts";
import type { SeenStore } from "../match/seenStore.ts";
import type { ParsedEmail } from "../mime/parseEmail.ts";
import type { Classification } from "../order/classify.ts";
import { describeChange, diffOrderLines } from "../order/diffOrderLines.ts";
import { convertQuantity } from "../order/units.ts";
import type { ParsedLine, ParsedOrder, PartyIdentifiers } from "../pipeline/parsedOrder.ts";
import { rememberResult } from "../pipeline/rememberResult.ts";
import { type LineEvidence, productEvidence } from "../pipeline/verify.ts";
import { scoreResult } from "../score/scoreResult.ts";
import { WEIGHTS } from "../score/weights.ts";
import type { ExtractedOrder, ExtractionResult, OrderLine, Reason } from "../types.ts";
import { readStructuredDocuments, type StructuredReading } from "./readStructuredDocuments.ts";
import { mapUnitCode } from "./unitCodes.ts";

/**
 * Turns a structured reading (UBL, CII, EDIFACT) into the extraction result: the customer by its
 * Peppol endpoint, GLN, VAT number or email; products by our code, barcode (GTIN) or the customer's
 * code through learned aliases; units from their UN/ECE Rec 20 codes; prices per BaseQuantity; the
 * document's own arithmetic (line amounts, allowances and charges, totals) as the evidence that every
 * number is right. Orders become sales orders; OrderChange / OrderCancellation take the amendment
 * path of the order they reference (never a new draft); a request for quotation is not an order; an
 * invoice is a vendor bill when its seller is a known vendor, and never a sales order.
 */

export interface StructuredResultDeps {
  products: ProductMatcher;
  partners: PartnerMatcher;
  seen: SeenStore;
  aliases?: AliasStore | null;
  thresholds?: { auto: number; review: number } | null;
  /** Our own company's mail domain: a colleague forwarding (or uploading) a document vouches for it. */
  catalog?: { ownDomain: string } | null;
}

type Result = ExtractionResult & { metadata?: { attachments?: number } };

const round2 = (n: number) => Math.round(n * 100) / 100;
const close = (a: number, b: number, tolerance = 0.011) => Math.abs(a - b) <= tolerance;

/** A party in words for a reason: its name and the identifiers the document states. */
function describeParty(p: PartyIdentifiers | null | undefined): string {
  if (!p) return "no party";
  const ids = [
    p.endpoint && `endpoint ${p.endpoint}`,
    p.gln && `GLN ${p.gln}`,
    p.vat && `VAT ${p.vat}`,
    p.email,
  ]
    .filter(Boolean)
    .join(", ");
  return `${p.name ?? "an unnamed party"}${ids ? ` (${ids})` : ""}`;
}

function byIdentifiers(
  partners: PartnerMatcher,
  kind: "customer" | "vendor",
  party: PartyIdentifiers | null | undefined,
): PartnerMatch | null {
  if (!party) return null;
  if (partners.byIdentifiers) return partners.byIdentifiers(kind, party);
  return party.email ? partners.byEmail(kind, party.email) : null;
}

/**
 * The customer of a structured order: by the identifiers the document states, checked against the
 * sender. An identifier match from an address the customer does not use is a doubt (anyone can write
 * a GLN into an XML file); a sender of another customer is a hard one.
 */
function resolveCustomer(
  deps: StructuredResultDeps,
  buyer: PartyIdentifiers | null | undefined,
  sender: string | null,
  reasons: Reason[],
): { partner: Partner | null; via: "email" | "domain" | "text" | null } {
  const bySender = sender ? deps.partners.byEmail("customer", sender) : null;
  const byDoc = byIdentifiers(deps.partners, "customer", buyer);
  if (byDoc && bySender && byDoc.partner.ref !== bySender.partner.ref) {
    reasons.push({
      code: "customer.conflict",
      severity: "hard",
      message: `The document's buyer ${describeParty(buyer)} is ${byDoc.partner.name}, but the sender ${sender} belongs to ${bySender.partner.name}.`,
    });
    return { partner: byDoc.partner, via: "text" };
  }
  if (byDoc) {
    reasons.push({
      code: "customer.identified",
      severity: "info",
      message: `Buyer ${describeParty(buyer)} identified as ${byDoc.partner.name} by ${byDoc.via === "endpoint" ? "Peppol endpoint" : byDoc.via === "gln" ? "GLN" : byDoc.via === "vat" ? "VAT number" : byDoc.via}.`,
    });
    const ownDomain = deps.catalog?.ownDomain?.toLowerCase();
    if (!bySender && ownDomain && sender?.toLowerCase().endsWith(`@${ownDomain}`)) {
      // a colleague's forward or an upload in Odoo: the customer as the document identifies it
      return { partner: byDoc.partner, via: "text" };
    }
    if (!bySender) {
      reasons.push({
        code: "customer.sender_unlisted",
        // anyone can write a GLN into a file: an unknown sender is a hard warning (DESIGN.md)
        severity: "hard",
        message: `${byDoc.partner.name} was identified from the document, but the sender ${sender ?? "?"} is not one of its addresses (add it to the customer's contacts in Odoo if it is theirs).`,
      });
      return { partner: byDoc.partner, via: "text" };
    }
    return { partner: byDoc.partner, via: bySender.via === "email" ? "email" : "domain" };
  }
  if (bySender) return { partner: bySender.partner, via: bySender.via === "email" ? "email" : "domain" };
  reasons.push({
    code: "customer.unknown",
    severity: "hard",
    message: `The buyer ${describeParty(buyer)} (sender ${sender ?? "unknown"}) is not a known customer.`,
  });
  return { partner: null, via: null };
}

interface BuiltLines {
  lines: OrderLine[];
  /** Per line, what corroborates its product and quantity (P11's evidence: a structured source states its quantities). */
  lineEvidence: LineEvidence[];
  /** Every stated line amount agrees with quantity x price (allowances and charges included). */
  arithmetic: boolean;
  /** Sum of the lines as the document states them (amounts, else quantity x price). */
  statedSum: number | null;
}

async function matchProduct(
  deps: StructuredResultDeps,
  l: ParsedLine,
  customer: Partner | null,
): Promise<ProductMatch> {
  const found = await deps.products.match({ code: l.code, barcode: l.barcode, description: l.description });
  if ((found.via === "code" || found.via === "barcode") && found.confidence >= 1) return found;
  if (customer && deps.aliases) {
    const code = await deps.aliases.lookup(customer.ref, [l.customerSku, l.code, l.description]);
    const product = code ? deps.products.byCode(code) : null;
    if (product)
      return { product, via: "alias", confidence: WEIGHTS.lineByAlias, candidates: [{ product, score: 1 }] };
  }
  if (!found.product && l.customerSku) {
    // the buyer's code may be ours when the buyer copied it from our catalogue
    const again = await deps.products.match({ code: l.customerSku, barcode: null, description: null });
    if (again.via === "code" && again.product) return again;
  }
  return found;
}

async function buildLines(
  deps: StructuredResultDeps,
  doc: ParsedOrder,
  customer: Partner | null,
  reasons: Reason[],
  orderIndex: number,
): Promise<BuiltLines> {
  const out: OrderLine[] = [];
  const lineEvidence: LineEvidence[] = [];
  let arithmetic = true;
  let statedSum: number | null = 0;
  for (const [i, l] of doc.lines.entries()) {
    const path = `order[${orderIndex}].lines[${i}]`;
    if (l.quantity === null) {
      reasons.push({
        code: "line.no_quantity",
        severity: "hard",
        message: `Line ${l.position ?? i + 1} states no quantity.`,
        path,
      });
      continue;
    }
    const base = l.priceBase && l.priceBase > 0 ? l.priceBase : 1;
    const adjustments = (l.allowances ?? []).reduce((acc, a) => acc + (a.charge ? a.amount : -a.amount), 0);
    const gross = l.unitPrice === null ? null : (l.quantity * l.unitPrice) / base;
    if (
      gross !== null &&
      l.amount !== null &&
      !close(gross + adjustments, l.amount, Math.max(0.011, l.amount * 1e-6))
    ) {
      arithmetic = false;
      reasons.push({
        code: "totals.line_mismatch",
        severity: "hard",
        message: `Line ${l.position ?? i + 1}: ${l.quantity} x ${l.unitPrice}${base !== 1 ? `/${base}` : ""}${adjustments ? ` ${adjustments > 0 ? "+" : "-"} ${Math.abs(round2(adjustments))}` : ""} is ${round2(gross + adjustments)}, the document states ${l.amount}.`,
        path,
      });
    }
    const lineValue = l.amount ?? (gross === null ? null : gross + adjustments);
    statedSum = statedSum === null || lineValue === null ? null : statedSum + lineValue;
    // the net price per written unit: allowances and charges of the line spread over its quantity
    let price: number | null =
      l.unitPrice === null
        ? null
        : adjustments !== 0 && l.quantity !== 0
          ? (gross! + adjustments) / l.quantity
          : l.unitPrice / base;

    const match = await matchProduct(deps, l, customer);
    const product = match.product;
    let qty = l.quantity;
    let lineConf = 1;
    const mapped = mapUnitCode(l.unitCode);
    if (l.unitCode && !mapped) {
      reasons.push({
        code: "line.unit_code_unknown",
        severity: "warning",
        message: `Unit code ${l.unitCode} is not a UN/ECE Rec 20 unit Order Intake knows; quantity kept as written.`,
        path,
      });
      lineConf *= WEIGHTS.unitUnclear;
    }
    if (product) {
      lineConf *=
        match.via === "description" ? match.confidence ** WEIGHTS.descriptionExponent : match.confidence;
      if (mapped) {
        const scaled = qty * mapped.factor;
        if (price !== null) price = price / mapped.factor;
        const conv = convertQuantity(scaled, mapped.unit, product.uom);
        if (conv.incompatible) {
          reasons.push({
            code: "line.unit_unclear",
            severity: "warning",
            message: `Unit ${l.unitCode} (${mapped.unit}) cannot be converted into ${product.uom}; quantity kept as written.`,
            path,
          });
          lineConf *= WEIGHTS.unitUnclear;
        } else {
          if (conv.note || mapped.factor !== 1) {
            reasons.push({
              code: "line.unit_converted",
              severity: "info",
              message: `Converted ${l.quantity} ${l.unitCode} = ${conv.quantity} ${product.uom}.`,
              path,
            });
          }
          qty = conv.quantity;
          if (price !== null) price = price * conv.priceFactor;
        }
      }
    } else {
      lineConf = WEIGHTS.lineUnknown;
      reasons.push({
        code: "line.unknown_product",
        severity: "hard",
        message: `No catalog product matches line ${l.position ?? i + 1} (${[l.code && `code ${l.code}`, l.barcode && `GTIN ${l.barcode}`, l.customerSku && `buyer's code ${l.customerSku}`, l.description.slice(0, 60)].filter(Boolean).join(", ")}).`,
        path,
      });
    }
    // a structured source states its quantities: they are corroborated by construction (P11's evidence)
    lineEvidence.push({ ...productEvidence({ match }), quantityBy: ["structured"] });
    out.push({
      default_code: product?.default_code ?? null,
      customer_sku: l.customerSku,
      description: l.description || l.code || l.barcode || "",
      quantity: Math.round(qty * 1e6) / 1e6,
      uom: product?.uom ?? mapped?.unit ?? "Units",
      unit_price: price === null ? null : Math.round(price * 10000) / 10000,
      confidence: Math.round(lineConf * 1000) / 1000,
      candidates: match.candidates.map((c) => ({
        default_code: c.product.default_code,
        name: c.product.name,
        score: Math.round(c.score * 1000) / 1000,
      })),
    });
  }
  return { lines: out, lineEvidence, arithmetic, statedSum: statedSum === null ? null : round2(statedSum) };
}

/**
 * The document's own totals: the lines add up to the line total, allowances and charges to the tax
 * exclusive amount, the tax to the tax inclusive amount. "agree" only when at least one stated total
 * was checked and none disagrees.
 */
function checkTotals(
  doc: ParsedOrder,
  built: BuiltLines,
  reasons: Reason[],
  index: number,
): "agree" | "disagree" | "no_prices" | "no_total" {
  if (built.lines.every((l) => l.unit_price === null)) return "no_prices";
  const t = doc.totals ?? {};
  const docCharges = (doc.charges ?? []).reduce((acc, c) => acc + (c.charge ? c.amount : -c.amount), 0);
  const checks: Array<[string, number, number]> = [];
  if (t.lineExtension != null && built.statedSum !== null)
    checks.push(["line total", built.statedSum, t.lineExtension]);
  const lineTotal = t.lineExtension ?? built.statedSum;
  if (t.taxExclusive != null && lineTotal !== null)
    checks.push(["total without tax", round2(lineTotal + docCharges), t.taxExclusive]);
  const taxExclusive = t.taxExclusive ?? (lineTotal === null ? null : round2(lineTotal + docCharges));
  if (t.taxInclusive != null && taxExclusive != null && t.tax != null)
    checks.push(["total with tax", round2(taxExclusive + t.tax), t.taxInclusive]);
  const taxInclusive =
    t.taxInclusive ?? (taxExclusive != null && t.tax != null ? round2(taxExclusive + t.tax) : null);
  if (t.payable != null && taxInclusive != null)
    checks.push(["amount payable", round2(taxInclusive - (t.prepaid ?? 0) + (t.rounding ?? 0)), t.payable]);
  if (checks.length === 0) return "no_total";
  let agree = built.arithmetic;
  for (const [what, computed, stated] of checks) {
    if (!close(computed, stated)) {
      agree = false;
      reasons.push({
        code: "totals.mismatch",
        severity: "hard",
        message: `The document's ${what} ${stated.toFixed(2)} differs from ${computed.toFixed(2)} computed from its lines.`,
        path: `order[${index}].total_untaxed`,
      });
    }
  }
  return agree ? "agree" : "disagree";
}

function readReason(doc: ParsedOrder): Reason {
  return {
    code: "structured.read",
    severity: "info",
    message: `Read as ${doc.standard ?? doc.reader.toUpperCase()} from ${doc.source}: values as the document states them.`,
    path: doc.source,
  };
}

async function buildOrder(
  deps: StructuredResultDeps,
  doc: ParsedOrder,
  customer: Partner | null,
  reasons: Reason[],
  index: number,
  email: ParsedEmail,
) {
  const built = await buildLines(deps, doc, customer, reasons, index);
  const totals = checkTotals(doc, built, reasons, index);
  for (const c of doc.charges ?? []) {
    if (!c.amount) continue;
    reasons.push({
      code: "structured.document_charge",
      severity: "warning",
      message: `A document-level ${c.charge ? "charge" : "allowance"} of ${c.amount.toFixed(2)} ${doc.currency ?? ""}${c.reason ? ` (${c.reason})` : ""} is not on the draft's lines; add it in Odoo.`,
      path: `order[${index}]`,
    });
  }
  if (doc.deliveryAddress && (doc.deliveryAddress.street || doc.deliveryAddress.city)) {
    const a = doc.deliveryAddress;
    reasons.push({
      code: "structured.delivery_address",
      severity: "info",
      message: `Deliver to: ${[a.name, a.street, a.street2, [a.zip, a.city].filter(Boolean).join(" "), a.country].filter(Boolean).join(", ")}.`,
      path: `order[${index}]`,
    });
  }
  const order: ExtractedOrder = {
    customer_reference:
      doc.documentKind === "order" ? doc.documentNumber : (doc.orderReference ?? doc.documentNumber),
    order_date: doc.orderDate ?? email.localDate,
    delivery_date: doc.deliveryDate ?? doc.lines.find((l) => l.deliveryDate)?.deliveryDate ?? null,
    currency: doc.currency ?? customer?.currency ?? null,
    lines: built.lines,
    total_untaxed: doc.totals?.lineExtension ?? built.statedSum,
  };
  return {
    order,
    evidence: {
      poFound: Boolean(order.customer_reference),
      orderDateStated: Boolean(doc.orderDate),
      currencyStated: Boolean(doc.currency),
      ambiguousDate: false,
      totals,
      lines: built.lineEvidence,
      unexplainedRows: [],
      unassignedDates: [],
    },
  };
}

/** The kinds a structured document is routed as, in the order of precedence. */
const ORDERISH = new Set(["order", "order_change", "order_cancellation"]);

/**
 * Builds the extraction result of an email that carries a structured document; null when it carries
 * none (the caller reads it as any other email). `refused` are the reasons of files that claimed to be
 * structured and were refused: the caller adds them to its reasons.
 */
export async function structuredResult(
  email: ParsedEmail,
  deps: StructuredResultDeps,
  options: { key?: string; raw?: Buffer; reading?: StructuredReading } = {},
): Promise<{ result: Result | null; refused: Reason[] }> {
  const reading =
    options.reading ??
    (await readStructuredDocuments({
      attachments: email.attachments.filter((a) => !a.inline || /xml|pdf|edi/i.test(a.contentType)),
      bodyText: email.text,
    }));
  const docs = reading.orders.filter((d) => d.documentKind !== "unknown");
  if (docs.length === 0) return { result: null, refused: reading.refused };
  const first = docs[0]!;
  const sender = email.from?.address ?? null;
  const reasons: Reason[] = [...reading.refused, readReason(first), ...first.reasons];
  const result: Result = {
    kind: "not_an_order",
    customer_ref: null,
    sender_email: sender,
    orders: [],
    amends: null,
    duplicate_of: null,
    confidence: 0,
    expect: "review",
    reasons,
  };
  let classification: Classification = { kind: "not_an_order", nonOrder: null, evidence: "" };
  let customerVia: "email" | "domain" | "text" | null = null;
  const evidence: Array<Awaited<ReturnType<typeof buildOrder>>["evidence"]> = [];
  let exactDuplicate = false;

  if (
    first.documentKind === "invoice" ||
    first.documentKind === "credit_note" ||
    first.documentKind === "order_response"
  ) {
    // a supplier's document: for the Invoicing / Purchase modules, never a sales order
    const vendor =
      byIdentifiers(deps.partners, "vendor", first.seller) ??
      (sender ? deps.partners.byEmail("vendor", sender) : null);
    const isBill = first.documentKind !== "order_response";
    if (vendor) {
      result.kind = isBill ? "vendor_bill" : "purchase_confirmation";
      result.vendor_ref = vendor.partner.ref;
      classification = {
        kind: result.kind,
        nonOrder: isBill ? "vendor_bill" : "purchase_confirmation",
        evidence: `${first.standard} from ${vendor.partner.name}`,
      };
      reasons.push({
        code: isBill ? "classify.vendor_bill" : "classify.purchase_confirmation",
        severity: "info",
        message: `${first.documentKind === "credit_note" ? "A credit note" : isBill ? "An invoice" : "An order response"} ${first.documentNumber ?? ""} from ${vendor.partner.name} (identified by ${vendor.via === "vat" ? "VAT number" : vendor.via}).`,
      });
    } else {
      classification = {
        kind: "not_an_order",
        nonOrder: isBill ? "vendor_bill" : "purchase_confirmation",
        evidence: "",
      };
      reasons.push({
        code: "structured.unknown_vendor",
        severity: "warning",
        message: `${isBill ? "An invoice" : "An order response"} from ${describeParty(first.seller)}, not a known vendor; it is not a sales order.`,
      });
    }
  } else if (first.documentKind === "request_for_quotation") {
    classification = { kind: "not_an_order", nonOrder: "rfq", evidence: "request for quotation" };
    reasons.push({
      code: "classify.rfq",
      severity: "info",
      message: `A request for quotation (${first.standard}), not an order.`,
    });
    const customer = resolveCustomer(deps, first.buyer, sender, []);
    result.customer_ref = customer.partner?.ref ?? null;
  } else if (ORDERISH.has(first.documentKind)) {
    const customer = resolveCustomer(deps, first.buyer, sender, reasons);
    customerVia = customer.via;
    result.customer_ref = customer.partner?.ref ?? null;
    if (first.documentKind === "order") {
      result.kind = "sales_order";
      classification = {
        kind: "sales_order",
        nonOrder: null,
        evidence: first.standard ?? "structured order",
      };
      for (const [i, d] of docs.filter((x) => x.documentKind === "order").entries()) {
        if (i > 0) reasons.push(readReason(d), ...d.reasons);
        const built = await buildOrder(deps, d, customer.partner, reasons, i, email);
        result.orders.push(built.order);
        evidence.push(built.evidence);
      }
      const byMessage = email.messageId ? await deps.seen.messageId(email.messageId) : null;
      if (byMessage) {
        result.duplicate_of = byMessage;
        exactDuplicate = true;
        reasons.push({
          code: "duplicate.message",
          severity: "info",
          message: `Same Message-ID as ${byMessage}; already processed.`,
        });
      } else {
        for (const o of result.orders) {
          if (!o.customer_reference) continue;
          const earlier = await deps.seen.order(result.customer_ref, o.customer_reference);
          if (earlier) {
            result.duplicate_of ??= earlier;
            reasons.push({
              code: "duplicate.resend",
              severity: "hard",
              message: `This PO was already received (${earlier}); do not book it twice.`,
            });
          }
        }
      }
    } else {
      // OrderChange / OrderCancellation: proposed on the order it references, never a new draft
      result.kind = "amendment";
      classification = { kind: "amendment", nonOrder: null, evidence: first.standard ?? "structured change" };
      const ref = first.orderReference ?? first.documentNumber;
      const original = ref ? await deps.seen.poNumber(ref) : null;
      if (!ref) {
        reasons.push({
          code: "amendment.unlinked",
          severity: "hard",
          message: "The change names no order it changes.",
        });
      } else {
        result.amends = { customer_reference: ref };
        if (original) result.amends.of = original.key;
      }
      if (first.documentKind === "order_cancellation") {
        reasons.push({
          code: "amendment.cancel",
          severity: "hard",
          message: `${first.standard} cancels the order of PO ${ref ?? "?"}; cancel it by hand.`,
        });
      } else {
        const built = await buildOrder(deps, first, customer.partner, reasons, 0, email);
        built.order.customer_reference = ref;
        const changed = mergeChange(original?.lines ?? null, first, built.order.lines);
        built.order.lines = changed;
        result.orders.push(built.order);
        evidence.push(built.evidence);
        reasons.push({
          code: "order.amendment",
          severity: "hard",
          message: `${first.standard} ${first.documentNumber ?? ""} changes PO ${ref ?? "?"}; update the order by hand.`,
        });
        if (original?.lines) {
          const changes = diffOrderLines(original.lines, changed);
          result.amends = { ...result.amends!, changes };
          reasons.push({
            code: "amendment.linked",
            severity: "info",
            message: `Amends the order received as ${original.key} (PO ${original.customerReference}): ${
              changes.length > 0 ? changes.map(describeChange).join("; ") : "no line changes"
            }.`,
          });
        }
      }
      if (ref && !original) {
        reasons.push({
          code: "amendment.unlinked",
          severity: "warning",
          message: `No earlier order with PO ${ref} was received; find it by hand.`,
        });
      } else if (original && first.documentKind === "order_cancellation") {
        reasons.push({
          code: "amendment.linked",
          severity: "info",
          message: `Cancels the order received as ${original.key} (PO ${original.customerReference}).`,
        });
      }
    }
  } else {
    return { result: null, refused: reading.refused };
  }

  const scored = scoreResult({
    classification,
    customerVia: classification.nonOrder ? null : customerVia,
    orders: result.orders,
    fieldEvidence: evidence,
    reasons,
    exactDuplicate,
    thresholds: deps.thresholds,
  });
  result.confidence = scored.confidence;
  result.expect = scored.expect;
  if (scored.fields) result.field_confidence = scored.fields;
  result.metadata = { attachments: email.attachments.filter((a) => !a.inline).length };

  const key =
    options.key ??
    email.messageId ??
    createHash("sha256")
      .update(options.raw ?? Buffer.from(`${sender}|${first.documentNumber}`))
      .digest("hex")
      .slice(0, 16);
  await rememberResult(deps.seen, {
    key,
    messageId: email.messageId,
    result,
    attachments: email.attachments
      .filter((a) => !a.inline && a.content.length > 0)
      .map((a) => createHash("sha256").update(a.content).digest("hex")),
  });
  return { result, refused: reading.refused };
}

/**
 * The order after a change: lines with a status (UBL LineStatusCode) are applied to the order as it
 * was (Cancelled/Deleted removes, Added adds, Revised replaces the line with the same product); a
 * change without statuses states the whole order again.
 */
function mergeChange(
  before: Array<{
    default_code: string | null;
    description: string;
    quantity: number;
    unit_price: number | null;
  }> | null,
  doc: ParsedOrder,
  after: OrderLine[],
): OrderLine[] {
  const statuses = doc.lines.map((l) => /line status (\w+)/i.exec(l.note ?? "")?.[1]?.toLowerCase() ?? null);
  if (!before || statuses.every((s) => s === null || s === "nostatus")) return after;
  const merged: OrderLine[] = before.map((b) => ({
    default_code: b.default_code,
    customer_sku: null,
    description: b.description,
    quantity: b.quantity,
    uom: "Units",
    unit_price: b.unit_price,
  }));
  for (const [i, l] of after.entries()) {
    const status = statuses[i] ?? "revised";
    const at = merged.findIndex(
      (m) => (m.default_code && m.default_code === l.default_code) || m.description === l.description,
    );
    if (status === "cancelled" || status === "deleted") {
      if (at >= 0) merged.splice(at, 1);
    } else if (at >= 0 && status !== "added") merged[at] = l;
    else merged.push(l);
  }
  return merged;
}
