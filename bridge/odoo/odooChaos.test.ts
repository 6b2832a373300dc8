import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { runChaos } from "../test/odooStandIn/runChaos.ts";
import { seedOdooCatalog } from "../test/odooStandIn/seedDecidedMessages.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createOdooClient } from "./createOdooClient.ts";

// The full run (200 drafts, 10 kills, a one-minute outage) is `npm run chaos:odoo` (and `-- --plain`).
for (const addonMethods of [true, false]) {
  const how = addonMethods ? "one call per draft" : "plain calls (older addon)";
  describe(`odoo_write_draft under kills and an outage (stand-in, ${how})`, () => {
    let db: TestDatabase;
    let standIn: OdooStandIn;
    beforeAll(async () => {
      db = await createTestDatabase();
      standIn = await createOdooStandIn({ addonMethods });
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

    it("40 drafts with the worker SIGKILLed 3 times and Odoo unreachable for 1.5 s: 40 drafts, 40 logs, files and notes once", async () => {
      const conn = {
        url: standIn.url,
        db: standIn.db,
        user: standIn.user.login,
        apiKey: standIn.user.apiKey,
      };
      const report = await runChaos({
        handle: db,
        standIn,
        conn,
        count: 40,
        kills: 3,
        outageMs: 1500,
        timeoutMs: 80_000, // 28-36 s measured alone on the loaded 2-core machine; the full suite runs beside it
      });
      // kills at random points over the run; one can fall after the last draft was written
      expect(report.kills).toBeGreaterThanOrEqual(2);
      expect(report).toMatchObject({
        drafts: 40,
        createdInBridge: 40,
        orders: 40,
        logs: 40,
        ordersWithWrongFilesOrNotes: 0,
      });
    }, 90_000);
  });
}
