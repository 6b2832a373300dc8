import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskContext } from "../../jobs/defineTask.ts";
import { PermanentJobError } from "../../jobs/jobErrors.ts";
import { createOdooWriteDraftTask } from "../../jobs/tasks/odooWriteDraft.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../../test/odooStandIn/seedDecidedMessages.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import type { OdooDelivery } from "../odooDelivery.ts";
import { intakeRetryRequested } from "./intakeRetryRequested.ts";

const ctx = (): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt: 1,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});
const retry = (data: Record<string, unknown>): OdooDelivery => ({
  event: "intake.retry_requested",
  delivery: randomUUID(),
  sent_at: new Date().toISOString(),
  database: "standin",
  company_id: 1,
  data,
});

for (const addonMethods of [true, false]) {
  describe(`intake.retry_requested (${addonMethods ? "one call" : "plain calls"})`, () => {
    let db: TestDatabase;
    let standIn: OdooStandIn;
    let client: OdooClient;
    beforeAll(async () => {
      db = await createTestDatabase();
      standIn = await createOdooStandIn({ addonMethods });
      client = await createOdooClient(
        { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
        { attempts: 2, backoffMs: 10 },
      );
      await seedOdooCatalog(client);
    });
    const tempDirs: string[] = [];
    const tempDir = () => {
      const d = mkdtempSync(path.join(tmpdir(), "oi-retry-"));
      tempDirs.push(d);
      return d;
    };
    afterAll(async () => {
      client?.close();
      await standIn?.close();
      await db?.drop();
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
    const queued = async (task: string) =>
      db.sql<{ payload: Record<string, number> }[]>`
        select j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = ${task}`;

    it("re-runs a draft that failed once the product exists, completing its failed log entry", async () => {
      const messageId = `<retry-${randomUUID()}@intake-test.example>`;
      const result = sampleResult("PO-RETRY-1");
      result.orders[0]!.lines[1]!.default_code = "OI-NEW";
      const [id] = await seedDecidedMessages(db, tempDir(), [{ messageId, result }]);
      const task = createOdooWriteDraftTask({ handle: db, odoo: async () => client });
      const err = await task.handler({ messageId: id!, orderIndex: 0 }, ctx()).catch((e) => e);
      expect(err).toBeInstanceOf(PermanentJobError);
      const [failed] = standIn.records("order.intake.log").filter((l) => l.message_id === messageId);
      expect(failed).toMatchObject({ status: "failed" });

      // nothing to do for an unknown entry; then the product is created in Odoo and "Retry" is clicked
      const { logger, lines } = memoryLogger("debug");
      await intakeRetryRequested(
        { handle: db, log: logger },
        retry({ log_id: 999_999, message_id: "<x@y>" }),
      );
      expect(lines.join("")).toContain("nothing to run");
      await client.create("product.product", { name: "New product", default_code: "OI-NEW", list_price: 5 });
      await intakeRetryRequested(
        { handle: db, log: logger },
        retry({ log_id: failed!.id, message_id: messageId }),
      );
      expect((await db.sql`select state from order_intake.drafts where message_id = ${id!}`)[0]!.state).toBe(
        "pending",
      );
      expect((await queued("odoo_write_draft")).map((j) => j.payload)).toContainEqual({
        messageId: id,
        orderIndex: 0,
      });
      // a second click (or a replayed delivery) queues nothing more
      await intakeRetryRequested(
        { handle: db, log: logger },
        retry({ log_id: failed!.id, message_id: messageId }),
      );
      expect(await queued("odoo_write_draft")).toHaveLength(1);

      await task.handler({ messageId: id!, orderIndex: 0 }, ctx());
      const orders = standIn.records("sale.order").filter((o) => o.order_intake_message_id === messageId);
      expect(orders).toHaveLength(1);
      const logs = standIn.records("order.intake.log").filter((l) => l.message_id === messageId);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({
        id: failed!.id,
        status: "to_review",
        res_model: "sale.order",
        res_id: orders[0]!.id,
        error: false,
      });
      expect(orders[0]!.order_intake_log_id).toBe(failed!.id);
      const [draft] =
        await db.sql`select state, odoo_log_id from order_intake.drafts where message_id = ${id!}`;
      expect(draft).toMatchObject({ state: "created", odoo_log_id: failed!.id });
    });

    it("re-processes an email whose processing failed", async () => {
      const messageId = `<retry-${randomUUID()}@intake-test.example>`;
      const [id] = await seedDecidedMessages(db, tempDir(), [
        { messageId, result: sampleResult("PO-RETRY-2") },
      ]);
      await db.sql`update order_intake.messages set status = 'failed', error = 'boom' where id = ${id!}`;
      await intakeRetryRequested(
        { handle: db, log: memoryLogger("silent").logger },
        retry({ log_id: 123, message_id: messageId }),
      );
      const [m] = await db.sql`select status, error from order_intake.messages where id = ${id!}`;
      expect(m).toMatchObject({ status: "received", error: null });
      expect((await queued("message_process")).map((j) => j.payload)).toContainEqual({ messageId: id });
    });
  });
}
