import type { SeenStore } from "../match/seenStore.ts";
import type { ExtractionResult } from "../types.ts";

/**
 * The last step of every reading (built-in pipeline or a structured e-document): the message, its
 * orders and the hashes of its documents recorded in the history, so that later mail can be linked to
 * it (resends, amendments, replies).
 */
export async function rememberResult(
  seen: SeenStore,
  input: { key: string; messageId: string | null; result: ExtractionResult; attachments: string[] },
): Promise<void> {
  const { result } = input;
  await seen.remember({
    key: input.key,
    messageId: input.messageId,
    orders: result.orders.map((o) => ({
      customerRef: result.customer_ref,
      customerReference: o.customer_reference,
      orderDate: o.order_date,
      deliveryDate: o.delivery_date,
      currency: o.currency,
      lines: o.lines.map((l) => ({
        default_code: l.default_code,
        description: l.description,
        quantity: l.quantity,
        unit_price: l.unit_price,
      })),
    })),
    amends: result.amends?.customer_reference ?? null,
    attachments: input.attachments,
  });
}
