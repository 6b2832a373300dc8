/**
 * Stage 5 of the reading pipeline: the decision beyond the score. What this message is in the history
 * of the customer's orders (a resend, a revised order, an amendment of an earlier one, an exact
 * duplicate), and the words for every cap the scorer applied.
 */
import type { SeenStore } from "../match/seenStore.ts";
import type { ParsedEmail } from "../mime/parseEmail.ts";
import { cancelsWholeOrder } from "../order/amendment.ts";
import { mentionsChange } from "../order/classify.ts";
import { describeChange, diffOrderLines, type OrderChange } from "../order/diffOrderLines.ts";
import { findPoNumbers } from "../order/headerFields.ts";
import type { CapName } from "../score/scoreResult.ts";
import type { ExtractedOrder, ExtractionResult, OrderKind, ReadDocument, Reason } from "../types.ts";

/** The earlier order a change names: by its PO number, else by the message it replies to. */
export async function findOriginal(seen: SeenStore, email: ParsedEmail, text: string) {
  for (const po of findPoNumbers(text)) {
    const hit = await seen.poNumber(po);
    if (hit) return hit;
  }
  for (const id of [email.inReplyTo, ...[...email.references].reverse()]) {
    if (!id) continue;
    const key = await seen.messageId(id);
    const hit = key ? await seen.orderOf(key) : null;
    if (hit) return hit;
  }
  return null;
}

export interface HistoryInput {
  seen: SeenStore;
  email: ParsedEmail;
  /** Subject and the mail's own text: where a change is written. */
  changeText: string;
  threaded: boolean;
  kind: OrderKind;
  orders: ExtractedOrder[];
  customerRef: string | null;
  documents: ReadDocument[];
  reasons: Reason[];
}

export interface HistoryOutcome {
  kind: OrderKind;
  /** The orders after the history (a cancelled order is none). */
  orders: ExtractedOrder[];
  /** Indexes of `orders` kept (to keep their evidence in step). */
  kept: number[];
  amends: ExtractionResult["amends"];
  duplicateOf: string | null;
  exactDuplicate: boolean;
}

/**
 * Links the message to what was received before: an amendment to the order it changes (with the line
 * difference), a resend to the first receipt (never drafted twice), the same PO with other lines to a
 * revised order, the same Message-ID to an exact duplicate.
 */
export async function linkHistory(input: HistoryInput): Promise<HistoryOutcome> {
  const { seen, email, changeText, reasons } = input;
  let { kind, orders } = input;
  let kept = orders.map((_, i) => i);
  let amends: ExtractionResult["amends"] = null;
  let duplicateOf: string | null = null;
  let exactDuplicate = false;
  if (kind === "amendment") {
    const ref = orders[0]?.customer_reference ?? findPoNumbers(changeText)[0] ?? null;
    if (ref) amends = { customer_reference: ref };
    reasons.push({
      code: "order.amendment",
      severity: "hard",
      message: "Changes an existing order; update it by hand.",
    });
  } else if (input.threaded && mentionsChange(changeText)) {
    for (const po of findPoNumbers(changeText)) {
      const seenPo = await seen.poNumber(po);
      if (seenPo) {
        kind = "amendment";
        amends = { customer_reference: po };
      }
    }
  }
  if (kind === "amendment" && amends) {
    // linked to the order it changes, with the line difference proposed for review
    const original = await seen.poNumber(amends.customer_reference);
    if (original && cancelsWholeOrder(changeText)) {
      // the order after the change is no order at all
      orders = [];
      kept = [];
      reasons.push({
        code: "amendment.cancel",
        severity: "hard",
        message: `Cancels the order of PO ${original.customerReference}; cancel it by hand.`,
      });
    }
    if (original?.lines) {
      const changes = diffOrderLines(original.lines, orders[0]?.lines ?? []);
      amends = { ...amends, of: original.key, changes };
      reasons.push({
        code: "amendment.linked",
        severity: "info",
        message: `Amends the order received as ${original.key} (PO ${original.customerReference}): ${
          changes.length > 0 ? changes.map(describeChange).join("; ") : "no line changes"
        }.`,
      });
    } else if (original) {
      // an order known from Odoo only (entered there): its lines are compared in Odoo
      amends = { ...amends, of: original.key };
      reasons.push({
        code: "amendment.linked",
        severity: "info",
        message: `Amends ${original.key} (PO ${original.customerReference}); its lines are in Odoo only, compare them there.`,
      });
    } else {
      reasons.push({
        code: "amendment.unlinked",
        severity: "warning",
        message: `No earlier order with PO ${amends.customer_reference} was received; find it by hand.`,
      });
    }
  }
  // duplicates and resends
  const byMessage = email.messageId ? await seen.messageId(email.messageId) : null;
  if (byMessage) {
    duplicateOf = byMessage;
    exactDuplicate = true;
    reasons.push({
      code: "duplicate.message",
      severity: "info",
      message: `Same Message-ID as ${byMessage}; already processed.`,
    });
  } else if (kind !== "amendment") {
    let earlier: string | null = null;
    let revised: { po: string; key: string; changes: OrderChange[] } | null = null;
    for (const o of orders) {
      if (!o.customer_reference) continue;
      const key = await seen.order(input.customerRef, o.customer_reference);
      if (!key) continue;
      // the same PO number with other lines is a revised order, not a resend
      const original = await seen.orderOf(key);
      const changes = original?.lines ? diffOrderLines(original.lines, o.lines) : [];
      if (changes.length > 0 && orders.length === 1) revised = { po: o.customer_reference, key, changes };
      else earlier ??= key;
    }
    if (revised) {
      kind = "amendment";
      amends = { customer_reference: revised.po, of: revised.key, changes: revised.changes };
      reasons.push({
        code: "order.amendment",
        severity: "hard",
        message: `A revised version of PO ${revised.po}, first received as ${revised.key}: ${revised.changes
          .map(describeChange)
          .join("; ")}. Update the order by hand.`,
      });
    }
    for (const d of input.documents)
      if (!revised && !d.unreadable && orders.length > 0) earlier ??= await seen.attachment(d.sha256);
    if (earlier && !revised) {
      duplicateOf = earlier;
      reasons.push({
        code: "duplicate.resend",
        severity: "hard",
        message: `This PO was already received (${earlier}); do not book it twice.`,
      });
    }
  }
  return { kind, orders, kept, amends, duplicateOf, exactDuplicate };
}

const CAP_WORDS: Record<CapName, string> = {
  senderUnidentified: "the sender is not identified by a known address or company domain",
  productUncorroborated:
    "a product is not confirmed by our code, a barcode, a learned alias or an unambiguous description",
  quantityUncorroborated:
    "a quantity is not confirmed by the document's arithmetic, a structured source or a second reader",
  unexplainedRows: "rows that look like items were not read as lines",
  noPoNumber: "no PO number was found in a labelled position",
  unassignedDates: "a date in the document is neither the order date nor the delivery date read",
};

/** The reason that says why a result stays below the auto threshold (null when nothing capped it). */
export function capReason(caps: CapName[], ceiling: number): Reason | null {
  if (caps.length === 0) return null;
  return {
    code: "evidence.capped",
    severity: "info",
    message: `Not automatic (confidence at most ${ceiling.toFixed(2)}): ${caps.map((c) => CAP_WORDS[c]).join("; ")}.`,
  };
}
