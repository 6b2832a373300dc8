import { dateToOdooDatetime } from "../../odoo/formatOdooDatetime.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { bridgeContext } from "../../odoo/writeSaleDraft.ts";
import {
  appInstalled,
  attachAndNote,
  extractionDoubts,
  findPurchaseOrders,
  findVendor,
  logModuleResult,
  type ModuleInput,
  type ModuleReason,
  ModuleRejectedError,
  type ModuleResult,
  requireApp,
} from "../moduleWriteCommon.ts";

interface Picking {
  id: number;
  name: string;
  origin: string | false;
  scheduled_date: string | false;
  state: string;
}

/**
 * Inventory: a supplier's shipping notice updates the expected date (scheduled_date) and the carrier
 * reference (carrier_tracking_ref, when stock_delivery is installed) of the matching incoming transfer,
 * with a chatter note saying what changed and from what.
 */
export async function applyShippingNotice(client: OdooClient, input: ModuleInput): Promise<ModuleResult> {
  await requireApp(client, "inventory");
  const vendorId = await findVendor(client, input);
  const refs = input.doc.poNumbers;
  if (refs.length === 0) {
    throw new ModuleRejectedError(
      "inventory.no_matching_transfer",
      "the notice names no purchase order number",
    );
  }
  const open: unknown[] = [
    ["picking_type_code", "=", "incoming"],
    ["state", "not in", ["done", "cancel"]],
  ];
  if (vendorId) open.push(["partner_id", "child_of", vendorId]);
  const fields = ["id", "name", "origin", "scheduled_date", "state"];
  let pickings = await client.searchRead<Picking>(
    "stock.picking",
    [...open, ["origin", "in", refs]],
    fields,
    {
      order: "id",
    },
  );
  if (pickings.length === 0 && (await appInstalled(client, "purchase"))) {
    const orders = await findPurchaseOrders(client, refs, vendorId);
    if (orders.length > 0) {
      pickings = await client.searchRead<Picking>(
        "stock.picking",
        [...open, ["origin", "in", orders.map((o) => o.name)]],
        fields,
        { order: "id" },
      );
    }
  }
  const picking = pickings[0];
  if (!picking) {
    throw new ModuleRejectedError(
      "inventory.no_matching_transfer",
      `no open incoming transfer for ${refs.join(", ")} in Odoo`,
    );
  }
  const pickingFields = await client.fieldsGet("stock.picking");
  const values: Record<string, unknown> = {};
  const changes: ModuleReason[] = [];
  const when = dateToOdooDatetime(input.doc.expectedDate);
  if (when && (picking.scheduled_date || "").slice(0, 10) !== input.doc.expectedDate) {
    values.scheduled_date = when;
    changes.push({
      code: "inventory.date_changed",
      severity: "info",
      message: `expected date ${(picking.scheduled_date || "none").slice(0, 10)} -> ${input.doc.expectedDate}`,
    });
  }
  const tracking = [input.doc.carrier, input.doc.trackingRef].filter(Boolean).join(" ");
  if (input.doc.trackingRef) {
    if ("carrier_tracking_ref" in pickingFields) {
      values.carrier_tracking_ref = tracking;
      changes.push({
        code: "inventory.carrier_ref",
        severity: "info",
        message: `carrier reference ${tracking}`,
      });
    } else {
      changes.push({
        code: "inventory.carrier_ref_note_only",
        severity: "info",
        message: `carrier reference ${tracking} (noted only: the tracking field comes with the stock_delivery app)`,
      });
    }
  }
  const reasons = [...extractionDoubts(input), ...changes];
  if (!when)
    reasons.push({ code: "inventory.no_date", severity: "warning", message: "no expected date found" });
  if (pickings.length > 1) {
    reasons.push({
      code: "inventory.several_transfers",
      severity: "warning",
      message: `${pickings.length} open receipts for this order; updated ${picking.name}`,
    });
  }
  if (Object.keys(values).length > 0)
    await client.write("stock.picking", [picking.id], values, bridgeContext);
  const posted = await attachAndNote(client, input, {
    model: "stock.picking",
    resId: picking.id,
    head: `Shipping notice ${input.doc.documentRef ?? ""} from ${input.sender ?? "an upload"}${changes.length ? "" : ": nothing to change"}.`,
    reasons: changes,
  });
  return logModuleResult(client, input, "inventory", {
    model: "stock.picking",
    resId: picking.id,
    name: picking.name,
    reasons,
    review: reasons.some((r) => r.severity !== "info"),
    created: posted,
  });
}
