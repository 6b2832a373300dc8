/**
 * Every weight of the confidence score, in one place. Confidence is a product of factors in 0..1, so
 * each factor reads as "how much does this doubt cost". Calibration goal: a result scored >= 0.95 must
 * be exactly right; a wrong one should land below 0.85.
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
  /** A line whose product is unknown. */
  lineUnknown: 0.3,
  /** A line quantity converted between units (dozen -> units): right in most cases, but check. */
  unitConversion: 0.99,

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
