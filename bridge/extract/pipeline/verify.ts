/**
 * Stage 3 of the reading pipeline: the verifier. A resolved order becomes EVIDENCE (what corroborates
 * each line's product and quantity, whether the item region is covered) and DOUBTS (reasons). The
 * scorer reads only this evidence and weights.ts.
 *
 * A line's product is corroborated by our code, a barcode, a learned alias, or an unambiguous
 * description match. A line's quantity is corroborated by the document's own arithmetic (qty x unit
 * price / price base = the printed line amount; the amounts add up to the stated net total; a printed
 * amount divided by the quantity gives the customer's price), by a structured source, or by a second
 * reader of another representation (the text/plain alternative of an HTML table) stating the same.
 */

import { ARITHMETIC, WEIGHTS } from "../score/weights.ts";
import { multipliesTo } from "../tables/numericRoles.ts";
import type { OrderLine, Reason } from "../types.ts";
import type { ParsedLine, SkippedRow } from "./parsedOrder.ts";
import type { HeaderEvidence, ResolvedLine, ResolvedOrder } from "./resolve.ts";

export type QuantityEvidence =
  | "line_amount"
  | "order_total"
  | "amount_and_price"
  | "price_and_sole_quantity"
  | "structured"
  | "readers_agree";

export interface LineEvidence {
  productBy: "code" | "barcode" | "alias" | "description" | "none";
  productCorroborated: boolean;
  /** Everything that confirms the quantity (empty: nothing does). */
  quantityBy: QuantityEvidence[];
}

export type TotalsCheck = "agree" | "disagree" | "no_prices" | "no_total";

export interface OrderEvidence extends HeaderEvidence {
  totals: TotalsCheck;
  lines: LineEvidence[];
  /** Item-like rows neither read as a line nor explained. */
  unexplainedRows: SkippedRow[];
  /** Rows of the item region explained as not being lines (catalog rows without quantity, ...). */
  skippedRows: SkippedRow[];
}

export interface VerifyOptions {
  /** The price the customer is expected to pay for a line (pricelist or list price), if known. */
  referencePrice?: (line: OrderLine) => number | null;
  /** Relative difference within which a price counts as the expected one. */
  priceTolerance: number;
}

const norm = (s: string | null | undefined) =>
  (s ?? "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** Whether two readings name the same item (same code, barcode or customer part number, or description). */
function sameItem(a: ParsedLine, b: ParsedLine): boolean {
  if (a.code && b.code) return norm(a.code) === norm(b.code);
  if (a.barcode && b.barcode) return a.barcode === b.barcode;
  if (a.customerSku && b.customerSku) return norm(a.customerSku) === norm(b.customerSku);
  const da = norm(a.description);
  const db = norm(b.description);
  return da.length >= 6 && db.length >= 6 && (da.includes(db) || db.includes(da));
}

/** qty x unit price (/ price base) = the printed amount, with a printed (not derived) price. */
export function lineArithmeticHolds(l: ParsedLine): boolean {
  if (l.quantity === null || l.unitPrice === null || l.amount === null || l.priceDerived) return false;
  if (l.quantity <= 0 || l.amount <= 0) return false;
  return multipliesTo(l.quantity, l.unitPrice, l.priceBase && l.priceBase > 0 ? l.priceBase : 1, l.amount);
}

/**
 * The printed amount of a line disagrees with its printed quantity and price (a discount stated on the
 * line may explain it: then it is not counted as a contradiction).
 */
export function amountContradicts(l: ParsedLine): boolean {
  if (l.quantity === null || l.unitPrice === null || l.amount === null || l.priceDerived) return false;
  if (l.quantity <= 0 || l.amount <= 0 || l.unitPrice <= 0) return false;
  if (l.discountPercent) return false;
  return !lineArithmeticHolds(l);
}

/** How a line's product is found, and whether that corroborates it (our code, barcode, alias, an unambiguous description). */
export function productEvidence(
  r: Pick<ResolvedLine, "match">,
): Pick<LineEvidence, "productBy" | "productCorroborated"> {
  const via = r.match.product ? r.match.via : "none";
  const productBy = via === "none" ? "none" : via;
  const corroborated =
    via === "code" || via === "barcode" || via === "alias"
      ? true
      : via === "description" && r.match.confidence >= WEIGHTS.descriptionUnambiguous;
  return { productBy, productCorroborated: Boolean(r.match.product) && corroborated };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** VAT / sales tax rates in use in Europe and elsewhere: a bare total may include one of them. */
const VAT_RATES = [
  0.05, 0.055, 0.06, 0.07, 0.077, 0.08, 0.081, 0.09, 0.1, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17, 0.19, 0.2, 0.21,
  0.22, 0.23, 0.24, 0.25, 0.255, 0.27,
];

/** The evidence of one resolved order, and the doubts it raises (pushed to `reasons`). */
export function verifyOrder(resolved: ResolvedOrder, reasons: Reason[], opts: VerifyOptions): OrderEvidence {
  const { order, lines, candidate, index } = resolved;
  const parsed = candidate.parsed;
  const priced = order.lines.filter((l) => l.unit_price !== null);
  const sum = round2(priced.reduce((acc, l) => acc + (l.unit_price ?? 0) * l.quantity, 0));
  let totals: TotalsCheck = "no_prices";
  if (priced.length > 0) {
    // a net total must be the sum of the lines; a total with a bare label ("Total: 354.00") may be net
    // or gross: that sum, or that sum plus a usual VAT rate. Anything else is a misread line (or a line
    // the text drops).
    const stated = resolved.statedTotal ?? resolved.statedBareTotal ?? null;
    if (stated !== null) {
      const bare = resolved.statedTotal === null;
      const tolerance = Math.max(ARITHMETIC.totalAbsolute, order.lines.length * ARITHMETIC.totalPerLine);
      const agree =
        Math.abs(stated - sum) <= tolerance ||
        (bare &&
          VAT_RATES.some((r) => Math.abs(stated - round2(sum * (1 + r))) <= tolerance + stated * 0.0005));
      totals = agree ? "agree" : "disagree";
      if (!agree) {
        reasons.push({
          code: "totals.mismatch",
          severity: "hard",
          message: bare
            ? `Stated total ${stated.toFixed(2)} is neither the sum of the lines ${sum.toFixed(2)} nor that sum with a usual VAT rate.`
            : `Stated net total ${stated.toFixed(2)} differs from the sum of the lines ${sum.toFixed(2)}.`,
          path: `order[${index}].total_untaxed`,
        });
      }
    } else totals = "no_total";
    if (priced.length < order.lines.length) {
      reasons.push({
        code: "line.price_missing",
        severity: "warning",
        message: "Some lines have prices and others not.",
        path: `order[${index}]`,
      });
    }
  }
  const allPricedAsPrinted =
    priced.length === order.lines.length &&
    lines.every((r) => r.parsed.unitPrice !== null && !r.parsed.priceDerived);
  // another representation (the text/plain alternative of HTML) or another reading method (phrases
  // against columns by header) over the same lines
  const alternates = (parsed.alternateReadings ?? []).filter(
    (a) => a.source !== parsed.source || a.reader !== parsed.reader,
  );
  const evidence: LineEvidence[] = lines.map((r, i) => {
    const quantityBy: QuantityEvidence[] = [];
    // a printed amount the printed quantity and price do not make: one of them is misread (a pack
    // count read as the quantity, an amount read as the price); nothing else confirms this line
    if (amountContradicts(r.parsed)) {
      const l = r.parsed;
      reasons.push({
        code: "line.amount_mismatch",
        severity: "hard",
        message: `Line ${i + 1}: ${l.quantity} x ${l.unitPrice}${l.priceBase && l.priceBase > 1 ? ` / ${l.priceBase}` : ""} is not the printed amount ${l.amount}: the quantity or the price is misread; check it.`,
        path: `order[${index}].lines[${i}]`,
      });
      return { ...productEvidence(r), quantityBy };
    }
    if (parsed.structured) quantityBy.push("structured");
    if (lineArithmeticHolds(r.parsed)) quantityBy.push("line_amount");
    if (totals === "agree" && allPricedAsPrinted) quantityBy.push("order_total");
    const ref = r.line.unit_price !== null ? (opts.referencePrice?.(r.line) ?? null) : null;
    const priceIsTheirs =
      ref !== null &&
      r.line.unit_price !== null &&
      Math.abs(r.line.unit_price - ref) / ref <= opts.priceTolerance + 1e-9;
    // a printed amount whose price per unit is the customer's price: the quantity is the one printed
    if (r.parsed.priceDerived && priceIsTheirs) quantityBy.push("amount_and_price");
    // the printed price is the customer's and the quantity is the only other number of the phrase
    if (r.parsed.soleQuantity && !r.parsed.priceDerived && priceIsTheirs && !r.unitUnclear)
      quantityBy.push("price_and_sole_quantity");
    if (
      r.parsed.quantity !== null &&
      alternates.some((a) =>
        a.lines.some(
          (x) =>
            x.quantity === r.parsed.quantity &&
            sameItem(x, r.parsed) &&
            (x.unit === null || r.parsed.unit === null || x.unit === r.parsed.unit),
        ),
      )
    )
      quantityBy.push("readers_agree");
    return { ...productEvidence(r), quantityBy };
  });

  // missing evidence, in words: every cap the scorer applies has a reason here
  const weakProducts = evidence.flatMap((e, i) =>
    e.productBy === "description" && !e.productCorroborated ? [i] : [],
  );
  if (weakProducts.length > 0) {
    reasons.push({
      code: "evidence.product_uncorroborated",
      severity: "info",
      message: `Product of line${weakProducts.length > 1 ? "s" : ""} ${weakProducts.map((i) => i + 1).join(", ")} found by description only, not beyond doubt; check the product.`,
      path: `order[${index}]`,
    });
  }
  const unconfirmed = evidence.flatMap((e, i) => (e.quantityBy.length === 0 ? [i] : []));
  if (unconfirmed.length > 0) {
    const why =
      totals === "no_prices"
        ? "the document states no prices or amounts to check them against"
        : totals === "no_total"
          ? "no line amount or stated total confirms them"
          : "the document's arithmetic does not confirm them";
    reasons.push({
      code: "evidence.quantity_uncorroborated",
      severity: "info",
      message: `Quantit${unconfirmed.length > 1 ? "ies" : "y"} of line${unconfirmed.length > 1 ? "s" : ""} ${unconfirmed.map((i) => i + 1).join(", ")} not confirmed: ${why}; check ${unconfirmed.length > 1 ? "them" : "it"}.`,
      path: `order[${index}]`,
    });
  }
  const unexplainedRows = parsed.unexplainedRows ?? [];
  if (unexplainedRows.length > 0) {
    reasons.push({
      code: "coverage.unexplained_rows",
      severity: "warning",
      message: `${unexplainedRows.length} row${unexplainedRows.length > 1 ? "s" : ""} of the order look${unexplainedRows.length > 1 ? "" : "s"} like items but ${unexplainedRows.length > 1 ? "were" : "was"} not read as lines: ${unexplainedRows
        .slice(0, 3)
        .map((r) => `"${r.text.slice(0, 60)}" (${r.why})`)
        .join("; ")}.`,
      path: `order[${index}]`,
    });
  }
  if ((resolved.header.unassignedDates?.length ?? 0) > 0) {
    reasons.push({
      code: "evidence.date_unassigned",
      severity: "info",
      message: `The document states date${(resolved.header.unassignedDates?.length ?? 0) > 1 ? "s" : ""} ${resolved.header.unassignedDates?.slice(0, 3).join(", ")} that ${(resolved.header.unassignedDates?.length ?? 0) > 1 ? "are" : "is"} neither the order date nor the delivery date read; check the dates.`,
      path: `order[${index}].delivery_date`,
    });
  }
  const skippedRows = parsed.skippedRows ?? [];
  const catalogRows = skippedRows.filter((r) => r.why === "catalog row without quantity").length;
  if (catalogRows > 0) {
    reasons.push({
      code: "coverage.rows_without_quantity",
      severity: "info",
      message: `${catalogRows} row${catalogRows > 1 ? "s" : ""} without a quantity (a pre-printed list) ${catalogRows > 1 ? "were" : "was"} not drafted.`,
      path: `order[${index}]`,
    });
  }
  if (
    lines.some((r) => r.parsed.priceBase && r.parsed.priceBase !== 1) ||
    candidate.parsed.lines.some((l) => l.priceBase && l.priceBase !== 1)
  ) {
    reasons.push({
      code: "line.price_base",
      severity: "info",
      message: "Prices are stated per 10/100/1000 units; converted to a price per unit.",
      path: `order[${index}]`,
    });
  }
  return { ...resolved.header, totals, lines: evidence, unexplainedRows, skippedRows };
}
