import type { Reason } from "../types.ts";

/**
 * The one intermediate of the reading pipeline: what every reader returns (text body, tables from
 * PDF/XLSX/CSV/HTML/DOCX, OCR, structured e-documents, the model), before any matching. Modelled on
 * OCA/edi's `sale_order_import`: parsers feed one documented shape; matching against the catalog
 * (resolve), turning a reading into evidence and doubts (verify) and the confidence (score) are
 * separate stages that read only this.
 *
 * A reader states what the document says, as written, with where it says it. It never looks up the
 * catalog, converts units or decides anything.
 */

/** Who read a value. Two different readers agreeing on a value is evidence. */
export type ReaderName = "text" | "table" | "ocr" | "model" | "ubl" | "cii" | "edifact";

/** Where a value came from, so that a person and the verifier can find it in the document. */
export interface Provenance {
  reader: ReaderName;
  /** "attachment:po.pdf", "body:text", "body:html", "body:quoted", "attachment:invoice.pdf#factur-x.xml". */
  source: string;
  /** 1-based page (PDFs, scans). */
  page?: number;
  /** 0-based row of a table, or line of a text. */
  row?: number;
  /** The column header as written, an XML path ("cac:OrderLine/cbc:Quantity") or a segment ("QTY+21"). */
  field?: string;
  /** The cell, line or element text as read. */
  text?: string;
}

export type ParsedDocumentKind =
  | "order"
  | "order_change"
  | "order_cancellation"
  | "order_response"
  | "request_for_quotation"
  | "invoice"
  | "credit_note"
  | "despatch_advice"
  | "unknown";

export interface PostalAddress {
  name?: string | null;
  street?: string | null;
  street2?: string | null;
  city?: string | null;
  zip?: string | null;
  /** ISO 3166-1 alpha-2. */
  country?: string | null;
}

/** How a document names a party: every identifier it states, as written. */
export interface PartyIdentifiers {
  name?: string | null;
  email?: string | null;
  /** GS1 Global Location Number (13 digits). */
  gln?: string | null;
  /** VAT number with its country prefix ("DE123456789"). */
  vat?: string | null;
  /** Peppol / electronic address as "scheme:id" ("0088:7300010000001", "9930:DE123456789"). */
  endpoint?: string | null;
  /** Other identifiers as "scheme:id". */
  ids?: string[];
  address?: PostalAddress | null;
}

/** The fields of a line that a reader can state; `from` says where each came from. */
export type ParsedLineField =
  | "position"
  | "code"
  | "customerSku"
  | "barcode"
  | "description"
  | "quantity"
  | "unit"
  | "unitPrice"
  | "priceBase"
  | "discountPercent"
  | "amount"
  | "taxPercent"
  | "deliveryDate";

export interface ParsedLine {
  /** The position number as printed (10, 20, "1.1"): an identifier, never a quantity. */
  position?: string | null;
  /** Our article number as the document states it (seller's item id). */
  code: string | null;
  /** The buyer's own code for the item (buyer's item id, "your part no." written by the customer). */
  customerSku: string | null;
  /** GTIN / EAN. */
  barcode: string | null;
  description: string;
  quantity: number | null;
  /** The unit as written ("Stk", "box of 10", "kg"); null when none is written. */
  unit: string | null;
  /** The UN/ECE Recommendation 20 code when the source states one ("C62", "KGM", "BX"). */
  unitCode?: string | null;
  /** Net price per `priceBase` units (after line discount when the document states the net price). */
  unitPrice: number | null;
  /** The price is per this many units: 100 for "per C" / "/100 St.", 1000 for "per M", UBL BaseQuantity. 1 when absent. */
  priceBase?: number;
  /** The unit the price is stated in when it differs from the quantity's ("€/kg" for a line in sacks). */
  priceUnit?: string | null;
  discountPercent?: number | null;
  /** Line-level allowances (charge false) and charges (charge true) as stated (UBL / CII AllowanceCharge). */
  allowances?: Array<{ charge: boolean; reason: string | null; amount: number; percent?: number | null }>;
  /** The line amount as printed. */
  amount: number | null;
  taxPercent?: number | null;
  /** ISO date. */
  deliveryDate?: string | null;
  note?: string | null;
  /** True when `unitPrice` was computed (amount / quantity) rather than printed: it proves nothing. */
  priceDerived?: boolean;
  /**
   * The quantity is the only number of its phrase besides the printed unit price: when that price is
   * the customer's price, no other number could be the quantity.
   */
  soleQuantity?: boolean;
  /** The quantity already expressed in another unit by the customer: "(= 5 boxes of 10)". */
  explicit?: { quantity: number; unit: string } | null;
  /** "the same number of chairs": take the quantity of the line before. */
  sameAsPrevious?: boolean;
  from: Partial<Record<ParsedLineField, Provenance>>;
}

/** A row of the item region that is not a line, and why: coverage is "every row is a line or explained". */
export interface SkippedRow {
  text: string;
  /** "header", "subtotal", "note", "catalog row without quantity", "carry-over", ... */
  why: string;
  from?: Provenance;
}

export interface ParsedOrder {
  reader: ReaderName;
  /** The standard read, shown in the intake log: "UBL 2.1 Order (Peppol BIS Ordering 3)", "Factur-X (CII) EN 16931", "EDIFACT D.96A ORDERS (EANCOM)". */
  standard?: string | null;
  /** Exact by construction (a structured e-document): values are stated, not inferred from layout. */
  structured: boolean;
  /** The document or body part it was read from ("attachment:po.pdf", "body:text"). */
  source: string;
  documentKind: ParsedDocumentKind;
  /** The buyer's PO number (orders), or the document's own number (invoices, responses). */
  documentNumber: string | null;
  /** ISO dates. */
  orderDate: string | null;
  deliveryDate: string | null;
  dueDate?: string | null;
  /** ISO 4217. */
  currency: string | null;
  buyer?: PartyIdentifiers | null;
  seller?: PartyIdentifiers | null;
  deliveryAddress?: PostalAddress | null;
  /** The order this document refers to (OrderChange, OrderCancellation, OrderResponse, an invoice's order). */
  orderReference?: string | null;
  lines: ParsedLine[];
  /** Document-level allowances (charge false) and charges (charge true). */
  charges?: Array<{ charge: boolean; reason: string | null; amount: number; taxPercent?: number | null }>;
  taxes?: Array<{
    percent: number | null;
    base: number | null;
    amount: number | null;
    category?: string | null;
  }>;
  /** Totals as the document states them. */
  totals?: {
    lineExtension?: number | null;
    taxExclusive?: number | null;
    tax?: number | null;
    taxInclusive?: number | null;
    payable?: number | null;
    /** Already paid (UBL PrepaidAmount, CII TotalPrepaidAmount): payable = tax inclusive - prepaid + rounding. */
    prepaid?: number | null;
    /** UBL PayableRoundingAmount, CII RoundingAmount. */
    rounding?: number | null;
  };
  /** Rows of the item region that are not lines, with why. */
  skippedRows?: SkippedRow[];
  /** Rows that look like items (a product-like token or an amount) but were not read as a line: a doubt. */
  unexplainedRows?: SkippedRow[];
  /** What the reader itself found wrong or notable, in words. */
  reasons: Reason[];
  /**
   * Other readings of the same lines by another reader (the text/plain alternative of an HTML table,
   * the line reader over a PDF's text beside its table reader): a line's quantity that another reading
   * states for the same product is corroborated by two readers agreeing.
   */
  alternateReadings?: Array<{ reader: ReaderName; source: string; lines: ParsedLine[] }>;
  /** Where the header values came from. */
  from?: Partial<Record<"documentNumber" | "orderDate" | "deliveryDate" | "currency" | "totals", Provenance>>;
}
