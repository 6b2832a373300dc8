import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractedOrder } from "../extract/types.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { createSeedClient, liveOdoo } from "../test/odooStandIn/liveOdoo.ts";
import { sampleResult, seedOdooCatalog } from "../test/odooStandIn/seedDecidedMessages.ts";
import { completeSaleDraft } from "./completeSaleDraft.ts";
import { createOdooClient } from "./createOdooClient.ts";
import { createOdooLookups } from "./createOdooLookups.ts";
import type { OdooClient, OdooConnection } from "./odooClient.ts";
import { writeSaleDraft } from "./writeSaleDraft.ts";

const live = liveOdoo();

interface Line {
  id: number;
  name: string;
  display_type: string | false;
  product_id: [number, string] | false;
  product_uom_qty: number;
  price_unit: number;
  sequence: number;
}

const targets = [
  { name: "the Odoo 18 stand-in", addonMethods: true, skip: false },
  { name: "the stand-in with an older addon (plain calls)", addonMethods: false, skip: false },
  { name: "a real Odoo (ODOO_URL)", addonMethods: true, skip: !live },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`completeSaleDraft on ${target.name}`, () => {
    let standIn: OdooStandIn | undefined;
    let client: OdooClient;
    let seed: OdooClient;
    const run = randomBytes(3).toString("hex").toUpperCase();
    const code = `ZB-${run}`;

    beforeAll(async () => {
      let conn: OdooConnection;
      if (target.skip === false && target.name.startsWith("a real")) {
        conn = live!.bridge;
        seed = await createSeedClient();
      } else {
        standIn = await createOdooStandIn({ addonMethods: target.addonMethods });
        conn = { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey };
      }
      client = await createOdooClient(conn, { attempts: 2, backoffMs: 50 });
      seed ??= client;
      await seedOdooCatalog(seed);
    }, 120_000);
    afterAll(async () => {
      client?.close();
      if (seed !== client) seed?.close();
      await standIn?.close();
    });

    /** A draft whose second line names a product Odoo does not have (yet): kept as a note line. */
    const draftWithMissingProduct = async (po: string) => {
      const result = sampleResult(po);
      // the reading's own reason for the line (the catalog did not know it either)
      result.reasons.push({
        code: "line.unknown_product",
        severity: "hard",
        message: `No catalog product matches "Wandregal Zirbe"; nearest: OI-3 Intake Test Product 3.`,
        path: "order[0].lines[1]",
      });
      const order = result.orders[0]!;
      order.lines.splice(1, 0, {
        default_code: null,
        customer_sku: code,
        description: "Wandregal Zirbe",
        quantity: 4,
        uom: "Units",
        unit_price: 55,
      });
      const written = await writeSaleDraft(
        client,
        {
          key: `complete-${po}`,
          messageId: `<complete-${po}@intake-test.example>`,
          customerRef: "C-9001",
          order,
          confidence: 0.8,
          expect: "review",
          reviewState: "to_review",
          reasons: result.reasons,
          sender: result.sender_email,
          subject: `PO ${po}`,
          receivedAt: new Date(),
          files: [{ name: `${po}.eml`, content: Buffer.from("Subject: x\r\n\r\nx") }],
        },
        { attempts: 2 },
      );
      return { order, written };
    };
    /** The order's lines as Odoo shows them (by sequence, then id). */
    const linesOf = async (orderId: number) =>
      (
        await client.searchRead<Line>(
          "sale.order.line",
          [["order_id", "=", orderId]],
          ["name", "display_type", "product_id", "product_uom_qty", "price_unit", "sequence"],
        )
      ).sort((a, b) => a.sequence - b.sequence || a.id - b.id);
    /** The new reading's confidence and reasons (the product is known by its code now). */
    const reading = {
      confidence: 0.93,
      reasons: [{ code: "sender.known", severity: "info" as const, message: "Known sender" }],
    };
    /** The same order read again once the product exists: the line now names its code. */
    const readAgain = (order: ExtractedOrder): ExtractedOrder => ({
      ...order,
      lines: order.lines.map((l) => (l.customer_sku === code ? { ...l, default_code: code } : l)),
    });

    it("replaces the note line of a product created meanwhile by that product, in place, once", async () => {
      const po = `PO-${run}-1`;
      const { order, written } = await draftWithMissingProduct(po);
      expect(written.missingProducts).toBe(1);
      // one reason for the line: the writer's (kept as a note line) in place of the reading's
      const [drafted] = await client.read<{ order_intake_reasons: string }>(
        "sale.order",
        [written.orderId],
        ["order_intake_reasons"],
      );
      const first = JSON.parse(drafted!.order_intake_reasons) as Array<{ code: string; message: string }>;
      expect(first.filter((r) => r.code === "line.unknown_product").map((r) => r.message)).toEqual([
        `Line 2: no product in Odoo for ${code} "Wandregal Zirbe" (nearest: OI-3 Intake Test Product 3); kept as a note line.`,
      ]);
      const before = await linesOf(written.orderId);
      const note = before.find((l) => l.display_type === "line_note")!;
      expect(note.name).toMatch(new RegExp(`^\\[no product in Odoo\\] ${code}`));

      // nothing to complete while the product is missing: said in the chatter, nothing changed
      const early = await completeSaleDraft(
        client,
        { orderId: written.orderId, before: order, after: order, reading },
        createOdooLookups(client, { ttlMs: 0 }),
      );
      expect(early).toMatchObject({ completed: [], missing: 1 });
      expect(early.summary).toMatch(/no line without a product found one.*1 line\(s\) still have no product/);
      expect(await linesOf(written.orderId)).toEqual(before);

      // the product is created in Odoo with the customer's code as its Internal Reference
      const productId = await seed.create("product.product", {
        name: "Wandregal Zirbe",
        default_code: code,
        list_price: 55,
      });
      const done = await completeSaleDraft(
        client,
        {
          orderId: written.orderId,
          before: order,
          after: readAgain(order),
          reading,
        },
        createOdooLookups(client, { ttlMs: 0 }),
      );
      expect(done.completed).toEqual([{ line: 2, product: productId, name: code }]);
      expect(done.missing).toBe(0);
      const after = await linesOf(written.orderId);
      expect(after.filter((l) => l.display_type === "line_note")).toHaveLength(0);
      const line = after.find((l) => l.product_id && l.product_id[0] === productId)!;
      expect(line).toMatchObject({ product_uom_qty: 4, price_unit: 55, sequence: note.sequence });
      // the other lines are the same lines, untouched, and the order keeps its place among them
      expect(after.filter((l) => l.id !== line.id)).toEqual(before.filter((l) => l.id !== note.id));
      expect(after.map((l) => (l.product_id ? l.product_id[0] : null)).indexOf(productId)).toBe(
        before.findIndex((l) => l.id === note.id),
      );
      const [o] = await client.read<{
        order_intake_reasons: string;
        order_intake_review_state: string;
        order_intake_confidence: number;
      }>(
        "sale.order",
        [written.orderId],
        ["order_intake_reasons", "order_intake_review_state", "order_intake_confidence"],
      );
      // the draft shows the new reading: its confidence and reasons, and what Retry did
      expect(o!.order_intake_confidence).toBeCloseTo(0.93);
      const reasons = JSON.parse(o!.order_intake_reasons) as Array<{ code: string; message: string }>;
      expect(reasons.map((r) => r.code)).not.toContain("line.unknown_product");
      expect(reasons.find((r) => r.code === "line.completed_on_retry")?.message).toMatch(/^Line 2:/);
      // a person still confirms it
      expect(o!.order_intake_review_state).toBe("to_review");
      const notes = await client.searchRead<{ body: string }>(
        "mail.message",
        [
          ["model", "=", "sale.order"],
          ["res_id", "=", written.orderId],
          ["body", "ilike", "Retry read the email again"],
        ],
        ["body"],
      );
      expect(notes.map((n) => n.body).join()).toMatch(/line 2 now has its product/);

      // run again (a replayed job): nothing left to replace, nothing changed
      const again = await completeSaleDraft(
        client,
        { orderId: written.orderId, before: order, after: readAgain(order), reading, announce: false },
        createOdooLookups(client, { ttlMs: 0 }),
      );
      expect(again).toMatchObject({ completed: [], missing: 0 });
      expect(await linesOf(written.orderId)).toEqual(after);
    }, 60_000);

    it("leaves a confirmed order as it is", async () => {
      const { order, written } = await draftWithMissingProduct(`PO-${run}-2`);
      await seed.executeKw("sale.order", "action_confirm", [[written.orderId]]);
      const before = await linesOf(written.orderId);
      const outcome = await completeSaleDraft(
        client,
        { orderId: written.orderId, before: order, after: readAgain(order), reading },
        createOdooLookups(client, { ttlMs: 0 }),
      );
      expect(outcome).toMatchObject({ state: "sale", completed: [] });
      expect(outcome.summary).toMatch(/no longer a draft/);
      expect(await linesOf(written.orderId)).toEqual(before);
    }, 60_000);
  });
}
