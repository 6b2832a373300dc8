import type { OdooClient } from "../../odoo/odooClient.ts";
import { bridgeContext } from "../../odoo/writeSaleDraft.ts";
import {
  attachAndNote,
  extractionDoubts,
  findCurrency,
  logModuleResult,
  type ModuleInput,
  ModuleRejectedError,
  type ModuleResult,
  requireApp,
} from "../moduleWriteCommon.ts";

/** The employee: the uploader's employee record, else the sender's work email. */
async function findEmployee(client: OdooClient, input: ModuleInput): Promise<number | null> {
  if (input.uploadedBy) {
    const [byUser] = await client.search("hr.employee", [["user_id", "=", input.uploadedBy]], { limit: 1 });
    if (byUser) return byUser;
  }
  const email = input.doc.senderEmail;
  if (!email) return null;
  const [byMail] = await client.search("hr.employee", [["work_email", "=ilike", email]], {
    limit: 1,
    order: "id",
  });
  return byMail ?? null;
}

/** Expense categories of Odoo 18 (hr_expense data) by what a receipt says, most specific first. */
const CATEGORY_WORDS: Array<[RegExp, string]> = [
  [
    /\b(taxi|cab|uber|train|bahn|db\s|flight|flug|airline|hotel|travel|reise|fahrt|parking|parken)/i,
    "TRANS & ACC",
  ],
  [/\b(restaurant|meal|essen|lunch|dinner|caf[eé]|bistro|catering)/i, "FOOD"],
  [/\b(phone|mobile|internet|telefon|mobilfunk)/i, "COMM"],
  [/\b(gift|geschenk)/i, "GIFT"],
];

async function expenseCategory(client: OdooClient, text: string): Promise<number | undefined> {
  const codes = [...CATEGORY_WORDS.filter(([re]) => re.test(text)).map(([, code]) => code), "EXP_GEN"];
  const found = await client.searchRead<{ id: number; default_code: string | false }>(
    "product.product",
    [
      ["can_be_expensed", "=", true],
      ["default_code", "in", codes],
    ],
    ["id", "default_code"],
  );
  for (const code of codes) {
    const hit = found.find((p) => p.default_code === code);
    if (hit) return hit.id;
  }
  const [any] = await client.search("product.product", [["can_be_expensed", "=", true]], {
    limit: 1,
    order: "id",
  });
  return any;
}

/**
 * HR: an expense receipt sent by an employee becomes a draft hr.expense for that employee (found by
 * work email), with the receipt attached. The amount is the receipt's total; the category follows the receipt's
 * words (travel, meals, ...), else the generic expense product.
 */
export async function writeExpense(client: OdooClient, input: ModuleInput): Promise<ModuleResult> {
  await requireApp(client, "hr");
  const employeeId = await findEmployee(client, input);
  if (!employeeId) {
    throw new ModuleRejectedError(
      "hr.unknown_employee",
      `no employee with work email ${input.doc.senderEmail ?? "?"} in Odoo`,
    );
  }
  const reasons = extractionDoubts(input);
  let [expenseId] = await client.search("hr.expense", [["description", "=like", `%${input.key}%`]], {
    limit: 1,
  });
  const created = expenseId === undefined;
  if (expenseId === undefined) {
    const amount = input.doc.totalAmount ?? input.doc.totalUntaxed;
    if (amount === null)
      reasons.push({ code: "expense.no_total", severity: "hard", message: "no total found on the receipt" });
    const product = await expenseCategory(client, input.doc.text);
    const values: Record<string, unknown> = {
      name:
        [input.doc.issuer, input.doc.documentRef].filter(Boolean).join(" ").slice(0, 120) ||
        input.subject ||
        "Expense",
      employee_id: employeeId,
      description: `${input.doc.subject}\n${input.key}`,
    };
    if (product) values.product_id = product;
    if (amount !== null) values.total_amount_currency = amount;
    if (input.doc.documentDate) values.date = input.doc.documentDate;
    const currency = await findCurrency(client, input.doc.currency);
    if (currency) values.currency_id = currency;
    expenseId = await client.create("hr.expense", values, bridgeContext);
  }
  const [expense] = await client.read<{ name: string; total_amount_currency: number }>(
    "hr.expense",
    [expenseId],
    ["name", "total_amount_currency"],
  );
  await attachAndNote(client, input, {
    model: "hr.expense",
    resId: expenseId,
    head: `Receipt from ${input.sender ?? "an upload"}: ${input.doc.totalAmount ?? "?"} ${input.doc.currency ?? ""}`,
    reasons,
    withoutEml: true,
  });
  return logModuleResult(client, input, "hr", {
    model: "hr.expense",
    resId: expenseId,
    name: expense?.name ?? `hr.expense ${expenseId}`,
    reasons,
    review: reasons.some((r) => r.severity !== "info"),
    created,
  });
}
