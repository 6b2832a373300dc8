import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { writeFailedLog } from "../../odoo/writeSaleDraft.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";

/**
 * Job `odoo_log_failed`: a message that failed for good before any decision (a parser or budget error,
 * a reading interrupted twice) gets its failed intake log entry in Odoo with the reason, so no email
 * is silently lost (P14). Idempotent: writeFailedLog looks for the entry first.
 */
export function createOdooLogFailedTask(deps: { handle: DatabaseHandle; odoo: () => Promise<OdooClient> }) {
  const { handle } = deps;
  return defineTask("odoo_log_failed", async ({ messageId }, ctx) => {
    const [row] = await handle.sql<
      {
        message_id: string;
        from_address: string | null;
        subject: string | null;
        received_at: Date | string | null;
        error: string | null;
        reasons: Array<{ code: string; severity: "hard"; message: string }> | null;
      }[]
    >`
      select coalesce(m.reused_message_id, m.message_id) as message_id, m.from_address, m.subject,
             m.received_at, m.error, d.reasons
      from order_intake.messages m left join order_intake.decisions d on d.message_id = m.id
      where m.id = ${messageId} and m.status = 'failed'`;
    if (!row) throw new PermanentJobError("message.missing", `no failed message ${messageId}`);
    const reason = row.error ?? "the message could not be read";
    try {
      const id = await writeFailedLog(await deps.odoo(), {
        key: `message:${messageId}`,
        messageId: row.message_id,
        confidence: 0,
        expect: "review",
        reasons: row.reasons ?? [{ code: "message.failed", severity: "hard", message: reason }],
        sender: row.from_address,
        subject: row.subject,
        receivedAt: row.received_at ? new Date(row.received_at) : null,
        files: [],
        error: reason,
      });
      ctx.log.info({ message: messageId, log: id }, "failed message logged in Odoo");
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) throw new PermanentJobError(err.code, err.message);
      throw err;
    }
  });
}
