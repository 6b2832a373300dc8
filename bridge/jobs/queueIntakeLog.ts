import type { Sql, TransactionSql } from "postgres";
import { enqueueJob } from "./enqueueJob.ts";

/**
 * Queues the write of a message's intake log entry in Odoo (job `odoo_intake_log`). The job reads the
 * message's state when it runs, so one pending job per message is enough: its key replaces a pending
 * one, and a state change while it runs queues the next.
 */
export async function queueIntakeLog(sql: Sql | TransactionSql, messageRowId: number): Promise<void> {
  await enqueueJob(
    sql,
    "odoo_intake_log",
    { messageId: messageRowId },
    { jobKey: `odoo_intake_log:${messageRowId}`, maxAttempts: 25 },
  );
}
