import type { ParsedOrder } from "../../extract/pipeline/parsedOrder.ts";
import {
  readStructuredDocuments,
  type StructuredAttachment,
} from "../../extract/structured/readStructuredDocuments.ts";
import { mapUnitCode } from "../../extract/structured/unitCodes.ts";
import type { SupplierDocument, SupplierLine } from "./readSupplierDocument.ts";

/** The supplier documents a structured reading can be: invoices, credit notes, order responses. */
const SUPPLIER_KINDS = new Set(["invoice", "credit_note", "order_response", "despatch_advice"]);

/** The first structured supplier document among the files (UBL / CII XML, Factur-X PDF, EDIFACT). */
export async function readStructuredSupplierDocument(
  attachments: StructuredAttachment[],
): Promise<ParsedOrder | null> {
  const reading = await readStructuredDocuments({ attachments });
  return reading.orders.find((o) => SUPPLIER_KINDS.has(o.documentKind)) ?? null;
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** A structured line as a supplier line: the net price per unit (BaseQuantity, allowances and charges applied). */
function supplierLine(l: ParsedOrder["lines"][number]): SupplierLine {
  const base = l.priceBase && l.priceBase > 0 ? l.priceBase : 1;
  const adjustments = (l.allowances ?? []).reduce((acc, a) => acc + (a.charge ? a.amount : -a.amount), 0);
  let unitPrice = l.unitPrice === null ? null : l.unitPrice / base;
  if (l.quantity && l.amount !== null && (adjustments !== 0 || unitPrice === null))
    unitPrice = l.amount / l.quantity;
  return {
    code: l.code ?? l.barcode ?? null,
    description: l.description,
    quantity: l.quantity,
    unit: mapUnitCode(l.unitCode)?.unit ?? l.unit,
    unitPrice: unitPrice === null ? null : round4(unitPrice),
    amount: l.amount,
  };
}

/**
 * What a structured document states replaces what was guessed from the PDF's text: number, dates,
 * the order it refers to, currency, lines, taxes and totals, exactly. The files (the PDF first) stay.
 */
export function withStructuredReading(doc: SupplierDocument, s: ParsedOrder): SupplierDocument {
  const t = s.totals ?? {};
  return {
    ...doc,
    structured: s,
    // the order it refers to as the document states it; the text's guesses only when it states none
    poNumbers: s.orderReference ? [s.orderReference] : doc.poNumbers,
    documentRef: s.documentNumber ?? doc.documentRef,
    documentDate: s.orderDate ?? doc.documentDate,
    dueDate: s.dueDate ?? doc.dueDate,
    expectedDate:
      s.documentKind === "order_response" ? (s.deliveryDate ?? doc.expectedDate) : doc.expectedDate,
    currency: s.currency ?? doc.currency,
    lines: s.lines.map(supplierLine),
    totalUntaxed: t.taxExclusive ?? t.lineExtension ?? doc.totalUntaxed,
    totalAmount: t.taxInclusive ?? t.payable ?? doc.totalAmount,
    issuer: s.seller?.name ?? doc.issuer,
  };
}
