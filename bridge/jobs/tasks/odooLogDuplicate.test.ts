import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import type { TaskContext } from "../defineTask.ts";
import { createOdooLogDuplicateTask } from "./odooLogDuplicate.ts";

const ctx = (): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt: 1,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;
beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
});
afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
});

describe("odoo_log_duplicate", () => {
  it("logs a resend in Odoo as a duplicate linked to the first message's entry, once", async () => {
    const firstLog = await client.create("order.intake.log", { message_id: "<first@x>", status: "done" });
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'o@x.example', '/tmp/p3-dup')
      returning id`;
    const ids: number[] = [];
    for (const mid of ["<first@x>", "<resend@x>"]) {
      const [m] = await db.sql<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status, subject, from_address)
        values (${mb!.id}, ${mid}, 'x', 1, 'processed', 'PO 4711', 'buyer@x.example') returning id::int as id`;
      ids.push(m!.id);
    }
    await db.sql`
      insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model, odoo_id, odoo_log_id, state)
      values (${ids[0]!}, 0, 'C-1', '4711', 'sale.order', 5, ${firstLog}, 'created')`;
    await db.sql`
      insert into order_intake.decisions (message_id, action, kind, confidence, reasons, customer_ref, duplicate_of_message_id)
      values (${ids[1]!}, 'review', 'sales_order', 0.97,
              ${JSON.stringify([{ code: "duplicate.resend", severity: "hard", message: "already received" }])}::jsonb,
              'C-1', ${ids[0]!})`;
    const task = createOdooLogDuplicateTask({ handle: db, odoo: async () => client });
    await task.handler({ messageId: ids[1]! }, ctx());
    await task.handler({ messageId: ids[1]! }, ctx());
    const logs = standIn.records("order.intake.log").filter((l) => l.status === "duplicate");
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      message_id: "<resend@x>",
      duplicate_of_id: firstLog,
      subject: "PO 4711",
    });
  });
});
