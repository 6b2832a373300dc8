import type { OdooClient } from "../odoo/odooClient.ts";
import { writeExpense } from "./hr/writeExpense.ts";
import { applyShippingNotice } from "./inventory/applyShippingNotice.ts";
import { writeVendorBill } from "./invoicing/writeVendorBill.ts";
import type { IntakeModule, ModuleInput, ModuleResult } from "./moduleWriteCommon.ts";
import { matchPurchaseConfirmation } from "./purchase/matchPurchaseConfirmation.ts";

type Writer = (client: OdooClient, input: ModuleInput) => Promise<ModuleResult>;

/** The writer of each non-sales module (sales drafts are written by odoo_write_draft). */
export const moduleWriters: Record<Exclude<IntakeModule, "sales">, Writer> = {
  purchase: matchPurchaseConfirmation,
  invoicing: writeVendorBill,
  inventory: applyShippingNotice,
  hr: writeExpense,
};
