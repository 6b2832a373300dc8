import type { ExtractedOrder, OrderLine, Reason } from "../extract/types.ts";
import type { OdooLookups } from "./createOdooLookups.ts";
import type { OdooClient } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import {
  bridgeContext,
  MISSING_PRODUCT_NOTE,
  missingProductNotesDomain,
  resolveSaleLines,
  unknownLineText,
  withWriterReasons,
} from "./writeSaleDraft.ts";

/** What Retry did to a draft with lines Odoo had no product for. */
export interface CompleteSaleDraftResult {
  /** The order's state in Odoo (only `draft` and `sent` are completed). */
  state: string;
  /** The lines that now have their product (1-based line numbers of the reading). */
  completed: Array<{ line: number; product: number; name: string }>;
  /** Note lines of unknown products still on the draft. */
  missing: number;
  /** What was written to the order's chatter, in words. */
  summary: string;
}

const EDITABLE = new Set(["draft", "sent"]);

/** An internal note (plain text) in a sale order's chatter, posted as the bridge. */
export const postOrderNote = (client: OdooClient, orderId: number, body: string) =>
  client.executeKw(
    "sale.order",
    "message_post",
    [[orderId]],
    { body, message_type: "comment", subtype_xmlid: "mail.mt_note", context: bridgeContext },
    { idempotent: false },
  );

const sameLine = (a: OrderLine, b: OrderLine) =>
  a.quantity === b.quantity &&
  (a.description.trim() === b.description.trim() ||
    Boolean(a.customer_sku && a.customer_sku === (b.customer_sku ?? b.default_code)));

/**
 * The draft's reasons once lines are completed: the new reading's, the writer's for the lines still
 * without a product, and one per completed line saying what Retry did.
 */
function reasonsAfter(
  stored: string | false,
  completed: CompleteSaleDraftResult["completed"],
  orderIndex: number,
  reading: { reasons: Reason[] },
): Reason[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored || "[]");
  } catch {
    parsed = [];
  }
  const list: Reason[] = Array.isArray(parsed)
    ? parsed
    : ((parsed as { reasons?: Reason[] } | null)?.reasons ?? []);
  // the writer's reason ("Line 2: no product in Odoo …") and the reading's (by its path)
  const done = new Set(completed.map((c) => `Line ${c.line}:`));
  const paths = new Set(completed.map((c) => `order[${orderIndex}].lines[${c.line - 1}]`));
  const resolved = (r: Reason) =>
    r.code === "line.unknown_product" &&
    (done.has(String(r.message).split(" ", 2).join(" ")) || (r.path !== undefined && paths.has(r.path)));
  const writer = (r: Reason) =>
    r.code === "line.unknown_product" && /^Line \d+: no product in Odoo/.test(r.message);
  return [
    ...withWriterReasons(
      reading.reasons,
      list.filter((r) => writer(r) && !resolved(r)),
    ),
    ...completed.map(
      (c): Reason => ({
        code: "line.completed_on_retry",
        severity: "info",
        message: `Line ${c.line}: read again on Retry, now ${c.name}.`,
      }),
    ),
  ];
}

/**
 * Retry on a draft that has note lines for products Odoo did not have: the email was read again
 * (`after`, against the current catalog), and each note line written for a line of the first reading
 * (`before`) whose line now resolves to a product in Odoo is replaced, in place (same sequence), by
 * that product line: one `write` of the order, so a repeated run finds no such note and changes
 * nothing. Lines a person added or edited are never touched; an order no longer a draft is left as
 * it is. The draft stays "to review" (a person confirms it) and its chatter says what was done.
 */
export async function completeSaleDraft(
  client: OdooClient,
  input: {
    orderId: number;
    /** The order's index in its email (the reading's reasons name their line by it). */
    orderIndex?: number;
    before: ExtractedOrder;
    after: ExtractedOrder;
    /** The new reading's confidence and reasons: the draft shows them once lines are completed. */
    reading: { confidence: number; reasons: Reason[] };
    announce?: boolean;
  },
  lookups: OdooLookups,
): Promise<CompleteSaleDraftResult> {
  const [order] = await client.read<{
    state: string;
    partner_id: [number, string] | false;
    order_intake_reasons: string | false;
  }>("sale.order", [input.orderId], ["state", "partner_id", "order_intake_reasons"]);
  if (!order) throw new OdooError("odoo.missing", `sale.order ${input.orderId} no longer exists`, false);
  const notes = await client.searchRead<{ id: number; name: string; sequence: number }>(
    "sale.order.line",
    missingProductNotesDomain(input.orderId),
    ["name", "sequence"],
  );
  const post = async (summary: string) => {
    if (input.announce !== false) await postOrderNote(client, input.orderId, summary);
  };
  if (!EDITABLE.has(order.state) || !order.partner_id) {
    const summary = `Order Intake: Retry read the email again, but this order is no longer a draft (${order.state}); nothing was changed.`;
    await post(summary);
    return { state: order.state, completed: [], missing: notes.length, summary };
  }
  const { perLine } = await resolveSaleLines(client, order.partner_id[0], input.after.lines, lookups);
  const used = new Set<number>();
  const completed: CompleteSaleDraftResult["completed"] = [];
  const commands: unknown[] = [];
  input.before.lines.forEach((line, i) => {
    const text = unknownLineText(line, MISSING_PRODUCT_NOTE);
    const note = notes.find((n) => n.name === text && !used.has(n.id));
    if (!note) return; // completed already, or a person changed or removed it
    // the same line in the new reading: at its place, else the one with its wording and quantity
    const j =
      input.after.lines[i] && sameLine(line, input.after.lines[i])
        ? i
        : input.after.lines.findIndex((l) => sameLine(line, l));
    const replacement = j >= 0 ? perLine[j] : undefined;
    const productId = replacement?.[0]?.[2].product_id;
    if (!replacement || typeof productId !== "number") return;
    used.add(note.id);
    commands.push([2, note.id], ...replacement.map(([c, z, v]) => [c, z, { ...v, sequence: note.sequence }]));
    const after = input.after.lines[j]!;
    completed.push({ line: i + 1, product: productId, name: after.default_code ?? after.description });
  });
  const missing = notes.length - used.size;
  const still =
    missing > 0
      ? ` ${missing} line(s) still have no product in Odoo: create the product (with the customer's code as its Internal Reference) or put one on the line, then Retry again.`
      : "";
  if (completed.length === 0) {
    const summary = `Order Intake: Retry read the email again against the current catalog; no line without a product found one.${still}`;
    await post(summary);
    return { state: order.state, completed, missing, summary };
  }
  await client.write(
    "sale.order",
    [input.orderId],
    {
      order_line: commands,
      order_intake_reasons: JSON.stringify(
        reasonsAfter(order.order_intake_reasons, completed, input.orderIndex ?? 0, input.reading),
      ),
      order_intake_confidence: input.reading.confidence,
    },
    bridgeContext,
  );
  const summary = `Order Intake: Retry read the email again; ${completed
    .map((c) => `line ${c.line} now has its product (${c.name})`)
    .join(", ")}. The draft is still to review.${still}`;
  await post(summary);
  return { state: order.state, completed, missing, summary };
}
