/**
 * Stage 2 of the reading pipeline: the resolver. A candidate `ParsedOrder` is matched against the
 * catalog and the learned aliases (products), its units are converted into the catalog's, its prices
 * expressed per catalog unit and compared with the customer's prices, and its header fields (PO number,
 * dates, currency, stated total) are read. It states what it found and how; it does not score.
 */
import type { AliasStore } from "../match/aliasStore.ts";
import type { Partner } from "../match/catalog.ts";
import type { PriceLookup } from "../match/priceLookup.ts";
import type { ProductMatch, ProductMatcher } from "../match/productMatcher.ts";
import type { ParsedEmail } from "../mime/parseEmail.ts";
import {
  announcesDeliveryDate,
  findCurrency,
  findOrderDates,
  findPoNumbers,
  findStatedBareTotal,
  findStatedNetTotal,
  findUnassignedDates,
} from "../order/headerFields.ts";
import { convertQuantity, parseUnit, type UnitFamily } from "../order/units.ts";
import { PRICE_ABSURD_RATIO, PRICE_FAR_OFF, PRICE_TOLERANCE_DEFAULT, WEIGHTS } from "../score/weights.ts";
import { type DayMonthOrder, parseDate } from "../text/parseDate.ts";
import type { ExtractedOrder, OrderLine, Reason } from "../types.ts";
import type { ParsedLine } from "./parsedOrder.ts";
import type { Candidate } from "./readers.ts";

export interface ResolveDeps {
  products: ProductMatcher;
  aliases?: AliasStore | null;
  prices?: PriceLookup | null;
  priceTolerance?: number | null;
  now: () => Date;
}

/** One line after resolving: what was read, how the product was found, what goes into the draft. */
export interface ResolvedLine {
  parsed: ParsedLine;
  match: ProductMatch;
  line: OrderLine;
  /** The written quantity was converted into the catalog unit. */
  converted: boolean;
  /** The written unit cannot be converted into the catalog unit. */
  unitUnclear: boolean;
}

export interface HeaderEvidence {
  poFound: boolean;
  orderDateStated: boolean;
  currencyStated: boolean;
  ambiguousDate: boolean;
  /** Dates the document states that are neither the order date nor the delivery date, as written. */
  unassignedDates?: string[];
}

export interface ResolvedOrder {
  candidate: Candidate;
  order: ExtractedOrder;
  lines: ResolvedLine[];
  header: HeaderEvidence;
  /** The net total the document states (null when none is stated). */
  statedTotal: number | null;
  /** Without a net total: a total with a bare label ("Total", "Summe"), net or gross (else null). */
  statedBareTotal?: number | null;
  index: number;
}

/** Day/month order: an impossible month decides by itself; otherwise the writer's country. */
export function dateOrderFor(
  partner: Partner | null,
  text: string,
): { order: DayMonthOrder; decided: boolean } {
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{2,4})\b/g)) {
    if (Number(m[1]) > 12) return { order: "DMY", decided: true };
    if (Number(m[2]) > 12) return { order: "MDY", decided: true };
  }
  if (!partner) return { order: "DMY", decided: false };
  return { order: partner.country === "US" ? "MDY" : "DMY", decided: true };
}

const UNIT_FAMILIES = new Set<string>([
  "Units",
  "Dozens",
  "Box of 10",
  "Box",
  "kg",
  "g",
  "L",
  "ml",
  "m",
  "cm",
  "mm",
]);
const unitOf = (u: string | null | undefined): UnitFamily | null =>
  !u ? null : UNIT_FAMILIES.has(u) ? (u as UnitFamily) : parseUnit(u);

/**
 * Our code or barcode first (exact); then what a person taught for this customer (their part number,
 * their code, their wording); then the catalog search on the description.
 */
export async function matchProduct(
  deps: Pick<ResolveDeps, "products" | "aliases">,
  l: Pick<ParsedLine, "code" | "barcode" | "description" | "customerSku">,
  customerRef: string | null,
): Promise<ProductMatch> {
  const found = await deps.products.match({ code: l.code, barcode: l.barcode, description: l.description });
  if ((found.via === "code" || found.via === "barcode") && found.confidence >= 1) {
    // the wording of the line, on its own: another of our products, named beyond doubt?
    const words = l.description?.trim() ? await deps.products.match({ description: l.description }) : null;
    const other = words?.product;
    if (
      words &&
      other &&
      found.product &&
      other.default_code !== found.product.default_code &&
      words.confidence >= WEIGHTS.descriptionUnambiguous &&
      (words.candidates.find((c) => c.product.default_code === found.product?.default_code)?.score ?? 0) <
        (words.candidates[0]?.score ?? 0) - WEIGHTS.wordingConflictMargin
    ) {
      return { ...found, wordingNames: other };
    }
    return found;
  }
  if (customerRef && deps.aliases) {
    const code = await deps.aliases.lookup(customerRef, [l.customerSku, l.code, l.description]);
    const product = code ? deps.products.byCode(code) : null;
    if (product) {
      return { product, via: "alias", confidence: WEIGHTS.lineByAlias, candidates: [{ product, score: 1 }] };
    }
  }
  // an article number we do not know, and a wording only somewhat like one of our products: a
  // different item far more often than ours under a number we lack; a person decides (note line)
  // ...and an article number in our own numbering that we do not have ("XK-9935" beside our "XK-9921")
  // is another item of ours (a variant, a new product), whatever its wording shares with the nearest
  if (
    found.via === "description" &&
    l.code &&
    /\d/.test(l.code) &&
    ((found.candidates[0]?.score ?? 0) < WEIGHTS.descriptionScoreWithUnknownCode ||
      (found.product !== null && sameNumbering(l.code, found.product.default_code)))
  ) {
    return { product: null, via: "none", confidence: 0, candidates: found.candidates };
  }
  return found;
}

/**
 * Whether two article numbers follow one numbering: the same letters before the first digit and as
 * many digits ("XK-9935" and "XK-9921"; not "A-100234" and "FUR-1041").
 */
export function sameNumbering(a: string, b: string): boolean {
  const shape = (c: string) => {
    const t = c.trim().toUpperCase();
    return {
      prefix: /^[^\d]*/.exec(t)?.[0].replace(/[^A-Z]/g, "") ?? "",
      digits: t.replace(/\D/g, "").length,
    };
  };
  const x = shape(a);
  const y = shape(b);
  return (
    x.prefix !== "" &&
    x.prefix === y.prefix &&
    x.digits === y.digits &&
    a.trim().toUpperCase() !== b.trim().toUpperCase()
  );
}

/** Resolves the lines of a candidate: product, quantity in the catalog unit, price per catalog unit. */
export async function resolveLines(
  deps: Pick<ResolveDeps, "products" | "aliases">,
  parsed: ParsedLine[],
  reasons: Reason[],
  orderIndex: number,
  customerRef: string | null,
): Promise<ResolvedLine[]> {
  const out: ResolvedLine[] = [];
  let previousQty: number | null = null;
  let previousUnit: UnitFamily | null = null;
  for (const pl of parsed) {
    const path = `order[${orderIndex}].lines[${out.length}]`;
    const match = await matchProduct(deps, pl, customerRef);
    let qty: number | null = pl.sameAsPrevious ? previousQty : pl.quantity;
    if (qty === null) continue;
    let unit: UnitFamily | null = pl.sameAsPrevious ? previousUnit : unitOf(pl.unit);
    previousQty = qty;
    previousUnit = unit;
    const base = pl.priceBase && pl.priceBase > 0 ? pl.priceBase : 1;
    let price = pl.unitPrice === null ? null : pl.unitPrice / base;
    let lineConf = 1;
    let converted = false;
    let unitUnclear = false;
    const product = match.product;
    if (product) {
      lineConf =
        match.via === "description" ? match.confidence ** WEIGHTS.descriptionExponent : match.confidence;
      const explicitUnit = pl.explicit ? unitOf(pl.explicit.unit) : null;
      if (pl.explicit && explicitUnit) {
        const ex = convertQuantity(pl.explicit.quantity, explicitUnit, product.uom);
        if (!ex.incompatible) {
          if (price !== null) price = price * (qty / ex.quantity);
          const written = `${qty}${unit ? ` ${unit}` : ""}`;
          qty = ex.quantity;
          unit = null;
          converted = true;
          reasons.push({
            code: "line.unit_converted",
            severity: "info",
            message: `Converted ${written} = ${ex.quantity} ${product.uom}, as the customer stated it.`,
            path,
          });
        }
      }
      const conv = convertQuantity(qty, unit, product.uom);
      const priceUnit = unitOf(pl.priceUnit);
      if (conv.incompatible) {
        unitUnclear = true;
        reasons.push({
          code: "line.unit_unclear",
          severity: "warning",
          message: `Unit "${unit}" cannot be converted into ${product.uom}; quantity kept as written.`,
          path,
        });
        lineConf *= WEIGHTS.unitUnclear;
      } else if (conv.note) {
        qty = conv.quantity;
        converted = true;
        if (price !== null && !priceUnit) price = price * conv.priceFactor;
        lineConf *= WEIGHTS.unitConversion;
        reasons.push({
          code: "line.unit_converted",
          severity: "info",
          message: `Converted ${conv.note}.`,
          path,
        });
      }
      if (price !== null && priceUnit && priceUnit !== unit) {
        const pc = convertQuantity(1, priceUnit, product.uom);
        if (!pc.incompatible && pc.quantity !== 1) price = price / pc.quantity;
      }
    } else {
      lineConf = WEIGHTS.lineUnknown;
      reasons.push({
        code: "line.unknown_product",
        severity: "hard",
        message: `No catalog product matches "${(pl.description || pl.customerSku || pl.code || "").slice(0, 80)}"${
          pl.code && pl.description ? ` (the written code ${pl.code.slice(0, 40)} is not ours)` : ""
        }${match.candidates[0] ? `; nearest: ${match.candidates[0].product.default_code} ${match.candidates[0].product.name.slice(0, 60)}` : ""}.`,
        path,
      });
    }
    if (product && match.wordingNames) {
      reasons.push({
        code: "line.code_wording_conflict",
        severity: "hard",
        message: `Line ${out.length + 1}: the code ${product.default_code} is "${product.name}", but the wording "${pl.description.slice(0, 80)}" names ${match.wordingNames.default_code} "${match.wordingNames.name}"; one of them is written wrongly: check which.`,
        path,
      });
    }
    out.push({
      parsed: pl,
      match,
      converted,
      unitUnclear,
      line: {
        default_code: product?.default_code ?? null,
        // a code written for an item no product matched is kept as written: the note line a person
        // completes shows it, and the product they put there is learned as this customer's alias for it
        customer_sku: pl.customerSku ?? (product ? null : pl.code),
        description: pl.description || pl.code || pl.customerSku || "",
        quantity: Math.round(qty * 1e6) / 1e6,
        uom: product?.uom ?? "Units",
        unit_price: price === null ? null : Math.round(price * 10000) / 10000,
        confidence: Math.round(lineConf * 1000) / 1000,
        candidates: match.candidates.map((c) => ({
          default_code: c.product.default_code,
          name: c.product.name,
          score: Math.round(c.score * 1000) / 1000,
        })),
      },
    });
  }
  return out;
}

/**
 * Prices against the customer's pricelist price, else the catalog's list price (same currency only:
 * no exchange rates here). Beyond the tolerance a reason for the approver; far beyond a warning.
 */
export function comparePrices(
  deps: Pick<ResolveDeps, "products" | "prices" | "priceTolerance">,
  lines: OrderLine[],
  currency: string,
  reasons: Reason[],
  orderIndex: number,
  customer: Partner | null,
  date: string | null,
): void {
  const tolerance = deps.priceTolerance ?? PRICE_TOLERANCE_DEFAULT;
  for (const [i, l] of lines.entries()) {
    if (l.unit_price === null || !l.default_code) continue;
    const ref = referencePrice(deps, l, currency, customer, date);
    if (!ref) continue;
    const diff = (l.unit_price - ref.price) / ref.price;
    if (Math.abs(diff) <= tolerance + 1e-9) continue;
    const far = Math.abs(diff) > PRICE_FAR_OFF;
    const ratio = l.unit_price / ref.price;
    const absurd = ratio >= PRICE_ABSURD_RATIO || ratio <= 1 / PRICE_ABSURD_RATIO;
    // "1000 times the list price" says more than "99900.0 %"; "12.1% below" says which way
    const how =
      ratio >= 2
        ? `${formatRatio(ratio)} times ${ref.what} ${currency}`
        : ratio <= 0.5
          ? `1/${formatRatio(1 / ratio)} of ${ref.what} ${currency}`
          : `${(Math.abs(diff) * 100).toFixed(1)}% ${diff < 0 ? "below" : "above"} ${ref.what} ${currency}`;
    reasons.push({
      code: "line.price_differs",
      severity: absurd ? "hard" : far ? "warning" : "info",
      message: `${l.default_code}: price ${l.unit_price} ${currency} is ${how} (tolerance ${(tolerance * 100).toFixed(0)}%)${absurd ? ": a misread price (decimal separator, price per 100 or 1000) or a wrong one; check it" : ""}.`,
      path: `order[${orderIndex}].lines[${i}].unit_price`,
    });
  }
}

const formatRatio = (r: number) => (r >= 10 ? String(Math.round(r)) : r.toFixed(1));

/** The price the customer is expected to pay for a line: their pricelist price, else the list price. */
export function referencePrice(
  deps: Pick<ResolveDeps, "products" | "prices">,
  l: OrderLine,
  currency: string,
  customer: Partner | null,
  date: string | null,
): { price: number; what: string } | null {
  if (!l.default_code) return null;
  const p = deps.products.byCode(l.default_code);
  if (!p) return null;
  const fromList = customer ? (deps.prices?.forCustomer(customer, p, l.quantity, date) ?? null) : null;
  const ref =
    fromList && fromList.currency === currency
      ? { price: fromList.price, what: `their pricelist price ${fromList.price} (${fromList.source})` }
      : p.currency === currency
        ? { price: p.list_price, what: `the list price ${p.list_price}` }
        : null;
  return ref && ref.price > 0 ? ref : null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Resolves one candidate into an order: header fields from what the reader stated (structured readers,
 * the model) or from its header context (text readers), lines against the catalog, prices compared.
 */
export async function resolveCandidate(
  deps: ResolveDeps,
  candidate: Candidate,
  email: ParsedEmail,
  customer: Partner | null,
  reasons: Reason[],
  index: number,
): Promise<ResolvedOrder> {
  const p = candidate.parsed;
  const ctx = candidate.context ?? { texts: [], trailer: [] };
  const joined = ctx.texts.join("\n");
  const { order: dayMonth, decided } = dateOrderFor(customer, joined);
  const reference = email.date ?? deps.now();
  let po: string | null = p.documentNumber;
  // a reply's subject names the order of the thread ("AW: Auftragsbestätigung … zu Ihrer Bestellung
  // 4500123987"): a PO number the mail's own text gives with a clear label is this mail's
  const at = ctx.texts.indexOf(email.subject);
  if (!po && at >= 0 && /^\s*(?:(?:re|aw|sv|wg|fw|fwd|tr|rv|r)\s*:\s*)+/i.test(email.subject)) {
    po = findPoNumbers(ctx.texts[at + 1] ?? "", { strongOnly: true })[0] ?? null;
  }
  for (const t of ctx.texts) {
    if (po) break;
    po = findPoNumbers(t)[0] ?? null;
  }
  if (candidate.name === "body") {
    // "PO GPC-56010: … PO GPC-56011: …": one text with several orders is not split; a person must look
    const named = new Set(findPoNumbers(ctx.texts[1] ?? "").map((x) => x.replace(/\s+/g, "").toUpperCase()));
    if (named.size > 1) {
      reasons.push({
        code: "order.several_po_numbers",
        severity: "hard",
        message: `The text names several PO numbers (${[...named].join(", ")}); it may hold more than one order.`,
        path: `order[${index}].customer_reference`,
      });
    }
  }
  let orderDate: string | null = p.orderDate;
  let deliveryDate: string | null = p.deliveryDate;
  let ambiguous = false;
  for (const t of ctx.texts) {
    const d = findOrderDates(t, { order: dayMonth, reference });
    orderDate ??= d.orderDate;
    deliveryDate ??= d.deliveryDate;
    ambiguous ||= !decided && d.ambiguous && Boolean(d.orderDate ?? d.deliveryDate);
  }
  const stated = p.currency ?? ctx.texts.map((t) => findCurrency(t)).find(Boolean) ?? null;
  const currency = stated ?? customer?.currency ?? "EUR";
  const lines = await resolveLines(deps, p.lines, reasons, index, customer?.ref ?? null);
  const orderLines = lines.map((l) => l.line);
  comparePrices(deps, orderLines, currency, reasons, index, customer, orderDate ?? email.localDate);
  const totalLines = [...ctx.trailer, ...ctx.texts.flatMap((t) => t.split("\n"))];
  const statedTotal =
    p.totals?.lineExtension ?? p.totals?.taxExclusive ?? findStatedNetTotal(totalLines, ctx.decimal);
  const statedBareTotal = statedTotal === null ? findStatedBareTotal(totalLines, ctx.decimal) : null;
  const priced = orderLines.filter((l) => l.unit_price !== null);
  const sum = round2(priced.reduce((acc, l) => acc + (l.unit_price ?? 0) * l.quantity, 0));
  if (ambiguous) {
    reasons.push({
      code: "date.ambiguous",
      severity: "warning",
      message: "Day and month could be swapped in a date; the sender's country decided.",
      path: `order[${index}]`,
    });
  }
  if (!deliveryDate && ctx.tableDeliveryDate) {
    deliveryDate = parseDate(ctx.tableDeliveryDate, { order: dayMonth, reference })?.iso ?? null;
  }
  // the header texts (the document, or the mail's own text), not the quoted history
  const headerTexts =
    candidate.name === "quoted" || candidate.name === "amended" ? [] : ctx.texts.slice(0, 2);
  const unassignedDates = [
    ...new Set(
      headerTexts.flatMap((t) =>
        findUnassignedDates(t, { order: dayMonth, reference }, [orderDate, deliveryDate, email.localDate]),
      ),
    ),
  ];
  if (!orderDate) orderDate = ctx.fallbackOrderDate ?? email.localDate;
  return {
    candidate,
    index,
    lines,
    statedTotal,
    statedBareTotal,
    order: {
      customer_reference: po,
      order_date: orderDate,
      delivery_date: deliveryDate,
      currency,
      lines: orderLines,
      total_untaxed: priced.length > 0 ? (statedTotal ?? sum) : null,
    },
    header: {
      poFound: po !== null,
      orderDateStated: orderDate !== email.localDate || joined.includes(orderDate ?? "@@"),
      currencyStated: stated !== null,
      ambiguousDate: ambiguous,
      // a delivery date announced by its label but not read ("Liefertermin: KW 48") is one unread date
      unassignedDates:
        !deliveryDate && headerTexts.some(announcesDeliveryDate)
          ? [...unassignedDates, "(a delivery date announced but not read)"]
          : unassignedDates,
    },
  };
}
