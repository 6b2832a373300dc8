import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskContext } from "../../jobs/defineTask.ts";
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

    it("reads an email that became no draft again, with the customer a person picked, once", async () => {
      const messageId = `<retry-${randomUUID()}@intake-test.example>`;
      const result = sampleResult("PO-RETRY-1", { customer_ref: null, expect: "reject" });
      const [id] = await seedDecidedMessages(db, tempDir(), [{ messageId, result }]);
      await db.sql`update order_intake.messages set odoo_log_id = 4242, odoo_log_status = 'to_review' where id = ${id!}`;
      const partnerId = await client.create("res.partner", { name: "Picked GmbH", is_company: true });

      // nothing to do for an unknown entry
      const { logger, lines } = memoryLogger("debug");
      await intakeRetryRequested(
        { handle: db, log: logger },
        retry({ log_id: 999_999, message_id: "<x@y>" }),
      );
      expect(lines.join("")).toContain("nothing to run");

      const hctx = { handle: db, log: logger, odoo: async () => client };
      await intakeRetryRequested(hctx, retry({ log_id: 4242, message_id: messageId, partner_id: partnerId }));
      const [m] = await db.sql`
        select status, reread_requested_at is not null as reread, forced_customer_ref
        from order_intake.messages where id = ${id!}`;
      // the partner has no reference: it is named by its Odoo id
      expect(m).toMatchObject({ status: "received", reread: true, forced_customer_ref: `odoo:${partnerId}` });
      expect(await db.sql`select 1 from order_intake.decisions where message_id = ${id!}`).toHaveLength(0);
      expect((await queued("message_process")).map((j) => j.payload)).toContainEqual({ messageId: id });
      expect((await queued("odoo_intake_log")).map((j) => j.payload)).toContainEqual({ messageId: id });
      // a second click (or a replayed delivery) while it is read again queues nothing more
      await intakeRetryRequested(hctx, retry({ log_id: 4242, message_id: messageId }));
      expect((await queued("message_process")).filter((j) => j.payload.messageId === id)).toHaveLength(1);
    });

    it("writes the failed drafts again when the email's source is no longer kept", async () => {
      const messageId = `<retry-${randomUUID()}@intake-test.example>`;
      const [id] = await seedDecidedMessages(db, tempDir(), [
        { messageId, result: sampleResult("PO-RETRY-3") },
      ]);
      await db.sql`update order_intake.messages set source_path = null where id = ${id!}`;
      await db.sql`
        insert into order_intake.drafts (message_id, order_index, state, error, odoo_log_id)
        values (${id!}, 0, 'failed', 'odoo.access: denied', 77)`;
      await intakeRetryRequested(
        { handle: db, log: memoryLogger("silent").logger },
        retry({ log_id: 77, message_id: messageId }),
      );
      expect((await queued("odoo_write_draft")).map((j) => j.payload)).toContainEqual({
        messageId: id,
        orderIndex: 0,
      });
      await createOdooWriteDraftTask({ handle: db, odoo: async () => client }).handler(
        { messageId: id!, orderIndex: 0 },
        ctx(),
      );
      const [draft] = await db.sql`select state from order_intake.drafts where message_id = ${id!}`;
      expect(draft).toMatchObject({ state: "created" });
    });

    it("sends an email that has its draft to odoo_complete_draft, once, and reads nothing anew", async () => {
      const messageId = `<retry-${randomUUID()}@intake-test.example>`;
      const [id] = await seedDecidedMessages(db, tempDir(), [
        { messageId, result: sampleResult("PO-RETRY-4") },
      ]);
      await db.sql`
        insert into order_intake.drafts (message_id, order_index, state, odoo_model, odoo_id, odoo_log_id, missing_products)
        values (${id!}, 0, 'created', 'sale.order', 4711, 88, 1)`;
      const [before] = await db.sql`select status from order_intake.messages where id = ${id!}`;
      for (let i = 0; i < 2; i++) {
        await intakeRetryRequested(
          { handle: db, log: memoryLogger("silent").logger },
          retry({ log_id: 88, message_id: messageId }),
        );
      }
      const jobs = (await queued("odoo_complete_draft")).filter((j) => j.payload.messageId === id);
      expect(jobs.map((j) => j.payload)).toEqual([{ messageId: id, orderIndex: 0 }]);
      // the decision, the reading and the draft are kept; the email is not read as a new one
      const [m] = await db.sql`select status from order_intake.messages where id = ${id!}`;
      expect(m).toEqual(before);
      expect((await queued("message_process")).map((j) => j.payload)).not.toContainEqual({ messageId: id });
      const [d] =
        await db.sql`select count(*)::int as n from order_intake.decisions where message_id = ${id!}`;
      expect(d!.n).toBe(1);
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
