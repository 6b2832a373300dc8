import type { Many2one, OdooClient } from "./odooClient.ts";

/** One customer payment as Odoo 18 reads it (account.payment). */
export interface OdooPayment {
  id: number;
  name: string | false;
  date: string;
  partner_id: Many2one;
  journal_id: Many2one;
  amount: number;
  currency_id: Many2one;
  memo: string | false;
  state: string;
}

/**
 * Payments actually received from customers on the local dates `[from, to)`: inbound customer
 * payments that are posted (`in_process`, waiting for the bank match) or `paid` (matched). Drafts,
 * cancelled and rejected payments are not money received. Odoo 18 names the reference `memo`.
 */
export async function readPaymentsReceived(
  client: OdooClient,
  options: { companyId: number; from: string; to: string },
): Promise<OdooPayment[]> {
  return client.searchRead<OdooPayment>(
    "account.payment",
    [
      ["company_id", "=", options.companyId],
      ["payment_type", "=", "inbound"],
      ["partner_type", "=", "customer"],
      ["state", "in", ["in_process", "paid"]],
      ["date", ">=", options.from],
      ["date", "<", options.to],
    ],
    ["name", "date", "partner_id", "journal_id", "amount", "currency_id", "memo", "state"],
    { order: "date, id" },
  );
}

/** The sale orders' names, customers, untaxed amounts, currencies and states. */
export async function readSaleOrderSummaries(client: OdooClient, ids: number[]) {
  if (ids.length === 0) return [];
  return client.read<{
    id: number;
    name: string;
    partner_id: Many2one;
    amount_untaxed: number;
    currency_id: Many2one;
    state: string;
  }>("sale.order", ids, ["name", "partner_id", "amount_untaxed", "currency_id", "state"]);
}
