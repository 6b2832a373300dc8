import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { writeDuplicateLog } from "../../odoo/writeDuplicateLog.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";

/**
 * Job `odoo_log_duplicate`: a resend gets its intake log entry in Odoo (status duplicate) linked to
 * the entry of the first message. While the first message's draft is still being written, the job
 * waits for it (retried); a first message that never got a log entry leaves the link empty.
 */
export function createOdooLogDuplicateTask(deps: {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
}) {
  const { handle } = deps;
  return defineTask("odoo_log_duplicate", async ({ messageId }, ctx) => {
    const [row] = await handle.sql<
      {
        message_id: string;
        from_address: string | null;
        subject: string | null;
        received_at: Date | string | null;
        confidence: number;
        reasons: unknown[];
        first: number | null;
      }[]
    >`
      select m.message_id, m.from_address, m.subject, m.received_at, d.confidence, d.reasons,
             d.duplicate_of_message_id::int as first
      from order_intake.messages m join order_intake.decisions d on d.message_id = m.id
      where m.id = ${messageId}`;
    if (!row) throw new PermanentJobError("message.missing", `no decided message ${messageId}`);
    let firstLog: number | null = null;
    if (row.first !== null) {
      const [draft] = await handle.sql<{ state: string; odoo_log_id: number | null }[]>`
        select state, odoo_log_id from order_intake.drafts where message_id = ${row.first} order by order_index limit 1`;
      if (draft && draft.odoo_log_id === null && draft.state === "pending") {
        throw new Error(`the first message ${row.first} is still being written to Odoo; retried later`);
      }
      firstLog = draft?.odoo_log_id ?? null;
    }
    try {
      const id = await writeDuplicateLog(await deps.odoo(), {
        messageId: row.message_id,
        sender: row.from_address,
        subject: row.subject,
        receivedAt: row.received_at ? new Date(row.received_at) : null,
        confidence: row.confidence,
        reasons: row.reasons,
        duplicateOfLogId: firstLog,
      });
      ctx.log.info({ message: messageId, log: id, duplicateOf: firstLog }, "duplicate logged in Odoo");
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) throw new PermanentJobError(err.code, err.message);
      throw err;
    }
  });
}
