/**
 * The contracts of the extraction path.
 *
 * Two layers meet here:
 *  - document readers (bridge/extract/documents, bridge/extract/tables) turn bytes into text and
 *    tables whose columns carry a role (`ReadDocument`);
 *  - the order reader (bridge/extract/order, bridge/extract/match, ...) turns an email and its
 *    documents into an `ExtractionResult`, the shape of ../shared/corpus/NNN/truth.json plus
 *    `confidence`, `expect` and `reasons`.
 */

/** A doubt or a warning, shown to the approver in Odoo and Slack. */
export interface Reason {
  /** Stable machine code, e.g. "pdf.encrypted", "line.unknown_product", "injection.suspected". */
  code: string;
  /** One sentence in plain English for a person. */
  message: string;
  /** "info" explains, "warning" lowers confidence, "hard" forces review (or worse). */
  severity: "info" | "warning" | "hard";
  /** Where it applies: "order[0].lines[3].quantity", "attachment:po.pdf", ... */
  path?: string;
}

/** What a column of an order table holds. */
export type ColumnRole =
  | "position"
  | "code" // our article number (or an unqualified "Art.-Nr." / "Item #")
  | "customer_sku" // the customer's own part number ("Ihre Art.-Nr.", "Our item #" written by the customer)
  | "barcode" // EAN / GTIN
  | "description"
  | "quantity"
  | "unit"
  | "unit_price"
  | "discount" // percent
  | "net_price" // unit price after discount, when a separate column exists
  | "amount" // line total
  | "tax" // tax rate or tax amount column
  | "delivery_date"
  | "other";

/** A table whose header has been recognised: one entry per column, rows of raw cell text. */
export interface LineTable {
  /** Where it came from: attachment filename, "body:html", "body:text". */
  source: string;
  /** 1-based page of the first row, for PDFs. */
  page?: number;
  /** Header labels as written, one per column. */
  headers: string[];
  /** The role recognised for each column (same length as headers). */
  roles: ColumnRole[];
  /**
   * Data rows, each with exactly `headers.length` cells of raw text (numbers as printed, e.g. "1.234,50").
   * Repeated page headers, page subtotals and carry-over lines ("Übertrag", "Suma y sigue") are removed;
   * description text wrapped onto following lines is joined to its row with a single space.
   */
  rows: string[][];
  /** Text lines after the table (totals block, notes), in reading order. */
  trailer: string[];
}

export type DocumentType = "pdf" | "spreadsheet" | "csv" | "image" | "html" | "text" | "unknown";

/** One attachment (or body part) after reading. */
export interface ReadDocument {
  filename: string;
  /** The type declared by the email. */
  declaredType: string;
  /** The type found by sniffing the bytes (a PDF named .xlsx is "pdf"). */
  detectedType: DocumentType;
  /** All text in reading order: lines separated by "\n"; table cells separated by "\t". */
  text: string;
  /** Order-like tables found in the document. */
  tables: LineTable[];
  /** True when the document is an image or a PDF without a text layer: OCR or the model is needed. */
  isScan: boolean;
  /** True when nothing usable could be read (corrupt, encrypted, empty, over limits). */
  unreadable: boolean;
  /** Problems found while reading: corrupt, encrypted, empty, oversize, hidden text, ... */
  reasons: Reason[];
  pages?: number;
  /** sha256 of the bytes, hex. */
  sha256: string;
  size: number;
}

/** Limits for readers; all configurable. */
export interface ReadLimits {
  maxAttachmentBytes: number;
  maxPdfPages: number;
  maxSpreadsheetRows: number;
  /** Wall-clock budget for reading one document. */
  timeoutMs: number;
}

export const defaultReadLimits: ReadLimits = {
  maxAttachmentBytes: 25 * 1024 * 1024,
  maxPdfPages: 50,
  maxSpreadsheetRows: 20_000,
  timeoutMs: 20_000,
};

export type OrderKind =
  | "sales_order"
  | "purchase_confirmation"
  | "vendor_bill"
  | "amendment"
  | "not_an_order";
export type ExpectedAction = "draft" | "review" | "reject" | "ignore";

export interface OrderLine {
  default_code: string | null;
  customer_sku: string | null;
  description: string;
  quantity: number;
  uom: string;
  unit_price: number | null;
  /** 0..1: how sure we are of this line (match quality x parse quality). */
  confidence?: number;
  /** Other products that could be meant, best first (for the approver's select). */
  candidates?: Array<{ default_code: string; name: string; score: number }>;
}

export interface ExtractedOrder {
  customer_reference: string | null;
  order_date: string | null;
  delivery_date: string | null;
  currency: string | null;
  lines: OrderLine[];
  total_untaxed: number | null;
}

/** What `order-intake extract` prints and `npm run eval` scores. */
export interface ExtractionResult {
  kind: OrderKind;
  customer_ref: string | null;
  sender_email: string | null;
  orders: ExtractedOrder[];
  /**
   * The order an amendment changes: its PO number, and once linked, the message key of that order
   * (`of`) and the line difference against it (`changes`).
   */
  amends: {
    customer_reference: string;
    of?: string | null;
    changes?: import("./order/diffOrderLines.ts").OrderChange[];
  } | null;
  duplicate_of: string | null;
  vendor_ref?: string | null;
  confidence: number;
  /** The factors of `confidence` per field (bridge/extract/score/scoreResult.ts). */
  field_confidence?: import("./score/scoreResult.ts").FieldConfidence;
  expect: ExpectedAction;
  reasons: Reason[];
}
