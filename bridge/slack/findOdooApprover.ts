import type { OdooClient } from "../odoo/odooClient.ts";
import { userHasGroup } from "../odoo/userHasGroup.ts";

/**
 * The Odoo groups a person needs to decide on a draft of each intake module from Slack: the addon's
 * Order Intake user group (an admin opts people in) and the group that may do the same thing in Odoo
 * itself (confirm a quotation, validate a bill, ...). Slack grants no right the person lacks in Odoo.
 */
export const approverGroups: Record<string, string[]> = {
  sales: ["order_intake.group_order_intake_user", "sales_team.group_sale_salesman"],
  purchase: ["order_intake.group_order_intake_user", "purchase.group_purchase_user"],
  invoicing: ["order_intake.group_order_intake_user", "account.group_account_invoice"],
  inventory: ["order_intake.group_order_intake_user", "stock.group_stock_user"],
  hr: ["order_intake.group_order_intake_user", "hr_expense.group_hr_expense_team_approver"],
};

/** The bridge's own technical user never approves. */
const bridgeGroup = "order_intake.group_order_intake_bridge";

export interface OdooApprover {
  id: number;
  login: string;
  name: string;
}

/**
 * The active internal Odoo user whose login or email is `email` (case-insensitive, exact) and who is
 * in every approver group of `module`; null when there is none.
 */
export async function findOdooApprover(
  client: OdooClient,
  email: string,
  module: string,
): Promise<OdooApprover | null> {
  const wanted = email.trim().toLowerCase();
  if (!wanted.includes("@")) return null;
  const groups = approverGroups[module] ?? approverGroups.sales!;
  // =ilike treats _ and % as wildcards: the exact comparison below is what decides.
  const users = await client.searchRead<{ id: number; login: string; email: string | false; name: string }>(
    "res.users",
    [["share", "=", false], "|", ["login", "=ilike", wanted], ["email", "=ilike", wanted]],
    ["id", "login", "email", "name"],
    { limit: 10, order: "id" },
  );
  for (const u of users) {
    const same = u.login.toLowerCase() === wanted || (u.email || "").toLowerCase() === wanted;
    if (!same) continue;
    const has = (group: string) => userHasGroup(client, u.id, group);
    if (await has(bridgeGroup)) continue;
    let all = true;
    for (const g of groups) {
      if (!(await has(g))) {
        all = false;
        break;
      }
    }
    if (all) return { id: u.id, login: u.login, name: u.name };
  }
  return null;
}
