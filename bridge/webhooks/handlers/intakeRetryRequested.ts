import { enqueueJob } from "../../jobs/enqueueJob.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : null);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/**
 * `intake.retry_requested` ("Retry" on a failed intake log entry in Odoo): runs the step that failed
 * again, in one transaction with the state it resets:
 * - drafts of that entry (or of that email) that failed to be written -> pending, one odoo_write_draft
 *   job each; the job completes the failed entry rather than adding a second one;
 * - else an email whose processing failed -> received, a message_process job.
 * Nothing else is touched: an entry whose step did not fail (or that the bridge does not know) is
 * logged and left alone, so a double click or a replayed delivery does nothing twice.
 */
export const intakeRetryRequested: OdooEventHandler = async ({ handle, log }, delivery) => {
  const logId = int(delivery.data.log_id);
  const messageId = str(delivery.data.message_id);
  if (logId === null && messageId === null) {
    log.warn("intake.retry_requested without log_id or message_id; ignored");
    return;
  }
  const outcome = await handle.sql.begin(async (tx) => {
    const drafts = await tx<{ messageId: number; orderIndex: number }[]>`
      update order_intake.drafts d set state = 'pending', error = null, updated_at = now()
      from order_intake.messages m
      where m.id = d.message_id and d.state = 'failed'
        and (${messageId}::text is null or m.message_id = ${messageId})
        and (${logId}::int is null or d.odoo_log_id = ${logId} or d.odoo_log_id is null)
      returning d.message_id::int as "messageId", d.order_index as "orderIndex"`;
    for (const d of drafts) await enqueueJob(tx, "odoo_write_draft", d);
    if (drafts.length > 0) return { step: "odoo_write_draft", count: drafts.length };
    if (messageId === null) return { step: null, count: 0 };
    const messages = await tx<{ id: number }[]>`
      update order_intake.messages set status = 'received', error = null, updated_at = now()
      where message_id = ${messageId} and status = 'failed'
      returning id::int as id`;
    for (const m of messages) await enqueueJob(tx, "message_process", { messageId: m.id });
    return { step: messages.length > 0 ? "message_process" : null, count: messages.length };
  });
  if (outcome.step === null) {
    log.warn({ logId }, "retry requested for an entry with no failed step in the bridge; nothing to run");
  } else {
    log.info({ logId, step: outcome.step, jobs: outcome.count }, "failed step queued again");
  }
};
