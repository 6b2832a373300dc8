import { type RecordedFault, type RecordedFields, recorded } from "./recordedOdoo18.ts";

type Rec = Record<string, unknown> & { id: number };

/** What the stand-in gives an extension: its store and its fault type. */
export interface StandInStore {
  insert(model: string, values: Record<string, unknown>): Rec;
  table(model: string): Map<number, Rec>;
  fault(code: number, faultString: string): Error;
}

/** The Odoo apps the stand-in says are installed (ir.module.module, state "installed"). */
export const defaultModuleApps = [
  "base",
  "mail",
  "sale_management",
  "account",
  "purchase",
  "stock",
  "stock_delivery",
  "hr_expense",
];

const nowText = () => new Date().toISOString().slice(0, 19).replace("T", " ");

/**
 * The Purchase, Invoicing, Inventory and HR models in the stand-in, as a real Odoo 18 with purchase,
 * stock, stock_delivery, hr_expense and account answers them (recorded/modules_*.json, made by
 * recordModulesOdoo.ts): fields, sequences (P00001, WH/IN/00001), a confirmed purchase order creating
 * its incoming transfer, draft bills without a name, the mandatory-field fault of hr.expense, and
 * `activity_schedule`'s unmarshallable answer.
 */
export function createModuleModels(store: StandInStore, apps: string[] = defaultModuleApps) {
  const fields = recorded<RecordedFields>("modules_fields_get");
  const { insert, table } = store;
  for (const name of apps) insert("ir.module.module", { name, state: "installed" });
  insert("ir.model", { model: "purchase.order", name: "Purchase Order" });
  const todo = insert("mail.activity.type", { name: "To-Do", category: "default" });
  insert("ir.model.data", {
    module: "mail",
    name: "mail_activity_data_todo",
    model: "mail.activity.type",
    res_id: todo.id,
  });
  const receipts = insert("stock.picking.type", { name: "Receipts", code: "incoming", sequence_code: "IN" });
  let pickingSeq = 0;

  const linesOf = (cmds: unknown, lineModel: string, parentField: string, parent: Rec, qtyField: string) => {
    const ids: number[] = [];
    let untaxed = 0;
    for (const cmd of (cmds ?? []) as unknown[][]) {
      const lv = (cmd[2] ?? {}) as Record<string, unknown>;
      const product =
        typeof lv.product_id === "number" ? table("product.product").get(lv.product_id) : undefined;
      const qty = (lv[qtyField] as number | undefined) ?? 1;
      const price =
        (lv.price_unit as number | undefined) ?? (product?.standard_price as number | undefined) ?? 0;
      const line = insert(lineModel, {
        [parentField]: parent.id,
        name: lv.name ?? (product ? `[${product.default_code}] ${product.name}` : ""),
        ...lv,
        [qtyField]: qty,
        price_unit: price,
        price_subtotal: qty * price,
      });
      ids.push(line.id);
      untaxed += qty * price;
    }
    return { ids, untaxed };
  };

  /** create() of the module models; undefined for any other model. */
  const create = (model: string, v: Record<string, unknown>): number | undefined => {
    switch (model) {
      case "purchase.order": {
        const seq = table(model).size + 1;
        const rec = insert(model, {
          name: `P${String(seq).padStart(5, "0")}`,
          state: "draft",
          date_order: nowText(),
          user_id: 2,
          ...v,
          order_line: [],
        });
        const { ids, untaxed } = linesOf(v.order_line, "purchase.order.line", "order_id", rec, "product_qty");
        for (const id of ids) {
          const line = table("purchase.order.line").get(id)!;
          line.date_planned ??= v.date_planned ?? nowText();
          line.qty_received = 0;
          line.qty_invoiced = 0;
        }
        rec.order_line = ids;
        rec.amount_untaxed = untaxed;
        return rec.id;
      }
      case "account.move": {
        // a draft bill has no name yet (recorded: modules_account_move_read)
        const rec = insert(model, { state: "draft", name: false, ...v, invoice_line_ids: [] });
        const { ids, untaxed } = linesOf(v.invoice_line_ids, "account.move.line", "move_id", rec, "quantity");
        rec.invoice_line_ids = ids;
        rec.amount_untaxed = untaxed;
        return rec.id;
      }
      case "stock.picking": {
        const type = table("stock.picking.type").get(Number(v.picking_type_id ?? receipts.id));
        pickingSeq++;
        return insert(model, {
          name: `WH/${type?.sequence_code ?? "IN"}/${String(pickingSeq).padStart(5, "0")}`,
          state: "assigned",
          scheduled_date: nowText(),
          picking_type_id: type?.id,
          picking_type_code: type?.code,
          ...v,
        }).id;
      }
      case "hr.expense": {
        if (!v.employee_id)
          throw store.fault(
            2,
            recorded<RecordedFault>("modules_fault_hr_expense_create_no_employee").faultString,
          );
        return insert(model, { state: "draft", total_amount_currency: 0, ...v }).id;
      }
      default:
        return undefined;
    }
  };

  /** Model methods other than the ORM's; undefined when not one of them. */
  const call = (model: string, method: string, ids: number[]): { value: unknown } | undefined => {
    if (model === "purchase.order" && method === "button_confirm") {
      for (const id of ids) {
        const po = table(model).get(id)!;
        po.state = "purchase";
        const firstLine = table("purchase.order.line").get((po.order_line as number[])[0] ?? 0);
        const picking = create("stock.picking", {
          origin: po.name,
          partner_id: po.partner_id,
          picking_type_id: receipts.id,
          scheduled_date: firstLine?.date_planned ?? po.date_planned ?? nowText(),
        })!;
        po.picking_ids = [picking];
      }
      return { value: true };
    }
    if (method === "activity_schedule") {
      throw store.fault(1, recorded<RecordedFault>("modules_purchase_order_activity_schedule").faultString);
    }
    return undefined;
  };

  return { fields, create, call };
}
