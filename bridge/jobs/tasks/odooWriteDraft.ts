import type { TransactionSql } from "postgres";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult, Reason } from "../../extract/types.ts";
import { createOdooLookups, type OdooLookups } from "../../odoo/createOdooLookups.ts";
import { draftKey } from "../../odoo/draftKey.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { readSourceFiles } from "../../odoo/readSourceFiles.ts";
import {
  DraftRejectedError,
  reviewStateFor,
  type SaleDraftInput,
  writeFailedLog,
  writeSaleDraft,
} from "../../odoo/writeSaleDraft.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { readMessageSource } from "../readMessageSource.ts";
import { releaseSource } from "../releaseSource.ts";

interface Row {
  id: number;
  message_id: string;
  source_path: string | null;
  from_address: string | null;
  subject: string | null;
  received_at: Date | null;
  action: string;
  confidence: number;
  reasons: Reason[];
  customer_ref: string | null;
  result: ExtractionResult | null;
  uploaded_by: number | null;
  auto_threshold: string | null;
  odoo_log_id: number | null;
  mailbox_odoo_id: number | null;
}

/**
 * Job `odoo_write_draft`: one order of one decided message becomes a draft sale.order in Odoo.
 * Progress is kept in `drafts` (pending -> created | failed); Odoo itself is searched by the draft key
 * first, so a run killed after Odoo committed links the draft it made instead of making another.
 */
export function createOdooWriteDraftTask(deps: {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
  /** Runs in the transaction that records the written draft (Slack: enqueue the approval request). */
  onDraftWritten?: (tx: TransactionSql, draftId: number) => Promise<void>;
}) {
  const { handle } = deps;
  // Customer, product, UoM and pricelist ids found in Odoo, kept a minute, per client.
  const lookups = new WeakMap<OdooClient, OdooLookups>();
  const lookupsFor = (client: OdooClient) => {
    let l = lookups.get(client);
    if (!l) {
      l = createOdooLookups(client, { ttlMs: 60_000 });
      lookups.set(client, l);
    }
    return l;
  };
  return defineTask("odoo_write_draft", async ({ messageId, orderIndex }, ctx) => {
    // One statement (one round trip): the decided message, and its draft row found or made.
    const [row] = await handle.sql<
      (Row & { draft_id: number; draft_state: string; draft_odoo_log_id: number | null })[]
    >`
      with src as (
        select m.id::int as id, m.message_id, m.source_path, m.from_address, m.subject, m.received_at,
               m.odoo_log_id,
               (select b.odoo_id from order_intake.mailboxes b where b.id = m.mailbox_id) as mailbox_odoo_id,
               d.action, d.confidence, d.reasons, d.customer_ref,
               (select u.uploaded_by from order_intake.uploads u where u.message_id = m.id limit 1) as uploaded_by,
               (select s.values -> 'thresholds' ->> 'auto' from order_intake.settings s
                order by s.updated_at desc limit 1) as auto_threshold,
               (select e.result from order_intake.extractions e where e.message_id = m.id
                order by (e.extractor = 'merged') desc, e.id desc limit 1) as result
        from order_intake.messages m join order_intake.decisions d on d.message_id = m.id
        where m.id = ${messageId}),
      draft as (
        insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model)
        select id, ${orderIndex}, customer_ref,
               (result -> 'orders') -> (${orderIndex}::int) ->> 'customer_reference', 'sale.order'
        from src
        on conflict (message_id, order_index) do update set updated_at = now()
        returning id::int as draft_id, state as draft_state, odoo_log_id as draft_odoo_log_id)
      select src.*, draft.* from src cross join draft`;
    if (!row) throw new PermanentJobError("draft.no_decision", `message ${messageId} has no decision`);
    const order = row.result?.orders[orderIndex];
    const draft = { id: row.draft_id, state: row.draft_state, odoo_log_id: row.draft_odoo_log_id };
    if (draft!.state !== "pending" && draft!.state !== "failed") return;

    const key = draftKey(row.message_id, orderIndex);
    const fail = async (
      code: string,
      reason: string,
      client?: OdooClient,
      base?: Omit<SaleDraftInput, "order" | "customerRef">,
    ) => {
      let logId: number | null = null;
      if (client && base) logId = await writeFailedLog(client, { ...base, error: `${code}: ${reason}` });
      await handle.sql.begin(async (tx) => {
        await tx`
          update order_intake.drafts set state = 'failed', error = ${`${code}: ${reason}`}, odoo_log_id = ${logId},
            updated_at = now() where id = ${draft!.id}`;
        // the email's entry (merged into by the failed one) now says failed
        if (logId !== null) {
          await tx`
            update order_intake.messages set odoo_log_id = coalesce(odoo_log_id, ${logId}), odoo_log_status = 'failed'
            where id = ${row.id}`;
        }
      });
      throw new PermanentJobError(code, reason);
    };
    if (!order) return fail("draft.no_order", `the extraction has no order ${orderIndex}`);
    if (row.action === "ignore") return fail("draft.not_drafted", `the decision is ${row.action}`);
    // The email's entry is made when it is fetched (odoo_intake_log): the draft completes that entry,
    // so it waits for it rather than racing it into a second one (a few attempts, then it goes on).
    if (row.odoo_log_id === null && row.mailbox_odoo_id !== null && ctx.attempt < 6) {
      throw new Error(`message ${row.id}: its intake log entry is not written yet; retried`);
    }
    const client = await deps.odoo();
    const auto = Number(row.auto_threshold);
    const expect = row.action === "draft" ? "draft" : "review";
    const input: SaleDraftInput = {
      key,
      messageId: row.message_id,
      customerRef: row.customer_ref ?? "",
      order,
      confidence: row.confidence,
      expect,
      reviewState: reviewStateFor({
        expect,
        confidence: row.confidence,
        reasons: row.reasons,
        autoThreshold: row.auto_threshold !== null && Number.isFinite(auto) ? auto / 100 : 0.95,
      }),
      userId: row.uploaded_by,
      orderIndex,
      reasons: row.reasons,
      sender: row.from_address,
      subject: row.subject,
      receivedAt: row.received_at ? new Date(row.received_at) : null,
      files: await readSourceFiles(
        await readMessageSource(handle.sql, row.id),
        row.subject ?? `message-${row.id}`,
      ),
      // a draft that failed before (retried from Odoo's log): its failed entry is completed, not doubled
      ...(draft!.odoo_log_id || row.odoo_log_id
        ? { retryOfLogId: draft!.odoo_log_id ?? row.odoo_log_id! }
        : {}),
    };
    if (!row.customer_ref) return fail("partner.unknown", "the customer is not known", client, input);
    try {
      const result = await writeSaleDraft(client, input, {
        signal: ctx.abortSignal,
        lookups: lookupsFor(client),
      });
      const logStatus = result.reviewState === "automatic" ? "done" : "to_review";
      // the draft and the email's entry (which the draft's log completed) in one statement
      const record = (sql: typeof handle.sql | TransactionSql) => sql`
          with d as (
            update order_intake.drafts set state = 'created', odoo_id = ${result.orderId},
              missing_products = ${result.missingProducts},
              odoo_name = ${result.orderName}, odoo_log_id = ${result.logId}, error = null, updated_at = now()
            where id = ${draft!.id} returning message_id)
          update order_intake.messages set odoo_log_id = coalesce(odoo_log_id, ${result.logId}),
            odoo_log_status = ${logStatus}
          where id = (select message_id from d)`;
      const onWritten = deps.onDraftWritten;
      if (onWritten) {
        await handle.sql.begin(async (tx) => {
          await record(tx);
          await onWritten(tx, draft!.id);
        });
      } else await record(handle.sql); // one statement: no transaction round trips
      await releaseSource(handle.sql, row.id, { odooConfigured: true });
      ctx.log.info(
        {
          message: row.id,
          orderIndex,
          odooId: result.orderId,
          name: result.orderName,
          found: !result.created,
        },
        "draft written to Odoo",
      );
    } catch (err) {
      if (err instanceof DraftRejectedError) return fail(err.code, err.message, client, input);
      if (err instanceof OdooError && !err.retryable) return fail(err.code, err.message, client, input);
      throw err;
    }
  });
}
