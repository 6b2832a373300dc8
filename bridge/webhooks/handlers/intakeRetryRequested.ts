import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { queueIntakeLog } from "../../jobs/queueIntakeLog.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : null);
const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);

/** How a customer picked in Odoo is named to the pipeline: its reference, else its Odoo id. */
export const partnerRefOf = (ref: string | null | undefined, odooId: number) =>
  ref?.trim() ? ref.trim() : `odoo:${odooId}`;

/**
 * `intake.retry_requested` (Retry, or Make Draft with a chosen customer, on an intake log entry in
 * Odoo): an email that became no draft is READ AGAIN against the current catalog (message_process
 * syncs the catalog first), so a product or customer created in Odoo meanwhile is found; with
 * `partner_id` the customer a person picked is used. In one transaction with the state it resets:
 * the earlier decision, reading and failed drafts are dropped, the message is received again, its
 * entry in Odoo says Processing. An email whose source bytes are no longer kept has only its failed
 * drafts written again. An email that has its draft is read again by `odoo_complete_draft`, which
 * completes the draft's lines of products Odoo did not have (a product created meanwhile) and says in
 * the order's chatter what it did; one job per draft (job key), so a double click or a replayed
 * delivery does the work once. An email the bridge does not know is left alone.
 */
export const intakeRetryRequested: OdooEventHandler = async ({ handle, log, odoo }, delivery) => {
  const logId = int(delivery.data.log_id);
  const messageId = str(delivery.data.message_id);
  const partnerId = int(delivery.data.partner_id);
  if (logId === null && messageId === null) {
    log.warn("intake.retry_requested without log_id or message_id; ignored");
    return;
  }
  let customerRef: string | null = null;
  if (partnerId !== null) {
    const [cached] = await handle.sql<{ ref: string | null }[]>`
      select ref from order_intake.catalog_partners where odoo_id = ${partnerId} limit 1`;
    let ref = cached?.ref;
    if (cached === undefined && odoo) {
      const [partner] = await (await odoo()).read<{ ref: string | false }>(
        "res.partner",
        [partnerId],
        ["ref"],
      );
      ref = partner?.ref || null;
    }
    customerRef = partnerRefOf(ref, partnerId);
  }
  const outcome = await handle.sql.begin(async (tx) => {
    const candidates = await tx<{ id: number; kept: boolean; drafted: boolean; status: string }[]>`
      select m.id::int as id, m.status,
             (exists (select 1 from order_intake.message_spool s where s.message_id = m.id)
              or m.source_path is not null) as kept,
             exists (select 1 from order_intake.drafts d where d.message_id = m.id
                     and d.state not in ('failed', 'pending')) as drafted
      from order_intake.messages m
      where ((${messageId}::text is not null and m.message_id = ${messageId})
             or (${logId}::int is not null and m.odoo_log_id = ${logId}))
        and m.status not in ('received', 'processing')
      for update of m`;
    const reread = candidates.filter((m) => m.kept && !m.drafted);
    for (const m of reread) {
      await tx`delete from order_intake.drafts where message_id = ${m.id} and state in ('failed', 'pending')`;
      await tx`delete from order_intake.decisions where message_id = ${m.id}`;
      await tx`delete from order_intake.extractions where message_id = ${m.id}`;
      await tx`
        update order_intake.messages set status = 'received', error = null, updated_at = now(),
          reread_requested_at = now(), forced_customer_ref = coalesce(${customerRef}, forced_customer_ref)
        where id = ${m.id}`;
      await queueIntakeLog(tx, m.id);
      await enqueueJob(tx, "message_process", { messageId: m.id }, { jobKey: `message:${m.id}` });
    }
    // an email with its draft: the draft's note lines of unknown products are completed, in place
    const drafted = candidates.filter((m) => m.drafted).map((m) => m.id);
    const written =
      drafted.length === 0
        ? []
        : await tx<{ messageId: number; orderIndex: number }[]>`
            select d.message_id::int as "messageId", d.order_index as "orderIndex"
            from order_intake.drafts d
            where d.message_id in ${tx(drafted)} and d.state = 'created' and d.odoo_model = 'sale.order'`;
    for (const d of written) {
      await enqueueJob(tx, "odoo_complete_draft", d, {
        jobKey: `odoo_complete_draft:${d.messageId}:${d.orderIndex}`,
      });
    }
    if (reread.length > 0 || written.length > 0) {
      return {
        step: reread.length > 0 ? "message_process" : "odoo_complete_draft",
        count: reread.length + written.length,
      };
    }
    // the source is gone: the failed drafts are written again from the stored reading
    const drafts = await tx<{ messageId: number; orderIndex: number }[]>`
      update order_intake.drafts d set state = 'pending', error = null, updated_at = now()
      from order_intake.messages m
      where m.id = d.message_id and d.state = 'failed'
        and (${messageId}::text is null or m.message_id = ${messageId})
        and (${logId}::int is null or d.odoo_log_id = ${logId} or d.odoo_log_id is null)
      returning d.message_id::int as "messageId", d.order_index as "orderIndex"`;
    for (const d of drafts) await enqueueJob(tx, "odoo_write_draft", d);
    return { step: drafts.length > 0 ? "odoo_write_draft" : null, count: drafts.length };
  });
  if (outcome.step === null) {
    log.warn({ logId }, "retry requested for an entry with nothing to run again in the bridge");
  } else {
    log.info({ logId, step: outcome.step, jobs: outcome.count, customerRef }, "email queued again");
  }
};
