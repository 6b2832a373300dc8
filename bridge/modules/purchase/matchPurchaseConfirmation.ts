import type { OdooClient } from "../../odoo/odooClient.ts";
import { bridgeContext } from "../../odoo/writeSaleDraft.ts";
import {
  attachAndNote,
  extractionDoubts,
  findPurchaseOrders,
  findVendor,
  logModuleResult,
  type ModuleInput,
  ModuleRejectedError,
  type ModuleResult,
  requireApp,
} from "../moduleWriteCommon.ts";
import { compareLines, loadPurchaseLines } from "./purchaseLines.ts";

/**
 * A to-do activity on the order for its buyer. Created directly: `activity_schedule` runs over XML-RPC
 * but its answer (a recordset) cannot be marshalled, so Odoo 18 answers a fault after committing
 * (recorded: modules_purchase_order_activity_schedule).
 */
async function scheduleReview(client: OdooClient, orderId: number, note: string): Promise<void> {
  const [modelId] = await client.search("ir.model", [["model", "=", "purchase.order"]], { limit: 1 });
  const [todoRef] = await client.searchRead<{ res_id: number }>(
    "ir.model.data",
    [
      ["module", "=", "mail"],
      ["name", "=", "mail_activity_data_todo"],
    ],
    ["res_id"],
    { limit: 1 },
  );
  const todo = todoRef?.res_id;
  const [order] = await client.read<{ user_id: [number, string] | false }>(
    "purchase.order",
    [orderId],
    ["user_id"],
  );
  if (!modelId || !todo) return;
  const values: Record<string, unknown> = {
    res_model_id: modelId,
    res_id: orderId,
    activity_type_id: todo,
    summary: "Supplier confirmation differs: review",
    note,
  };
  if (order?.user_id) values.user_id = order.user_id[0];
  await client.create("mail.activity", values, bridgeContext);
}

/**
 * Purchase: a supplier's order confirmation is matched to our purchase.order (PO number, vendor). The
 * differences in quantities, prices and dates go to the order's chatter, with a to-do activity for the
 * buyer when there are any; nothing on the order is changed (a person decides).
 */
export async function matchPurchaseConfirmation(
  client: OdooClient,
  input: ModuleInput,
): Promise<ModuleResult> {
  await requireApp(client, "purchase");
  const vendorId = await findVendor(client, input);
  const orders = await findPurchaseOrders(client, input.doc.poNumbers, vendorId);
  if (orders.length === 0) {
    throw new ModuleRejectedError(
      "purchase.no_matching_po",
      input.doc.poNumbers.length
        ? `no purchase order ${input.doc.poNumbers.join(", ")}${vendorId ? " for this vendor" : ""} in Odoo`
        : "the confirmation names no purchase order number",
    );
  }
  const po = orders[0]!;
  const lines = await loadPurchaseLines(client, po.id, vendorId ?? (po.partner_id ? po.partner_id[0] : null));
  const { differences } = compareLines(input.doc.lines, lines, { expectedDate: input.doc.expectedDate });
  const reasons = [
    ...extractionDoubts(input),
    ...(input.doc.documentRef
      ? [
          {
            code: "purchase.confirmation",
            severity: "info" as const,
            message: `confirmation ${input.doc.documentRef}`,
          },
        ]
      : []),
    ...differences,
  ];
  const review = differences.length > 0;
  const posted = await attachAndNote(client, input, {
    model: "purchase.order",
    resId: po.id,
    head: review
      ? `Supplier confirmation ${input.doc.documentRef ?? ""} differs from this order; nothing was changed, please review.`
      : `Supplier confirmation ${input.doc.documentRef ?? ""} matches this order (quantities, prices, dates).`,
    reasons: differences,
  });
  if (posted && review) await scheduleReview(client, po.id, differences.map((d) => d.message).join("\n"));
  return logModuleResult(client, input, "purchase", {
    model: "purchase.order",
    resId: po.id,
    name: po.name,
    reasons,
    review,
    created: posted,
  });
}
