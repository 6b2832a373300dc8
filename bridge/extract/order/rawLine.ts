import type { UnitFamily } from "./units.ts";

/** An order line as read from a table or a text, before matching and unit conversion. */
export interface RawLine {
  code: string | null;
  customerSku: string | null;
  barcode: string | null;
  description: string;
  quantity: number | null;
  /** Unit as written (null: none written). */
  unit: UnitFamily | null;
  /** Net unit price per written unit (after discount), null when no price is given. */
  unitPrice: number | null;
  /** When the price is stated per another unit than the quantity ("je VE à 10 Stk"). */
  priceUnit: UnitFamily | null;
  /** Line amount as printed, if any. */
  amount: number | null;
  /** The quantity already expressed in a catalog unit by the customer: "(= 5 boxes of 10)". */
  explicit: { quantity: number; unit: UnitFamily } | null;
  /** "the same number of chairs": take the quantity of the line before. */
  sameAsPrevious: boolean;
  /** Where the line came from: attachment name, "body:text", "body:html", "body:quoted". */
  source: string;
  /** 0-based row of its table or line of its text, and the row as read (provenance). */
  row?: number;
  rowText?: string | null;
  /** The position number as printed, when a position column exists. */
  position?: string | null;
  /** The printed price was per this many units ("per C" = 100); `unitPrice` is already per one. */
  priceBase?: number;
  /** `unitPrice` was computed from the amount (amount / quantity), not printed: it corroborates nothing. */
  priceDerived?: boolean;
  /** The quantity is the only number of its phrase besides a printed price (see textLines.ts). */
  soleQuantity?: boolean;
  /** The column roles were decided by the table's arithmetic (qty x price / base = amount). */
  rolesByArithmetic?: boolean;
}

export const emptyRawLine = (source: string): RawLine => ({
  code: null,
  customerSku: null,
  barcode: null,
  description: "",
  quantity: null,
  unit: null,
  unitPrice: null,
  priceUnit: null,
  amount: null,
  explicit: null,
  sameAsPrevious: false,
  source,
});
