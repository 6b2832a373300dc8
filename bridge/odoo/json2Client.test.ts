import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskContext } from "../jobs/defineTask.ts";
import { createOdooWriteDraftTask } from "../jobs/tasks/odooWriteDraft.ts";
import { createJson2StandIn, type Json2StandIn } from "../test/odooStandIn/createJson2StandIn.ts";
import { createOdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../test/odooStandIn/seedDecidedMessages.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createJson2OdooClient, json2Arguments } from "./createJson2OdooClient.ts";
import { createOdooClient, detectOdooVersion } from "./createOdooClient.ts";
import type { OdooClient } from "./odooClient.ts";
import { userHasGroup } from "./userHasGroup.ts";

describe("JSON-2 arguments: what an XML-RPC execute_kw carries, bound by name", () => {
  it("names the ORM's positional arguments from their signatures", () => {
    expect(json2Arguments("res.partner", "search", [[["name", "=", "x"]]], { limit: 1 })).toEqual({
      domain: [["name", "=", "x"]],
      limit: 1,
    });
    expect(json2Arguments("res.partner", "write", [[1, 2], { name: "y" }])).toEqual({
      ids: [1, 2],
      vals: { name: "y" },
    });
    expect(json2Arguments("res.partner", "read", [[3], ["name"]])).toEqual({ ids: [3], fields: ["name"] });
    expect(json2Arguments("res.partner", "create", [{ name: "z" }])).toEqual({ vals_list: [{ name: "z" }] });
    expect(json2Arguments("res.partner", "fields_get", [], { attributes: ["type"] })).toEqual({
      attributes: ["type"],
    });
  });

  it("sends the ids of any other method, and its other arguments by name", () => {
    // every business method, not a list: the first positional argument is the records
    expect(json2Arguments("purchase.order", "button_confirm", [[7]])).toEqual({ ids: [7] });
    expect(json2Arguments("stock.picking", "button_validate", [[8]], { context: { a: 1 } })).toEqual({
      ids: [8],
      context: { a: 1 },
    });
    expect(json2Arguments("res.users", "has_group", [[2]], { group_ext_id: "base.group_user" })).toEqual({
      ids: [2],
      group_ext_id: "base.group_user",
    });
    expect(json2Arguments("sale.order", "order_intake_create_draft", [], { vals: {} })).toEqual({ vals: {} });
  });

  it("refuses what it cannot bind instead of dropping an argument", () => {
    expect(() => json2Arguments("res.users", "has_group", [[2], "base.group_user"])).toThrow(
      expect.objectContaining({ code: "odoo.bad_call", retryable: false }),
    );
    expect(() => json2Arguments("sale.order", "action_confirm", ["not ids"])).toThrow(
      expect.objectContaining({ code: "odoo.bad_call" }),
    );
    expect(() => json2Arguments("res.partner", "write", [[1], { a: 1 }], { vals: {} })).toThrow(
      expect.objectContaining({ code: "odoo.bad_call" }),
    );
  });
});

describe("version detection without /xmlrpc", () => {
  it("asks /web/version first (19), then /json/2, then XML-RPC (17/18)", async () => {
    const json2 = await createJson2StandIn();
    const hidden = await createJson2StandIn({ webVersion: false });
    const xmlrpc = await createOdooStandIn();
    try {
      const conn = (s: { url: string; db: string; apiKey: string }) => ({
        url: s.url,
        db: s.db,
        user: "admin",
        apiKey: s.apiKey,
      });
      expect(await detectOdooVersion(conn(json2))).toMatchObject({
        probe: "web/version",
        version: { major: 19 },
      });
      expect(await detectOdooVersion(conn(hidden))).toMatchObject({
        probe: "json/2",
        version: { major: 19 },
      });
      const x = { url: xmlrpc.url, db: xmlrpc.db, user: xmlrpc.user.login, apiKey: xmlrpc.user.apiKey };
      expect(await detectOdooVersion(x)).toMatchObject({ probe: "xmlrpc", version: { major: 18 } });
      const c19 = await createOdooClient(conn(json2));
      const c18 = await createOdooClient(x);
      expect([c19.protocol, c18.protocol]).toEqual(["json2", "xmlrpc"]);
      c19.close();
      c18.close();
    } finally {
      await json2.close();
      await hidden.close();
      await xmlrpc.close();
    }
  });
});

describe("record methods over JSON-2 (stand-in with the purchase models)", () => {
  it("button_confirm carries its ids and confirms; has_group answers for the given user", async () => {
    const standIn = await createJson2StandIn({ modules: true });
    const client = createJson2OdooClient(
      { url: standIn.url, db: standIn.db, user: "admin", apiKey: standIn.apiKey },
      { attempts: 1 },
    );
    try {
      const vendor = await client.create("res.partner", { name: "Vendor J2", is_company: true });
      const order = await client.create("purchase.order", { name: "PO-J2", partner_id: vendor });
      await client.executeKw("purchase.order", "button_confirm", [[order]]);
      const [po] = await client.read<{ state: string }>("purchase.order", [order], ["state"]);
      expect(po!.state).toBe("purchase");
      const uid = await client.uid();
      expect(await userHasGroup(client, uid, "order_intake.group_order_intake_user")).toBe(true);
      expect(await userHasGroup(client, uid, "purchase.group_purchase_manager")).toBe(false);
      // what the JSON-2 client sent before (positional group dropped): refused by Odoo 19 (recorded 422)
      await expect(client.executeKw("res.users", "has_group", [[uid]])).rejects.toMatchObject({
        retryable: false,
      });
    } finally {
      client.close();
      await standIn.close();
    }
  });
});

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
