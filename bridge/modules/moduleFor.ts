import type { ExtractionResult } from "../extract/types.ts";
import type { IntakeModule } from "./moduleWriteCommon.ts";

/**
 * Which Odoo module a decided message belongs to. A mailbox (or an upload screen) belongs to one
 * module and decides; a supplier's document that lands in the sales mailbox goes to Purchase or
 * Invoicing by its kind.
 * Returns null when nothing is to be written (spam, a non-order in the sales mailbox).
 */
export function moduleFor(
  mailboxModule: string,
  result: Pick<ExtractionResult, "kind" | "expect">,
): IntakeModule | null {
  if (result.expect === "reject") return null;
  // a module's own mailbox (or a person choosing the module on the upload screen) decides
  switch (mailboxModule) {
    case "purchase":
    case "invoicing":
    case "inventory":
    case "hr":
      return mailboxModule;
  }
  if (result.kind === "vendor_bill") return "invoicing";
  if (result.kind === "purchase_confirmation") return "purchase";
  return "sales";
}

/** The Odoo model a module's documents land on. */
export const moduleModel: Record<IntakeModule, string> = {
  sales: "sale.order",
  purchase: "purchase.order",
  invoicing: "account.move",
  inventory: "stock.picking",
  hr: "hr.expense",
};
