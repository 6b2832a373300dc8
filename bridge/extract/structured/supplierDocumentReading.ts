import { readSupplierDocument } from "../../modules/supplierDocument/readSupplierDocument.ts";
import type { ExtractionResult } from "../types.ts";

/** What `order-intake extract` prints of a supplier's document, in the shape of an order. */
export interface SupplierDocumentReading {
  kind: "invoice" | "credit_note" | "order_response" | "supplier_document";
  /** The standard read ("Factur-X (CII) EN 16931"), null when read from the text. */
  standard: string | null;
  document_number: string | null;
  document_date: string | null;
  due_date: string | null;
  expected_date: string | null;
  currency: string | null;
  vendor: { ref: string | null; name: string | null; vat: string | null; email: string | null };
  po_numbers: string[];
  lines: Array<{
    default_code: string | null;
    description: string;
    quantity: number | null;
    uom: string | null;
    unit_price: number | null;
    amount: number | null;
    tax_percent: number | null;
  }>;
  taxes: Array<{ percent: number | null; base: number | null; amount: number | null }>;
  total_untaxed: number | null;
  total_tax: number | null;
  total: number | null;
}

const SUPPLIER_KINDS = new Set(["vendor_bill", "purchase_confirmation"]);

/**
 * Reads a message as a supplier document when the extraction says it is one (or it carries a
 * structured supplier document); null otherwise.
 */
export async function supplierDocumentReading(
  raw: Buffer,
  result: Pick<ExtractionResult, "kind" | "vendor_ref">,
): Promise<SupplierDocumentReading | null> {
  const doc = await readSupplierDocument(raw);
  const s = doc.structured ?? null;
  if (!s && !SUPPLIER_KINDS.has(result.kind)) return null;
  return {
    kind:
      s?.documentKind === "invoice" ||
      s?.documentKind === "credit_note" ||
      s?.documentKind === "order_response"
        ? s.documentKind
        : "supplier_document",
    standard: s?.standard ?? null,
    document_number: doc.documentRef,
    document_date: doc.documentDate,
    due_date: doc.dueDate,
    expected_date: doc.expectedDate,
    currency: doc.currency,
    vendor: {
      ref: result.vendor_ref ?? null,
      name: s?.seller?.name ?? doc.issuer,
      vat: s?.seller?.vat ?? null,
      email: s?.seller?.email ?? doc.senderEmail,
    },
    po_numbers: doc.poNumbers,
    lines: doc.lines.map((l, i) => ({
      default_code: l.code,
      description: l.description,
      quantity: l.quantity,
      uom: l.unit,
      unit_price: l.unitPrice,
      amount: l.amount,
      tax_percent: s?.lines[i]?.taxPercent ?? null,
    })),
    taxes: (s?.taxes ?? []).map((t) => ({ percent: t.percent, base: t.base, amount: t.amount })),
    total_untaxed: doc.totalUntaxed,
    total_tax: s?.totals?.tax ?? null,
    total: doc.totalAmount,
  };
}
