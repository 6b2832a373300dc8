import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { withAdvisoryLock } from "../../db/withAdvisoryLock.ts";
import type { Reason } from "../../extract/types.ts";
import { formatOdooDatetime } from "../../odoo/formatOdooDatetime.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { readSourceFiles } from "../../odoo/readSourceFiles.ts";
import { bridgeContext } from "../../odoo/writeSaleDraft.ts";
import { defineTask, type TaskContext } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { readMessageSource } from "../readMessageSource.ts";
import { releaseSource } from "../releaseSource.ts";

/** First key of the advisory lock held while a message's intake log entry is written (second: its id). */
export const INTAKE_LOG_LOCK_NAMESPACE = 0x4f49_0012;

interface Row {
  id: number;
  message_id: string;
  status: string;
  error: string | null;
  from_address: string | null;
  subject: string | null;
  received_at: Date | null;
  odoo_log_id: number | null;
  odoo_log_status: string | null;
  mailbox_odoo_id: number | null;
  mailbox_module: string;
  upload_log_id: number | null;
  action: string | null;
  confidence: number | null;
  reasons: Reason[] | null;
  module: string | null;
  customer_ref: string | null;
  first_message: number | null;
  resend: boolean;
  drafts: number;
}

/** What the entry of a message says, from the bridge's state; null: a writer job owns its outcome. */
export function logStateOf(row: Pick<Row, "status" | "error" | "action" | "reasons" | "drafts" | "resend">): {
  status: "pending" | "to_review" | "failed" | "ignored" | "duplicate";
  error?: string;
} | null {
  switch (row.status) {
    case "received":
    case "processing":
      return { status: "pending" };
    case "failed":
      return { status: "failed", error: row.error ?? "processing failed" };
  }
  // a draft (or the module's document) is written by its job, which completes the entry
  if (row.drafts > 0) return null;
  // a resend of an order already received is not drafted again
  if (row.status === "duplicate" || row.resend) return { status: "duplicate" };
  // not an order (newsletter, auto-reply): nothing for a person; a rejected order is
  if (row.action === "ignore" || (row.status === "ignored" && row.action === null)) {
    return { status: "ignored" };
  }
  const doubts = (row.reasons ?? []).filter((r) => r.severity !== "info").map((r) => r.message);
  return {
    status: "to_review",
    error: `No draft was made${doubts.length > 0 ? `: ${doubts.join("; ")}` : ""}`.slice(0, 2000),
  };
}

/**
 * Job `odoo_intake_log`: the one intake log entry in Odoo of a message, from the moment it is fetched:
 * created (status Processing, its mailbox, its source files attached) and then written with the
 * message's state whenever that changes (failed, ignored, duplicate linked to the first message's
 * entry, to review when no draft came of it, with the reasons in words). The jobs that write a draft
 * or a module's document complete the same entry (the addon merges an entry created for a Message-ID
 * into its pending one). Idempotent: the entry is found again by its id or its Message-ID.
 */
export function createOdooIntakeLogTask(deps: { handle: DatabaseHandle; odoo: () => Promise<OdooClient> }) {
  const { handle } = deps;
  // One writer of a message's entry at a time, across processes: a job queued while another ran (its
  // key cannot replace a running job) would otherwise also find no entry and create a second one.
  const task = defineTask("odoo_intake_log", async ({ messageId }, ctx) =>
    withAdvisoryLock(handle.sql, { namespace: INTAKE_LOG_LOCK_NAMESPACE, key: messageId }, () =>
      writeEntry(messageId, ctx),
    ),
  );
  const writeEntry = async (messageId: number, ctx: TaskContext) => {
    const [row] = await handle.sql<Row[]>`
      select m.id::int as id, m.message_id, m.status, m.error, m.from_address, m.subject, m.received_at,
             m.odoo_log_id, m.odoo_log_status, b.odoo_id as mailbox_odoo_id, b.module as mailbox_module,
             u.odoo_log_id as upload_log_id, d.action, d.confidence, d.reasons, d.module, d.customer_ref,
             d.duplicate_of_message_id::int as first_message,
             (d.duplicate_of_message_id is not null
              or exists (select 1 from jsonb_array_elements(d.reasons) r where r ->> 'code' like 'duplicate.%'))
               as resend,
             (select count(*)::int from order_intake.drafts x where x.message_id = m.id) as drafts
      from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
      left join order_intake.decisions d on d.message_id = m.id
      left join order_intake.uploads u on u.message_id = m.id
      where m.id = ${messageId}`;
    if (!row) throw new PermanentJobError("message.missing", `no message ${messageId}`);
    const state = logStateOf(row);
    const client = await deps.odoo();
    const module = row.module ?? row.mailbox_module;
    const base: Record<string, unknown> = {
      sender: row.from_address || false,
      subject: row.subject || false,
      received_at: row.received_at ? formatOdooDatetime(new Date(row.received_at)) : false,
      module,
      message_id: row.message_id,
      ...(row.mailbox_odoo_id ? { mailbox_id: row.mailbox_odoo_id } : {}),
    };
    const decided: Record<string, unknown> = row.action
      ? { confidence: row.confidence ?? 0, reasons: JSON.stringify(row.reasons ?? []) }
      : {};

    // a resend links the first message's entry (waiting while its draft is being written)
    let duplicateOf: number | false = false;
    if (state?.status === "duplicate" && row.first_message !== null) {
      const [first] = await handle.sql<{ log: number | null; writing: boolean }[]>`
        select coalesce(m.odoo_log_id, (select x.odoo_log_id from order_intake.drafts x
                                         where x.message_id = m.id order by x.order_index limit 1)) as log,
               exists (select 1 from order_intake.drafts x where x.message_id = m.id and x.state = 'pending')
                 as writing
        from order_intake.messages m where m.id = ${row.first_message}`;
      if (first?.writing && ctx.attempt < 8) {
        throw new Error(`the first message ${row.first_message} is still being written`);
      }
      duplicateOf = first?.log ?? false;
    }
    if (duplicateOf) base.duplicate_of_id = duplicateOf;

    let logId = row.odoo_log_id ?? row.upload_log_id;
    if (logId === null && (ctx.attempt > 1 || !["received", "processing"].includes(row.status))) {
      // a run killed after Odoo committed, or a writer that got there first: its entry, not a second
      [logId = null] = await client.search("order.intake.log", [["message_id", "=", row.message_id]], {
        limit: 1,
        order: "id",
      });
    }
    try {
      if (logId === null) {
        const raw = await readMessageSource(handle.sql, row.id);
        const files = await readSourceFiles(raw, row.subject ?? `message-${row.id}`);
        // the entry and its source files in one call (the log's attachment_ids: one2many on ir.attachment)
        logId = await client.create(
          "order.intake.log",
          {
            ...base,
            ...decided,
            status: state?.status ?? "pending",
            ...(state?.error ? { error: state.error } : {}),
            attachment_count: Math.max(0, files.length - 1),
            attachment_ids: files.map((f) => [
              0,
              0,
              { name: f.name, res_model: "order.intake.log", datas: f.content.toString("base64") },
            ]),
          },
          bridgeContext,
        );
        await handle.sql`
          update order_intake.messages set odoo_log_id = ${logId}, odoo_log_status = ${state?.status ?? "pending"}
          where id = ${row.id}`;
      } else if (state && state.status !== row.odoo_log_status) {
        // an entry a writer completed (done, to review) is never set back
        const [current] = await client.read<{ status: string; res_id: number }>(
          "order.intake.log",
          [logId],
          ["status", "res_id"],
        );
        if (current && !current.res_id) {
          await client.write(
            "order.intake.log",
            [logId],
            {
              ...base,
              ...decided,
              status: state.status,
              error: state.error ?? false,
            },
            bridgeContext,
          );
        }
        await handle.sql`
          update order_intake.messages set odoo_log_id = ${logId}, odoo_log_status = ${state.status}
          where id = ${row.id}`;
      } else if (row.odoo_log_id === null) {
        await handle.sql`update order_intake.messages set odoo_log_id = ${logId} where id = ${row.id}`;
      }
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) throw new PermanentJobError(err.code, err.message);
      throw err;
    }
    await releaseSource(handle.sql, row.id, { odooConfigured: true });
    ctx.log.info(
      { message: row.id, log: logId, status: state?.status ?? "writer" },
      "intake log entry written",
    );
  };
  return task;
}
