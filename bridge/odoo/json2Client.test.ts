import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskContext } from "../jobs/defineTask.ts";
import { createOdooWriteDraftTask } from "../jobs/tasks/odooWriteDraft.ts";
import { createJson2StandIn, type Json2StandIn } from "../test/odooStandIn/createJson2StandIn.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../test/odooStandIn/seedDecidedMessages.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createJson2OdooClient } from "./createJson2OdooClient.ts";
import type { OdooClient } from "./odooClient.ts";

// Odoo 19's JSON-2 shapes as documented (see createJson2StandIn.ts); no Odoo 19 runs here.
for (const addonMethods of [true, false]) {
  describe(`the JSON-2 client (Odoo 19) against a /json/2 stand-in (${addonMethods ? "one call" : "plain calls"})`, () => {
    let standIn: Json2StandIn;
    let client: OdooClient;
    let db: TestDatabase;
    beforeAll(async () => {
      standIn = await createJson2StandIn({ addonMethods });
      client = createJson2OdooClient(
        { url: standIn.url, db: standIn.db, user: "admin", apiKey: standIn.apiKey },
        { attempts: 2, backoffMs: 10, pageSize: 2 },
      );
      db = await createTestDatabase();
    });
    afterAll(async () => {
      client?.close();
      await standIn?.close();
      await db?.drop();
    });

    it("reads the version from /web/version, its uid from context_get, and maps 401/404", async () => {
      expect(await client.version()).toMatchObject({ major: 19, serverVersion: "19.0" });
      expect(await client.uid()).toBe(2);
      const bad = createJson2OdooClient(
        { url: standIn.url, db: standIn.db, user: "admin", apiKey: "wrong" },
        { attempts: 1 },
      );
      await expect(bad.search("res.partner", [])).rejects.toMatchObject({
        code: "odoo.access_denied",
        retryable: false,
      });
      await expect(client.search("no.such.model", [])).rejects.toMatchObject({
        code: "odoo.unknown_model",
        retryable: false,
      });
      await expect(client.executeKw("sale.order", "no_such_method", [], {})).rejects.toMatchObject({
        code: "odoo.unknown_method",
        retryable: false,
      });
    });

    it("searches, reads in pages, creates one record or several, writes, with named arguments only", async () => {
      const { partnerId, productIds } = await seedOdooCatalog(client);
      expect(typeof partnerId).toBe("number");
      const products = await client.searchRead<{ default_code: string }>(
        "product.product",
        [["default_code", "like", "OI-"]],
        ["default_code"],
      );
      expect(products.map((p) => p.default_code)).toEqual(["OI-1", "OI-2", "OI-3"]);
      await client.write("product.product", [productIds[0]!], { list_price: 121 });
      const [read] = await client.read<{ list_price: number }>(
        "product.product",
        [productIds[0]!],
        ["list_price"],
      );
      expect(read!.list_price).toBe(121);
      const ids = await client.executeKw<number[]>("res.partner", "create", [[{ name: "A" }, { name: "B" }]]);
      expect(ids).toHaveLength(2);
      expect((await client.fieldsGet("sale.order.line")).product_uom_qty?.type).toBe("float");
    });

    it("writes a draft through odoo_write_draft, once", async () => {
      const [id] = await seedDecidedMessages(db, mkdtempSync(path.join(tmpdir(), "oi-json2-")), [
        { messageId: "<json2-1@intake-test.example>", result: sampleResult("PO-J2-1") },
      ]);
      const task = createOdooWriteDraftTask({ handle: db, odoo: async () => client });
      const ctx: TaskContext = {
        log: memoryLogger("silent").logger,
        jobId: "1",
        attempt: 1,
        maxAttempts: 10,
        abortSignal: new AbortController().signal,
      };
      await task.handler({ messageId: id!, orderIndex: 0 }, ctx);
      await db.sql`update order_intake.drafts set state = 'pending' where message_id = ${id!}`;
      await task.handler({ messageId: id!, orderIndex: 0 }, ctx);
      const orders = standIn.inner
        .records("sale.order")
        .filter((o) => o.order_intake_message_id === "<json2-1@intake-test.example>");
      expect(orders).toHaveLength(1);
      const rid = orders[0]!.id;
      expect(standIn.inner.records("order.intake.log").filter((l) => l.res_id === rid)).toHaveLength(1);
      expect(standIn.inner.records("ir.attachment").filter((a) => a.res_id === rid)).toHaveLength(2);
      expect(
        standIn.inner.records("mail.message").filter((m) => m.model === "sale.order" && m.res_id === rid),
      ).toHaveLength(1);
      expect(standIn.inner.calls.get("sale.order.create") ?? 0).toBe(addonMethods ? 0 : 1);
    });
  });
}
