/**
 * Every weight of the confidence score, in one place (no other module holds a literal weight).
 *
 * Two kinds of numbers live here:
 *  - factors in 0..1 whose product grades a reading ("how much does this doubt cost"), and
 *  - CAPS (`CAPS` below): the confidence can reach the auto threshold only on POSITIVE evidence (every
 *    line's product and quantity corroborated, every item-like row accounted for, the sender
 *    identified). Missing evidence caps the confidence below the auto threshold; it never merely
 *    shaves it, so a failure nobody anticipated cannot score "automatic".
 * Calibration goal: a result scored >= the auto threshold is exactly right.
 */
export const WEIGHTS = {
  /** Sender is a known contact address: the strongest identification there is. */
  customerByEmail: 1,
  /** Known company domain but an unlisted address: a new colleague at a known customer is common. */
  customerByDomain: 0.99,
  /** Customer found only in the text (forwarded mail, VAT, name): names are confusable. */
  customerByText: 0.96,
  /** No customer: a person must create or pick the partner. */
  customerUnknown: 0.5,

  /** Product by our code or a valid barcode: exact. */
  lineByCode: 1,
  /**
   * Product by a learned alias: a person said this customer's part number or wording is this product.
   * Nearly as good as our code; not 1, since a customer may reuse a number for a successor product.
   */
  lineByAlias: 0.995,
  /**
   * Product by description: the matcher's own confidence is used, raised to this power. Descriptions
   * in the customer's words are the main source of wrong lines, so they weigh more than codes.
   */
  descriptionExponent: 1.3,
  /**
   * A line whose written article number is neither our code nor a learned alias names an item we do
   * not know (or know by another number): its wording alone must match a product this well (the
   * matcher's similarity, 0..1) to be taken as that product; a weaker likeness (a screen for a desk
   * taken as the desk, by their shared words) makes it an unknown product, its candidates kept.
   */
  descriptionScoreWithUnknownCode: 0.7,
  /**
   * A line found by our code whose wording alone names another product beyond doubt, scoring at least
   * this much (similarity) above the coded product: a conflict a person settles.
   */
  wordingConflictMargin: 0.15,
  /** A line whose product is unknown. */
  lineUnknown: 0.3,
  /** A line quantity converted between units (dozen -> units): right in most cases, but check. */
  unitConversion: 0.99,
  /** A line whose unit cannot be converted into the product's unit (quantity kept as written). */
  unitUnclear: 0.8,
  /**
   * A description match at or above this (the matcher's confidence, which includes the margin to the
   * next candidate) names the product unambiguously: it corroborates the product.
   */
  descriptionUnambiguous: 0.9,
  /** A text phrase without our code is an order line only when its description matches at least this well. */
  textLineMatch: 0.6,
  /** A result with no order at all (nothing read). */
  noOrders: 0.5,

  /** No PO number found: not wrong in itself (many mails have none), but a common extraction miss. */
  noPoNumber: 0.97,
  /** Order date taken from the email date (no date stated): the convention, rarely wrong. */
  orderDateFromEmail: 0.995,
  /** Currency not stated, taken from the customer's preference. */
  currencyDefault: 0.985,
  /** Day/month order could not be decided. */
  ambiguousDate: 0.85,

  /** Lines x prices add up to the stated net total: strong evidence that every number was read right. */
  totalsAgree: 1,
  /** No prices at all (catalog prices apply): nothing to cross-check. */
  noPrices: 0.99,
  /** Prices but no stated total to compare with. */
  noStatedTotal: 0.975,
  /** A stated total that does not add up: something is misread or the document is wrong. */
  totalsDisagree: 0.5,

  /** Each warning-level reason. */
  warning: 0.93,
  /** Cap for any result with a hard reason: it never reaches the draft threshold. */
  hardCap: 0.6,
  /** Model and deterministic parse agree on a field: independent confirmation. */
  modelAgrees: 1.01,
  /** Model and deterministic parse disagree on a field. */
  modelDisagrees: 0.85,

  /** A non-order recognised by its headers (auto-reply, list mail): very reliable. */
  nonOrderByHeaders: 0.97,
  /** A non-order recognised by wording (RFQ, carrier, supplier documents). */
  nonOrderByWording: 0.9,

  /**
   * Below this a result without hard reasons still goes to review instead of draft. The default of
   * DESIGN.md; Odoo's setting (settings.updated, `thresholds.review`) replaces it when mirrored.
   */
  reviewThreshold: 0.7,
} as const;

/**
 * Caps: the most a result can score while a piece of positive evidence is missing. Each sits below the
 * default auto threshold; the scorer also keeps every cap below the configured auto threshold by
 * `belowAuto`, so an admin's lower threshold cannot let an uncorroborated reading through.
 */
export const CAPS = {
  /** A line's product is found only by a description that is not unambiguous (or not at all). */
  productUncorroborated: 0.9,
  /**
   * A line's quantity is not corroborated: no qty x price = printed amount, no stated total the
   * amounts add up to, no structured source, no second reader agreeing.
   */
  quantityUncorroborated: 0.9,
  /** A row of the item region that holds a product-like token or an amount is neither a line nor explained. */
  unexplainedRows: 0.85,
  /** A date the document states is neither the order date nor the delivery date read (an unknown label). */
  unassignedDates: 0.92,
  /** No PO number found in a labelled position: most orders state one, and a missed label is a common miss. */
  noPoNumber: 0.93,
  /** The sender is not identified by a known contact address or company domain. */
  senderUnidentified: 0.9,
  /** How far below the configured auto threshold a capped result stays. */
  belowAuto: 0.01,
} as const;

/** How OCR word confidences weigh on a scanned line (bridge/extract/ocr). */
export const OCR_WEIGHTS = {
  /** A line's confidence is multiplied by floor + (1 - floor) x its lowest word confidence. */
  lineFloor: 0.6,
  /** Below this lowest word confidence a line is a warning. */
  lineUnsure: 0.6,
  /** Below this mean word confidence the whole scan is a warning. */
  scanUnsure: 0.75,
} as const;

/** DESIGN.md's decision thresholds (Odoo's settings replace them when mirrored). */
export const DEFAULT_THRESHOLDS = { auto: 0.95, review: WEIGHTS.reviewThreshold } as const;

/**
 * Tolerances of the document's own arithmetic: qty x unit price (/ price base) against a printed line
 * amount, and the sum of the lines against a stated total (absolute in the currency, plus relative).
 */
export const ARITHMETIC = {
  lineAbsolute: 0.011,
  lineRelative: 0.001,
  totalAbsolute: 0.02,
  /** Per line, for rounding of each line amount. */
  totalPerLine: 0.005,
  /** Per unit of quantity, for a net price rounded to cents after a discount. */
  linePerUnitRounding: 0.005,
} as const;

/**
 * Hard reasons that route a message to a person without doubting what was read: a resend carries the
 * same order as the first (read exactly as well), so it keeps its confidence and is still never drafted
 * twice. Every other hard reason (unknown sender or product, injection, totals, amendments whose
 * complete order is rebuilt from instructions) is a doubt about the reading and caps the confidence.
 */
export const ROUTING_ONLY_REASONS: ReadonlySet<string> = new Set(["duplicate.resend", "duplicate.message"]);

/**
 * A line price further than this from the list price (relative) is shown as a reason. Customers'
 * negotiated prices and line discounts commonly sit within 5-10 % of the list, so 10 % keeps the
 * reasons for what an approver would look at. Odoo's setting `price_tolerance` (percent, mirrored by
 * settings.updated) replaces it.
 */
export const PRICE_TOLERANCE_DEFAULT = 0.1;
/**
 * Further than this (relative) from the list price, a price is a warning that lowers the confidence:
 * a fraction of the list price is a misread (a per-dozen price read per unit) or a manipulation.
 */
export const PRICE_FAR_OFF = 0.5;
/**
 * This many times the reference price or more (or this fraction of it or less), a price is not a
 * negotiated one but a misreading (a decimal separator, a price per 1000 read per piece) or a
 * manipulation: a hard reason, the draft always waits for a person.
 */
export const PRICE_ABSURD_RATIO = 10;

/**
 * The model as a reader (P16, bridge/extract/llm/mergeModelReading.ts): the caps on a result built from
 * the model's reading alone. A reading the document's own arithmetic does not verify stays below the
 * auto threshold (a draft to review); one that contradicts it is capped like a hard doubt.
 */
export const MODEL_READER_WEIGHTS = {
  /** Only the model read the order, and the document's arithmetic does not verify it. */
  modelOnlyUnverifiedCap: 0.9,
  /** The model's numbers contradict the document's arithmetic (qty x price != amount, sum != total). */
  arithmeticContradictsCap: 0.6,
  /** A budget or a failure kept the model from reading: the rules' result as it is. */
  notAsked: 1,
  /** The model was asked and failed: the rules' result, with the doubt of a missing second reader. */
  unavailable: 0.9,
} as const;
