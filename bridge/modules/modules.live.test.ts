import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCorpusDir } from "../eval/evalCommand.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createSeedClient, liveOdoo } from "../test/odooStandIn/liveOdoo.ts";
import { corpusMail, expenseReceipt, shippingNotice } from "./__fixtures__/moduleMails.ts";
import { writeExpense } from "./hr/writeExpense.ts";
import { applyShippingNotice } from "./inventory/applyShippingNotice.ts";
import { writeVendorBill } from "./invoicing/writeVendorBill.ts";
import type { ModuleInput, ModuleRejectedError } from "./moduleWriteCommon.ts";
import { matchPurchaseConfirmation } from "./purchase/matchPurchaseConfirmation.ts";
import { readSupplierDocument } from "./supplierDocument/readSupplierDocument.ts";

/**
 * The module writers against a real Odoo 17, 18 or 19 with purchase, stock(_delivery), hr_expense and
 * account, as the bridge's user; the vendors, products, confirmed POs and the employee are created with
 * ODOO_ADMIN_USER / ODOO_ADMIN_API_KEY (see liveOdoo.ts):
 *   ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_API_KEY=... ODOO_ADMIN_USER=... ODOO_ADMIN_API_KEY=... \
 *   ODOO_MODULES_LIVE=1 npx vitest run bridge/modules/modules.live.test.ts
 * Each run creates its own vendors and employee (a scratch database is best).
 */
const live = Boolean(liveOdoo() && process.env.ODOO_MODULES_LIVE);
const corpus = defaultCorpusDir();

describe.skipIf(!live || !existsSync(path.join(corpus, "dev", "028")))(
  "module writers against a real Odoo",
  () => {
    let client: OdooClient;
    /** Creates the vendors, POs and the employee (the admin when ODOO_ADMIN_* is set). */
    let seed: OdooClient;
    const run = randomBytes(3).toString("hex");
    const ids: Record<string, number> = {};
    const input = async (raw: Buffer, vendorRef: string | null, key: string): Promise<ModuleInput> => ({
      key: `<${run}-${key}@live.example>`,
      messageId: `<${run}-${key}@live.example>`,
      sender: "live test",
      subject: key,
      receivedAt: new Date(),
      confidence: 0.9,
      reasons: [],
      vendorRef,
      doc: await readSupplierDocument(raw),
    });
    const vendorWithPo = async (ref: string, po: string, lines: Array<[string, number, number]>) => {
      const vendor = await seed.create("res.partner", {
        name: `Live vendor ${ref}`,
        ref,
        is_company: true,
      });
      const orderLines = [];
      for (const [code, qty, price] of lines) {
        const product = await seed.create("product.product", {
          name: `Live ${code} ${run}`,
          type: "consu",
        });
        const [p] = await seed.read<{ product_tmpl_id: [number, string] }>(
          "product.product",
          [product],
          ["product_tmpl_id"],
        );
        await seed.create("product.supplierinfo", {
          partner_id: vendor,
          product_tmpl_id: p!.product_tmpl_id[0],
          product_code: code,
          price,
        });
        orderLines.push([
          0,
          0,
          { product_id: product, product_qty: qty, price_unit: price, date_planned: "2026-10-26 12:00:00" },
        ]);
      }
      const order = await seed.create("purchase.order", {
        name: po,
        partner_id: vendor,
        order_line: orderLines,
      });
      await seed.executeKw("purchase.order", "button_confirm", [[order]]);
      return { vendor, order };
    };

    beforeAll(async () => {
      client = await createOdooClient(liveOdoo()!.bridge, { timeoutMs: 20_000, attempts: 3, backoffMs: 100 });
      seed = await createSeedClient({ timeoutMs: 20_000, attempts: 3, backoffMs: 100 });
      const molinos = await vendorWithPo(`V-LIVE-M-${run}`, "PO-NB-26-0871", [
        ["HT-550-25", 4000, 0.41],
        ["HT-405-25", 2500, 0.44],
        ["HC-1150-25", 1000, 0.52],
      ]);
      ids.molinos = molinos.vendor;
      ids.molinosPo = molinos.order;
      const rheinholz = await vendorWithPo(`V-LIVE-R-${run}`, "PO-NB-26-0733", [
        ["RH-EI-160", 20, 298],
        ["RH-EI-180", 10, 326],
        ["RH-RC-3", 15, 121.5],
      ]);
      ids.rheinholz = rheinholz.vendor;
      ids.rheinholzPo = rheinholz.order;
      ids.employee = await seed.create("hr.employee", {
        name: `Live Employee ${run}`,
        work_email: `live-${run}@ourcompany.example`,
      });
    }, 60_000);
    afterAll(() => {
      client?.close();
      seed?.close();
    });

    it("Purchase: differences go to the PO's chatter and a to-do; the PO is not changed", async () => {
      const result = await matchPurchaseConfirmation(
        client,
        await input(corpusMail(corpus, "029"), `V-LIVE-M-${run}`, "conf"),
      );
      expect(result).toMatchObject({ model: "purchase.order", resId: ids.molinosPo, status: "to_review" });
      const lines = await client.searchRead<{ product_qty: number }>(
        "purchase.order.line",
        [["order_id", "=", ids.molinosPo]],
        ["product_qty"],
        { order: "id" },
      );
      expect(lines.map((l) => l.product_qty)).toEqual([4000, 2500, 1000]);
      const activities = await client.searchRead<{ summary: string }>(
        "mail.activity",
        [
          ["res_model", "=", "purchase.order"],
          ["res_id", "=", ids.molinosPo],
        ],
        ["summary"],
      );
      expect(activities.map((a) => a.summary)).toEqual(["Supplier confirmation differs: review"]);
      expect(result.reasons.map((r) => r.code)).toContain("line.quantity_differs");
    }, 60_000);

    it("Invoicing: a draft in_invoice linked to the PO lines, then the same reference refused", async () => {
      const result = await writeVendorBill(
        client,
        await input(corpusMail(corpus, "028"), `V-LIVE-R-${run}`, "bill"),
      );
      const [bill] = await client.read<Record<string, unknown>>(
        "account.move",
        [result.resId],
        ["move_type", "state", "ref", "partner_id", "amount_untaxed", "invoice_origin"],
      );
      expect(bill).toMatchObject({
        move_type: "in_invoice",
        state: "draft",
        ref: "RE-2026-10455",
        amount_untaxed: 11042.5,
        invoice_origin: "PO-NB-26-0733",
      });
      const lines = await client.searchRead<{ purchase_line_id: [number, string] | false }>(
        "account.move.line",
        [
          ["move_id", "=", result.resId],
          ["display_type", "=", "product"],
        ],
        ["purchase_line_id"],
      );
      expect(lines.every((l) => l.purchase_line_id)).toBe(true);
      const again = await writeVendorBill(
        client,
        await input(corpusMail(corpus, "028"), `V-LIVE-R-${run}`, "bill-again"),
      ).catch((e: unknown) => e);
      expect((again as ModuleRejectedError).code).toBe("bill.duplicate_reference");
    }, 60_000);

    it("Inventory: the vendor's receipt gets the expected date and the tracking reference", async () => {
      const doc = await input(
        await shippingNotice(`<${run}-asn@live.example>`, "PO-NB-26-0871"),
        `V-LIVE-M-${run}`,
        "asn",
      );
      const result = await applyShippingNotice(client, doc);
      const [picking] = await client.read<Record<string, unknown>>(
        "stock.picking",
        [result.resId],
        ["scheduled_date", "carrier_tracking_ref", "partner_id"],
      );
      expect(picking).toMatchObject({
        scheduled_date: "2026-11-25 12:00:00",
        carrier_tracking_ref: "DHL 00340434161094015902",
      });
      expect((picking!.partner_id as [number, string])[0]).toBe(ids.molinos);
    }, 60_000);

    it("HR: a draft expense for the employee by work email; an unknown address is refused", async () => {
      const result = await writeExpense(
        client,
        await input(
          await expenseReceipt(`<${run}-r@live.example>`, `live-${run}@ourcompany.example`),
          null,
          "receipt",
        ),
      );
      const [expense] = await client.read<Record<string, unknown>>(
        "hr.expense",
        [result.resId],
        ["employee_id", "total_amount_currency", "state"],
      );
      expect(expense).toMatchObject({ total_amount_currency: 42.5, state: "draft" });
      expect((expense!.employee_id as [number, string])[0]).toBe(ids.employee);
      const unknown = await writeExpense(
        client,
        await input(
          await expenseReceipt(`<${run}-x@live.example>`, `nobody-${run}@elsewhere.example`),
          null,
          "receipt-x",
        ),
      ).catch((e: unknown) => e);
      expect((unknown as ModuleRejectedError).code).toBe("hr.unknown_employee");
    }, 60_000);
  },
);
