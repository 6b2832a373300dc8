import { formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";
import { OdooError } from "./odooErrors.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

async function stateOf(client: OdooClient, orderId: number): Promise<string> {
  const [row] = await client.read<{ state: string }>("sale.order", [orderId], ["state"]);
  if (!row) throw new OdooError("odoo.missing", `sale.order ${orderId} does not exist`, false);
  return row.state;
}

/** action_confirm, unless already confirmed. Returns the order's state afterwards. */
export async function confirmSaleOrder(client: OdooClient, orderId: number): Promise<string> {
  const state = await stateOf(client, orderId);
  if (state === "sale" || state === "cancel") return state;
  await client.executeKw(
    "sale.order",
    "action_confirm",
    [[orderId]],
    { context: bridgeContext },
    { idempotent: false },
  );
  return stateOf(client, orderId);
}

/** action_cancel, unless already cancelled. Returns the order's state afterwards. */
export async function cancelSaleOrder(client: OdooClient, orderId: number): Promise<string> {
  const state = await stateOf(client, orderId);
  if (state === "cancel") return state;
  // Without disable_cancel_warning, Odoo 18 answers a confirmed order with the cancel wizard and cancels nothing.
  await client.executeKw(
    "sale.order",
    "action_cancel",
    [[orderId]],
    { context: { ...bridgeContext, disable_cancel_warning: true } },
    { idempotent: false },
  );
  return stateOf(client, orderId);
}

/** Writes a mailbox's connection status back to Odoo (`status`, `last_error`, `last_sync`). */
export async function writeMailboxStatus(
  client: OdooClient,
  mailboxId: number,
  status: { status: string; error?: string | null; syncedAt?: Date },
): Promise<void> {
  const values: Record<string, unknown> = { status: status.status, last_error: status.error ?? false };
  if (status.syncedAt) values.last_sync = formatOdooDatetime(status.syncedAt);
  await client.write("order.intake.mailbox", [mailboxId], values, bridgeContext);
}

/** Finds or creates a product alias (customer part number -> product) for a customer. */
export async function upsertProductAlias(
  client: OdooClient,
  alias: { partnerId: number; key: string; productId: number },
): Promise<number> {
  const key = alias.key.split(/\s+/).filter(Boolean).join(" ");
  const domain = [
    ["partner_id", "=", alias.partnerId],
    ["key", "=", key],
  ];
  const [found] = await client.searchRead<{ id: number; product_id: [number, string] | false }>(
    "order.intake.product.alias",
    domain,
    ["id", "product_id"],
    { limit: 1 },
  );
  if (found) {
    if (!found.product_id || found.product_id[0] !== alias.productId) {
      await client.write(
        "order.intake.product.alias",
        [found.id],
        { product_id: alias.productId },
        bridgeContext,
      );
    }
    return found.id;
  }
  return client.create(
    "order.intake.product.alias",
    { partner_id: alias.partnerId, key, product_id: alias.productId },
    bridgeContext,
  );
}
