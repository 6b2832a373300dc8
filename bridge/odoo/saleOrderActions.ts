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
