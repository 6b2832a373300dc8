import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { runChaos } from "../test/odooStandIn/runChaos.ts";
import { seedOdooCatalog } from "../test/odooStandIn/seedDecidedMessages.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createOdooClient } from "./createOdooClient.ts";

describe("odoo_write_draft under kills and an outage (stand-in)", () => {
  let db: TestDatabase;
  let standIn: OdooStandIn;
  beforeAll(async () => {
    db = await createTestDatabase();
    standIn = await createOdooStandIn();
    const client = await createOdooClient({
      url: standIn.url,
      db: standIn.db,
      user: standIn.user.login,
      apiKey: standIn.user.apiKey,
    });
    await seedOdooCatalog(client);
    client.close();
  });
  afterAll(async () => {
    await standIn?.close();
    await db?.drop();
  });

  it("60 drafts with the worker SIGKILLed 4 times and Odoo unreachable for 1.5 s: 60 drafts, 60 logs", async () => {
    const conn = { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey };
    const report = await runChaos({
      handle: db,
      standIn,
      conn,
      count: 60,
      kills: 4,
      outageMs: 1500,
      timeoutMs: 40_000,
    });
    expect(report).toMatchObject({ drafts: 60, kills: 4, createdInBridge: 60, orders: 60, logs: 60 });
    const notes = standIn.records("mail.message").filter((m) => m.model === "sale.order");
    expect(new Set(notes.map((n) => n.res_id)).size).toBe(notes.length);
  }, 45_000);
});
