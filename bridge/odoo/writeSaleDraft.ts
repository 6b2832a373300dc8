import type { ExtractedOrder, Reason } from "../extract/types.ts";
import { createOdooLookups, type OdooLookups } from "./createOdooLookups.ts";
import { dateToOdooDatetime, formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { saleLineFieldNames } from "./saleFieldNames.ts";
import { withRetry } from "./withRetry.ts";

/** Everything needed to write one order of one email as a draft sale.order. */
export interface SaleDraftInput {
  /** The idempotency key stored in order_intake_message_id (see draftKey). */
  key: string;
  /** The email's Message-ID (stored on the intake log). */
  messageId: string;
  customerRef: string;
  order: ExtractedOrder;
  confidence: number;
  expect: "draft" | "review";
  /**
   * `automatic` only when the decision is a draft at or above the auto threshold with no hard warning
   * (reviewStateFor); lines of products Odoo does not know make it `to_review` whatever this says.
   */
  reviewState?: "automatic" | "to_review";
  /** The draft's owner (user_id): the uploader of an uploaded document; else the addon chooses. */
  userId?: number | null;
  reasons: Reason[];
  sender: string | null;
  subject: string | null;
  receivedAt: Date | null;
  /** Source documents: the .eml and its attachments. */
  files: Array<{ name: string; content: Buffer }>;
  /** The email's intake log entry, or a failed attempt's: it becomes this draft's entry (no second one). */
  retryOfLogId?: number;
  /** The order's index in its email: the reading's reasons name their lines by it (order[i].lines[j]). */
  orderIndex?: number;
}

export interface SaleDraftResult {
  orderId: number;
  orderName: string;
  logId: number;
  /** The review state written (to_review when a line became a note). */
  reviewState: "automatic" | "to_review";
  /** Lines kept as notes because Odoo has no product for them (Retry can complete them later). */
  missingProducts: number;
  /** False when a draft written earlier (by a killed run) was found and completed. */
  created: boolean;
}

/** A reason the draft cannot be written, which no retry can fix. */
export class DraftRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DraftRejectedError";
  }
}

/** Context of every write: Odoo's addon then knows it is the bridge (no draft.reviewed webhook). */
export const bridgeContext = { order_intake_bridge: true, tracking_disable: false } as const;

const NOTE_MARK = "Order Intake extraction";

/**
 * The review state a draft gets: `automatic` only for a draft decision at or above the auto
 * threshold (0..1) without a hard warning; anything else waits for a person.
 */
export function reviewStateFor(input: {
  expect: string;
  confidence: number;
  reasons: Reason[];
  autoThreshold: number;
}): "automatic" | "to_review" {
  if (input.expect !== "draft") return "to_review";
  if (input.confidence < input.autoThreshold) return "to_review";
  if (input.reasons.some((r) => r.severity === "hard")) return "to_review";
  return "automatic";
}

const effectiveReviewState = (input: SaleDraftInput) =>
  input.reviewState ?? (input.expect === "draft" ? "automatic" : "to_review");

export function noteText(input: SaleDraftInput): string {
  const o = input.order;
  const lines = [
    `${NOTE_MARK}: ${effectiveReviewState(input) === "automatic" ? "created automatically" : "to review"}, confidence ${Math.round(input.confidence * 100)} %`,
    `From: ${input.sender ?? "?"} · Subject: ${input.subject ?? "?"}`,
    `PO ${o.customer_reference ?? "?"} · ${o.lines.length} line(s)${o.total_untaxed !== null ? ` · untaxed ${o.total_untaxed} ${o.currency ?? ""}` : ""}`,
    ...input.reasons.map((r) => `[${r.severity}] ${r.code}: ${r.message}`),
  ];
  return lines.join(" | ");
}

function normalizeAliasKey(key: string): string {
  return key.split(/\s+/).filter(Boolean).join(" ");
}

/** Resolves partner, products, UoMs and pricelist; throws DraftRejectedError for what Odoo does not know. */
async function resolveValues(client: OdooClient, input: SaleDraftInput, lookups: OdooLookups) {
  // a customer a person picked in Odoo that has no reference is named by its id (partnerRefOf)
  const picked = /^odoo:(\d+)$/.exec(input.customerRef);
  const partner = picked ? Number(picked[1]) : await lookups.partnerByRef(input.customerRef);
  if (partner === undefined) {
    throw new DraftRejectedError(
      "partner.unknown",
      `no customer with reference ${input.customerRef} in Odoo`,
    );
  }
  if (input.order.lines.length === 0)
    throw new DraftRejectedError("order.no_lines", "the order has no lines");
  const [{ perLine, unknown }, pricelistId] = await Promise.all([
    resolveSaleLines(client, partner, input.order.lines, lookups, input.orderIndex ?? 0),
    input.order.currency ? lookups.pricelistForCurrency(input.order.currency) : undefined,
  ]);
  // explicit sequences (Odoo gives every line 10 otherwise): a note line completed later by Retry
  // (completeSaleDraft) is replaced by a line at the same place
  const orderLines = perLine.flat().map(([c, z, v], k) => [c, z, { ...v, sequence: 10 * (k + 1) }]);
  return { partner, pricelistId, orderLines, unknown };
}

/** The words a note line of a product Odoo does not know starts with (in brackets): how it is found again. */
export const MISSING_PRODUCT_NOTE = "no product in Odoo";

/**
 * The sale.order.line commands of each line of an order for one customer: a product line, or a note
 * line (with what the customer wrote) when Odoo has no product for it, or a product line and a note
 * when its unit is not in Odoo. `unknown` says which, in words (the draft is then to review).
 */
export async function resolveSaleLines(
  client: OdooClient,
  partner: number,
  lines: ExtractedOrder["lines"],
  lookups: OdooLookups,
  orderIndex = 0,
): Promise<{ perLine: Array<Array<[0, 0, Record<string, unknown>]>>; unknown: Reason[] }> {
  const codes = [...new Set(lines.map((l) => l.default_code).filter((c): c is string => Boolean(c)))];
  const skus = [
    ...new Set(
      lines.filter((l) => !l.default_code && l.customer_sku).map((l) => normalizeAliasKey(l.customer_sku!)),
    ),
  ];
  const uomNames = [...new Set(lines.map((l) => l.uom).filter(Boolean))];
  // Independent lookups run side by side; found ids come from the cache on the next drafts.
  const [byCode, aliases, uomByName] = await Promise.all([
    codes.length ? lookups.productsByCode(codes) : new Map<string, number>(),
    // Aliases are learned all the time (P3): always asked, never cached.
    skus.length
      ? client.searchRead<{ key: string; product_id: [number, string] | false }>(
          "order.intake.product.alias",
          [
            ["partner_id", "=", partner],
            ["key", "in", skus],
          ],
          ["key", "product_id"],
        )
      : [],
    uomNames.length ? lookups.uomsByName(uomNames) : new Map<string, number>(),
  ]);
  const byAlias = new Map(
    aliases.filter((a) => a.product_id).map((a) => [a.key, (a.product_id as [number, string])[0]]),
  );
  const names = await saleLineFieldNames(client);
  // A line Odoo has no product (or unit) for is kept as a note line with what the customer wrote, so
  // nothing is lost and a person completes it; the draft is then to review.
  const unknown: Reason[] = [];
  const perLine = lines.map((line, i): Array<[0, 0, Record<string, unknown>]> => {
    const productId = line.default_code
      ? byCode.get(line.default_code)
      : line.customer_sku
        ? byAlias.get(normalizeAliasKey(line.customer_sku))
        : undefined;
    if (!productId) {
      const written = line.customer_sku ?? line.default_code;
      unknown.push({
        code: "line.unknown_product",
        severity: "warning",
        message: `Line ${i + 1}: no product in Odoo for ${written ? `${written} ` : ""}"${line.description}"; kept as a note line.`,
        path: `order[${orderIndex}].lines[${i}]`,
      });
      return [[0, 0, { display_type: "line_note", name: unknownLineText(line, MISSING_PRODUCT_NOTE) }]];
    }
    const values: Record<string, unknown> = {
      product_id: productId,
      name: line.description || line.default_code || "",
      [names.quantity]: line.quantity,
    };
    const uom = line.uom ? uomByName.get(line.uom) : undefined;
    if (uom) values[names.uom] = uom;
    if (line.unit_price !== null) values.price_unit = line.unit_price;
    if (line.uom && !uom) {
      unknown.push({
        code: "line.unknown_uom",
        severity: "warning",
        message: `Line ${i + 1}: the unit "${line.uom}" is not in Odoo; the product's own unit is used, check the quantity.`,
      });
      return [
        [0, 0, values],
        [0, 0, { display_type: "line_note", name: unknownLineText(line, `unit "${line.uom}" not in Odoo`) }],
      ];
    }
    return [[0, 0, values]];
  });
  return { perLine, unknown };
}

/**
 * The reasons a draft shows: the reading's, where the writer's reason for a line (no product in Odoo:
 * kept as a note line) takes the place of the reading's for the same line (no catalog product
 * matches), so one line has one reason.
 */
export function withWriterReasons(reading: Reason[], writer: Reason[]): Reason[] {
  const said = new Set(
    writer.filter((r) => r.code === "line.unknown_product" && r.path).map((r) => r.path as string),
  );
  // the reading's nearest product, if it named one, stays in the writer's words
  const nearest = new Map(
    reading.flatMap((r) => {
      const m = r.code === "line.unknown_product" && r.path ? /; (nearest: .+?)\.?$/.exec(r.message) : null;
      return m ? [[r.path as string, m[1] as string] as const] : [];
    }),
  );
  return [
    ...reading.filter((r) => !(r.code === "line.unknown_product" && r.path && said.has(r.path))),
    ...writer.map((r) => {
      const near = r.path ? nearest.get(r.path) : undefined;
      return near
        ? { ...r, message: r.message.replace(/; kept as a note line\.$/, ` (${near}); kept as a note line.`) }
        : r;
    }),
  ];
}

const missingProductsOf = (unknown: Reason[]) =>
  unknown.filter((r) => r.code === "line.unknown_product").length;

/** The note lines of an order that stand for a product Odoo did not have. */
export const missingProductNotesDomain = (orderId: number) => [
  ["order_id", "=", orderId],
  ["display_type", "=", "line_note"],
  ["name", "=like", `[${MISSING_PRODUCT_NOTE}]%`],
];

/** What a note line keeps of a line Odoo could not take: the customer's code, wording, quantity, price. */
export function unknownLineText(
  line: {
    default_code: string | null;
    customer_sku: string | null;
    description: string;
    quantity: number;
    uom: string;
    unit_price: number | null;
  },
  why: string,
): string {
  const code = line.customer_sku ?? line.default_code;
  const price = line.unit_price !== null ? ` @ ${line.unit_price}` : "";
  return `[${why}] ${code ? `${code} · ` : ""}${line.description} · ${line.quantity} ${line.uom || ""}${price}`
    .replace(/\s+/g, " ")
    .trim();
}

export function saleOrderValues(
  input: SaleDraftInput,
  resolved: { partner: number; pricelistId: number | undefined; orderLines: unknown[]; unknown?: Reason[] },
): Record<string, unknown> {
  const unknown = resolved.unknown ?? [];
  const values: Record<string, unknown> = {
    partner_id: resolved.partner,
    order_line: resolved.orderLines,
    order_intake_message_id: input.key,
    order_intake_confidence: input.confidence,
    order_intake_review_state: unknown.length > 0 ? "to_review" : effectiveReviewState(input),
    order_intake_reasons: JSON.stringify(withWriterReasons(input.reasons, unknown)),
  };
  if (input.userId) values.user_id = input.userId;
  if (input.order.customer_reference) values.client_order_ref = input.order.customer_reference;
  const dateOrder = dateToOdooDatetime(input.order.order_date);
  if (dateOrder) values.date_order = dateOrder;
  const commitment = dateToOdooDatetime(input.order.delivery_date);
  if (commitment) values.commitment_date = commitment;
  if (resolved.pricelistId) values.pricelist_id = resolved.pricelistId;
  return values;
}

function logValues(input: Omit<SaleDraftInput, "order" | "customerRef">): Record<string, unknown> {
  return {
    sender: input.sender || false,
    subject: input.subject || false,
    received_at: input.receivedAt ? formatOdooDatetime(input.receivedAt) : false,
    module: "sales",
    confidence: input.confidence,
    reasons: JSON.stringify(input.reasons),
    message_id: input.messageId,
    attachment_count: Math.max(0, input.files.length - 1),
  };
}

const findOrder = async (client: OdooClient, key: string) =>
  (await client.search("sale.order", [["order_intake_message_id", "=", key]], { limit: 1, order: "id" }))[0];

/** The addon's one-call write-back (order_intake >= 18.0.1.1.0). */
export const CREATE_DRAFT_METHOD = "order_intake_create_draft";

interface CreateDraftAnswer {
  id: number;
  name: string;
  log_id: number | false;
  created: boolean;
  attachment_ids: number[];
}

export interface WriteSaleDraftOptions {
  signal?: AbortSignal;
  attempts?: number;
  /** Shared between drafts (one per client): cached lookups and the addon's capabilities. */
  lookups?: OdooLookups;
}

/**
 * Writes one draft sale.order with all its lines, its source files, a chatter note with the
 * extraction summary and its intake log (linked both ways), never twice for one key:
 * - with the addon's `order_intake_create_draft`, in one call and one Odoo transaction, which itself
 *   looks for a draft with the key first (and the addon's unique key stops a racing second create);
 * - on an addon without it, with plain calls: search by key, one create, log, link, files, note, each
 *   step first looking in Odoo for what a killed run may have committed.
 */
export function writeSaleDraft(
  client: OdooClient,
  input: SaleDraftInput,
  options: WriteSaleDraftOptions = {},
): Promise<SaleDraftResult> {
  // A call whose answer was lost may have committed: every attempt starts by searching Odoo.
  const policy = {
    attempts: options.attempts ?? 8,
    backoffMs: 250,
    maxBackoffMs: 4000,
    signal: options.signal,
  };
  const lookups = options.lookups ?? createOdooLookups(client, { ttlMs: 0 });
  return withRetry(() => writeOnce(client, input, lookups), policy);
}

async function writeOnce(
  client: OdooClient,
  input: SaleDraftInput,
  lookups: OdooLookups,
): Promise<SaleDraftResult> {
  if (lookups.hasMethod("sale.order", CREATE_DRAFT_METHOD)) {
    try {
      return await writeInOneCall(client, input, lookups);
    } catch (error) {
      if (!(error instanceof OdooError && error.code === "odoo.unknown_method")) throw error;
      lookups.methodMissing("sale.order", CREATE_DRAFT_METHOD);
    }
  }
  return writeWithPlainCalls(client, input, lookups);
}

async function writeInOneCall(
  client: OdooClient,
  input: SaleDraftInput,
  lookups: OdooLookups,
  fresh = false,
): Promise<SaleDraftResult> {
  let resolved: Awaited<ReturnType<typeof resolveValues>>;
  try {
    resolved = await resolveValues(client, input, lookups);
  } catch (error) {
    // A product or customer gone since an earlier run wrote the draft: complete that draft.
    if (error instanceof DraftRejectedError && (await findOrder(client, input.key)) !== undefined) {
      return writeWithPlainCalls(client, input, lookups);
    }
    throw error;
  }
  const reviewState = resolved.unknown.length > 0 ? "to_review" : effectiveReviewState(input);
  try {
    // Named arguments: the same call over XML-RPC (execute_kw's kwargs) and JSON-2 (which only has named ones).
    const answer = await client.executeKw<CreateDraftAnswer>(
      "sale.order",
      CREATE_DRAFT_METHOD,
      [],
      {
        vals: saleOrderValues(input, resolved),
        attachments: input.files.map((f) => ({ name: f.name, datas: f.content.toString("base64") })),
        note: noteText(input),
        log_vals: {
          ...logValues(input),
          reasons: JSON.stringify(withWriterReasons(input.reasons, resolved.unknown)),
          status: reviewState === "automatic" ? "done" : "to_review",
          ...(input.retryOfLogId ? { reuse_log_id: input.retryOfLogId } : {}),
        },
        context: bridgeContext,
      },
      // The method is idempotent on the key: repeating it after a lost answer is safe.
      { idempotent: true },
    );
    if (!answer.log_id) throw new OdooError("odoo.bad_response", `${CREATE_DRAFT_METHOD} gave no log`, false);
    return {
      orderId: answer.id,
      orderName: answer.name,
      logId: answer.log_id,
      created: answer.created,
      reviewState,
      missingProducts: missingProductsOf(resolved.unknown),
    };
  } catch (error) {
    // An id from the cache may point to a record deleted meanwhile: look everything up again, once.
    if (!fresh && error instanceof OdooError && error.code === "odoo.missing") {
      lookups.clear();
      return writeInOneCall(client, input, lookups, true);
    }
    throw error;
  }
}

async function writeWithPlainCalls(
  client: OdooClient,
  input: SaleDraftInput,
  lookups: OdooLookups,
): Promise<SaleDraftResult> {
  let orderId = await findOrder(client, input.key);
  let created = false;
  let reviewState = effectiveReviewState(input);
  let missingProducts: number;
  if (orderId === undefined) {
    const resolved = await resolveValues(client, input, lookups);
    if (resolved.unknown.length > 0) reviewState = "to_review";
    missingProducts = missingProductsOf(resolved.unknown);
    const values = saleOrderValues(input, resolved);
    orderId = await client.create("sale.order", values, bridgeContext);
    created = true;
  } else {
    // a draft a killed run wrote: its note lines of unknown products say how many are missing
    missingProducts = await client.executeKw<number>("sale.order.line", "search_count", [
      missingProductNotesDomain(orderId),
    ]);
  }
  const [order] = await client.read<{ name: string; order_intake_log_id: [number, string] | false }>(
    "sale.order",
    [orderId],
    ["name", "order_intake_log_id"],
  );
  if (!order) throw new OdooError("odoo.missing", `sale.order ${orderId} vanished`, false);

  let logId = order.order_intake_log_id ? order.order_intake_log_id[0] : undefined;
  const logDomain = [
    ["res_model", "=", "sale.order"],
    ["res_id", "=", orderId],
  ];
  logId ??= created
    ? undefined
    : (await client.search("order.intake.log", logDomain, { limit: 1, order: "id" }))[0];
  if (logId === undefined) {
    const vals = {
      ...logValues(input),
      status: reviewState === "automatic" ? "done" : "to_review",
      res_model: "sale.order",
      res_id: orderId,
    };
    // the email's entry (or a failed attempt's) that has no draft yet becomes this draft's entry
    const [earlier] = input.retryOfLogId
      ? await client.read<{ res_id: number }>("order.intake.log", [input.retryOfLogId], ["res_id"])
      : [];
    if (earlier && !earlier.res_id) {
      await client.write("order.intake.log", [input.retryOfLogId!], { ...vals, error: false }, bridgeContext);
      logId = input.retryOfLogId!;
    } else logId = await client.create("order.intake.log", vals, bridgeContext);
  }
  if (!order.order_intake_log_id) {
    await client.write("sale.order", [orderId], { order_intake_log_id: logId }, bridgeContext);
  }

  // Source files: ir.attachment on the order (datas in base64), created once each by name.
  let attachmentIds: number[] = [];
  if (input.files.length > 0) {
    const existing = created
      ? []
      : await client.searchRead<{ id: number; name: string }>(
          "ir.attachment",
          [
            ["res_model", "=", "sale.order"],
            ["res_id", "=", orderId],
          ],
          ["id", "name"],
        );
    const have = new Set(existing.map((a) => a.name));
    attachmentIds = existing.map((a) => a.id);
    const missing = input.files.filter((f) => !have.has(f.name));
    if (missing.length > 0) {
      const ids = await client.executeKw<number[]>(
        "ir.attachment",
        "create",
        [
          missing.map((f) => ({
            name: f.name,
            res_model: "sale.order",
            res_id: orderId,
            datas: f.content.toString("base64"),
          })),
        ],
        { context: bridgeContext },
        { idempotent: false },
      );
      attachmentIds.push(...ids);
    }
  }

  const noteDomain = [
    ["model", "=", "sale.order"],
    ["res_id", "=", orderId],
    ["body", "ilike", NOTE_MARK],
  ];
  const hasNote = async () =>
    (await client.executeKw<number>("mail.message", "search_count", [noteDomain])) > 0;
  if (created ? false : await hasNote()) {
    return { orderId, orderName: order.name, logId, created, reviewState, missingProducts };
  }
  // Odoo escapes a plain-text body (a str over RPC is never Markup): the text is shown as written.
  await client.executeKw(
    "sale.order",
    "message_post",
    [[orderId]],
    {
      body: noteText(input),
      message_type: "comment",
      subtype_xmlid: "mail.mt_note",
      attachment_ids: attachmentIds,
      context: bridgeContext,
    },
    { idempotent: false },
  );
  return { orderId, orderName: order.name, logId, created, reviewState, missingProducts };
}

/** Records a draft that could not be written as a failed intake log entry (once per key). */
export async function writeFailedLog(
  client: OdooClient,
  input: Omit<SaleDraftInput, "order" | "customerRef"> & { error: string },
): Promise<number> {
  const domain = [
    ["message_id", "=", input.messageId],
    ["status", "=", "failed"],
    ["error", "=like", `[${input.key}]%`],
  ];
  const [found] = await client.search("order.intake.log", domain, { limit: 1 });
  if (found !== undefined) return found;
  return withRetry(
    async (attempt) => {
      if (attempt > 1) {
        const [again] = await client.search("order.intake.log", domain, { limit: 1 });
        if (again !== undefined) return again;
      }
      return client.create(
        "order.intake.log",
        { ...logValues(input), status: "failed", error: `[${input.key}] ${input.error}` },
        bridgeContext,
      );
    },
    { attempts: 6, backoffMs: 250, maxBackoffMs: 8000 },
  );
}
