import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { sampleResult, seedDecidedMessages } from "../../test/odooStandIn/seedDecidedMessages.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import type { TaskContext } from "../defineTask.ts";
import { createOdooIntakeLogTask } from "./odooIntakeLog.ts";

const ctx = (attempt: number): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: String(attempt),
  attempt,
  maxAttempts: 25,
  abortSignal: new AbortController().signal,
});

/**
 * Two `odoo_intake_log` jobs of one message at once (one queued while the other ran: a job key cannot
 * replace a running job, so both run). Seen on a real Odoo 18: two entries for one email, one of them
 * Processing forever. The Odoo calls are slowed so that both jobs look for the entry before either
 * creates it; still, the email has exactly one entry.
 */
describe("odoo_intake_log: two jobs of one message at once", () => {
  let db: TestDatabase;
  let standIn: OdooStandIn;
  let client: OdooClient;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    standIn = await createOdooStandIn();
    client = await createOdooClient(
      { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
      { attempts: 2, backoffMs: 10 },
    );
    dir = mkdtempSync(path.join(tmpdir(), "oi-log-race-"));
  });
  afterAll(async () => {
    client?.close();
    await standIn?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes one entry, whichever job gets there first", async () => {
    const messageId = `<race-${randomUUID()}@intake-test.example>`;
    const [id] = await seedDecidedMessages(db, dir, [
      { messageId, result: sampleResult("PO-RACE-1", { customer_ref: null }) },
    ]);
    // every Odoo call takes a while, as on a busy server
    const slow = new Proxy(client, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 150));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const task = createOdooIntakeLogTask({ handle: db, odoo: async () => slow });
    await Promise.all([task.handler({ messageId: id! }, ctx(1)), task.handler({ messageId: id! }, ctx(2))]);
    const entries = await client.searchRead<{ id: number; status: string }>(
      "order.intake.log",
      [["message_id", "=", messageId]],
      ["status"],
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]!.status).toBe("to_review");
    const [m] = await db.sql<{ odoo_log_id: number }[]>`
      select odoo_log_id from order_intake.messages where id = ${id!}`;
    expect(m!.odoo_log_id).toBe(entries[0]!.id);
  }, 60_000);
});
