import type { TransactionSql } from "postgres";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import { prepareAcknowledgement } from "../../mail/prepareAcknowledgement.ts";
import { queueAlert, queueEmail } from "../../mail/queueEmail.ts";
import { proposeAmendment } from "../../match/proposeAmendment.ts";
import { moduleFor, moduleModel } from "../../modules/moduleFor.ts";
import type { ExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { wakeMailbox } from "../../sources/imap/startImapWatcher.ts";
import { moveFromInbox } from "../../sources/scanFolder.ts";
import { classifyError } from "../classifyError.ts";
import { defineTask } from "../defineTask.ts";
import { enqueueJob } from "../enqueueJob.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { queueIntakeLog } from "../queueIntakeLog.ts";
import { readMessageSource } from "../readMessageSource.ts";
import { releaseSource } from "../releaseSource.ts";

/** Attempts whose reading never ended (the process died) before the message is failed for good. */
export const MAX_READ_INTERRUPTIONS = 2;

/**
 * Another message of the mailbox, with other bytes, had this Message-ID (bridge/sources/messageKey):
 * read like any other, but flagged, and never drafted at the auto threshold.
 */
export function flagReusedMessageId(result: ExtractionResult, headerMessageId: string): void {
  result.reasons.push({
    code: "message.id_reused",
    severity: "hard",
    message: `Another message with other content already had the Message-ID ${headerMessageId.slice(0, 200)}: this one was kept as a new message; check that it is genuine.`,
  });
  if (result.expect === "draft") result.expect = "review";
}

interface MessageRow {
  id: number;
  reused_message_id: string | null;
  status: string;
  source_path: string | null;
  kind: string;
  processed_folder: string;
  failed_folder: string;
  mailbox_module: string;
  mailbox_id: number;
  acknowledge: boolean;
  address: string;
  mailbox_name: string | null;
  notification_address: string | null;
  reread: boolean;
  forced_customer_ref: string | null;
}

/** The message status a decision leads to. */
export function statusFor(result: ExtractionResult): "processed" | "ignored" | "duplicate" {
  if (result.duplicate_of && result.expect === "ignore") return "duplicate";
  // an order drafted "to review" whatever its confidence (a customer and a line known) is processed
  if (ordersToDraft(result).length > 0) return "processed";
  if (result.expect === "ignore" || result.expect === "reject") return "ignored";
  return "processed";
}

/**
 * A customer a person picked in Odoo for an email whose sender was not known (the intake log's
 * "Make draft"): the reading is kept, the customer is the one chosen, and the draft is to review.
 */
export function withChosenCustomer(result: ExtractionResult, customerRef: string | null): ExtractionResult {
  if (!customerRef || result.customer_ref === customerRef) return result;
  const kind = result.kind === "not_an_order" && result.orders.length > 0 ? "sales_order" : result.kind;
  return {
    ...result,
    kind,
    customer_ref: customerRef,
    expect: result.expect === "ignore" && result.orders.length === 0 ? "ignore" : "review",
    reasons: [
      ...result.reasons.filter((r) => !/^(partner|customer|sender)\./.test(r.code)),
      {
        code: "partner.chosen",
        severity: "warning",
        message: `The customer ${customerRef} was chosen by a person in Odoo.`,
      },
    ],
  };
}
/**
 * The orders of a decision that become drafts in Odoo: a sales order whose customer is known, with at
 * least one line, whatever its confidence (below the review threshold or with a hard warning it is a
 * draft "to review"; lines of unknown products become note lines). Not an ignored message.
 */
export function ordersToDraft(result: ExtractionResult): number[] {
  if (result.expect === "ignore" || !result.customer_ref) return [];
  if (result.kind !== "sales_order") return [];
  // a duplicate or resend never makes a second draft; an amendment is proposed on its order (P3)
  if (result.duplicate_of || result.amends) return [];
  return result.orders.flatMap((o, i) => (o.lines.length > 0 ? [i] : []));
}

export function createMessageProcessTask(deps: {
  handle: DatabaseHandle;
  extractorFor: ExtractorFactory;
  /** Drafts are written only when Odoo is configured. */
  odooConfigured?: boolean;
  /** The language a customer is written to in (the catalog's partner language), for acknowledgements. */
  languageOf?: (customerRef: string) => string | null;
  /** The customer's name (the catalog's), for the one-line summary a person reads (bridge/log). */
  customerNameOf?: (customerRef: string) => string | null;
  /** Retry from Odoo reads the email again against the current catalog: synced from Odoo first. */
  refreshCatalog?: () => Promise<void>;
  /** A reply that changes no order is queued for its order's chatter (bridge/threads, P8). */
  routeReply?: (
    tx: TransactionSql,
    input: { messageRowId: number; raw: Buffer; result: ExtractionResult },
  ) => Promise<string | null>;
}) {
  const { handle } = deps;
  const finish = async (row: MessageRow, status: string) => {
    if (!deps.odooConfigured) await releaseSource(handle.sql, row.id, { odooConfigured: false });
    // An IMAP message is moved by its mailbox's holder (it has the connection): wake it.
    if (row.kind === "imap") return wakeMailbox(handle.sql, row.mailbox_id, "processed");
    if (row.kind !== "folder" || !row.source_path) return;
    const folder = status === "failed" ? row.failed_folder : row.processed_folder;
    await moveFromInbox(row.source_path, folder).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    await handle.sql`update order_intake.messages set moved_at = now() where id = ${row.id}`;
  };

  return defineTask("message_process", async ({ messageId }, ctx) => {
    const [row] = await handle.sql<MessageRow[]>`
      select m.id::int as id, m.status, m.source_path, m.reused_message_id, b.kind, b.processed_folder, b.failed_folder,
             b.module as mailbox_module, b.id as mailbox_id, b.acknowledge, b.address, b.name as mailbox_name,
             b.notification_address, m.reread_requested_at is not null as reread, m.forced_customer_ref
      from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
      where m.id = ${messageId}`;
    if (!row) throw new PermanentJobError("message.missing", `no message row ${messageId}`);
    if (!["received", "processing"].includes(row.status)) {
      await finish(row, row.status);
      return;
    }
    // an attempt that started and never ended (the process died reading it) counts as an interruption
    const [mark] = await handle.sql<{ interruptions: number }[]>`
      update order_intake.messages
      set status = 'processing', updated_at = now(), read_started_at = now(),
          read_interruptions = read_interruptions + (case when read_started_at is not null then 1 else 0 end)
      where id = ${row.id}
      returning read_interruptions as interruptions`;

    /** A failure no retry fixes: the message is failed, the admins alerted, the mail moved to Failed. */
    const failPermanently = async (code: string, reason: string): Promise<never> => {
      await handle.sql.begin(async (tx) => {
        await tx`
          update order_intake.messages set status = 'failed', error = ${reason}, updated_at = now(),
            read_started_at = null
          where id = ${row.id}`;
        // its intake log entry in Odoo (an upload's pending one) says why (P12; P14's permanent failures)
        if (deps.odooConfigured) await queueIntakeLog(tx, row.id);
        await queueAlert(
          tx,
          { ...row, id: row.mailbox_id, name: row.mailbox_name },
          {
            key: `message-failed:${row.id}`,
            messageId: row.id,
            subject: `a message could not be processed (${row.address})`,
            lines: [
              `Message ${row.id} failed: ${reason}.`,
              `It was moved to the folder "${row.failed_folder}".`,
            ],
          },
        );
      });
      await finish(row, "failed");
      throw new PermanentJobError(code, reason);
    };

    let raw: Buffer;
    try {
      const source = await readMessageSource(handle.sql, row.id);
      if (!source) throw new Error("its raw bytes are no longer kept");
      raw = source;
    } catch (err) {
      return failPermanently(
        "message.unreadable",
        `the message source cannot be read: ${(err as Error).message}`,
      );
    }

    // a message whose reading stopped the process twice (over its memory or time budget despite the
    // limits) is not read a third time: it is failed with its reason, visible in Odoo (P14)
    if ((mark?.interruptions ?? 0) >= MAX_READ_INTERRUPTIONS) {
      return failPermanently(
        "message.read_interrupted",
        `reading the message was interrupted ${mark?.interruptions} times (the process stopped while reading it); it is not read again`,
      );
    }
    let result: ExtractionResult;
    try {
      // a retry reads the email again against the current catalog (a product created meanwhile)
      if (row.reread) await deps.refreshCatalog?.();
      result = withChosenCustomer(
        await deps.extractorFor(String(row.id)).extract(raw, { key: String(row.id) }),
        row.forced_customer_ref,
      );
    } catch (err) {
      await handle.sql`update order_intake.messages set read_started_at = null where id = ${row.id}`;
      // classified once: only input/output is retried; a parser or budget error fails the same way
      // every time, so it is permanent at once, with its reason (P14)
      if (
        !(err instanceof PermanentJobError) &&
        classifyError(err) === "io" &&
        ctx.attempt < ctx.maxAttempts
      ) {
        throw err;
      }
      const code = err instanceof PermanentJobError ? err.code : "message.extract_failed";
      return failPermanently(code, `reading the message failed: ${(err as Error).message?.slice(0, 300)}`);
    }
    if (row.reused_message_id) flagReusedMessageId(result, row.reused_message_id);
    const acknowledgement =
      row.kind === "imap" && row.acknowledge && ordersToDraft(result).length > 0
        ? await prepareAcknowledgement({
            mailbox: { id: row.mailbox_id, address: row.address, name: row.mailbox_name },
            messageRowId: row.id,
            raw,
            result,
            partnerLanguage: result.customer_ref ? deps.languageOf?.(result.customer_ref) : null,
          }).catch((err) => {
            ctx.log.warn(
              { error: (err as Error).message },
              "no acknowledgement: the message cannot be answered",
            );
            return null;
          })
        : null;
    // the Odoo module it belongs to (bridge/modules): a supplier document goes to Purchase/Invoicing
    const module = moduleFor(row.mailbox_module, result);
    const applyModule = deps.odooConfigured && module !== null && module !== "sales";
    const status = module !== null && module !== "sales" ? "processed" : statusFor(result);
    const { metadata, ...stored } = result as ExtractionResult & {
      metadata?: { tokens?: { input: number; output: number }; attachments?: number };
    };
    const attachments = metadata?.attachments ?? 0;
    await handle.sql.begin(async (tx) => {
      await tx`
        insert into order_intake.extractions (message_id, extractor, result, confidence, input_tokens, output_tokens)
        values (${row.id}, ${metadata?.tokens ? "merged" : "deterministic"}, ${JSON.stringify(stored)}::jsonb,
                ${result.confidence}, ${metadata?.tokens?.input ?? null}, ${metadata?.tokens?.output ?? null})
        on conflict (message_id, extractor) do update set result = excluded.result, confidence = excluded.confidence`;
      const decided = await tx`
        insert into order_intake.decisions (message_id, action, kind, confidence, reasons, customer_ref,
                                            duplicate_of_message_id, module)
        values (${row.id}, ${result.expect}, ${result.kind}, ${result.confidence},
                ${JSON.stringify(result.reasons)}::jsonb, ${result.customer_ref},
                ${result.duplicate_of && /^\d+$/.test(result.duplicate_of) ? Number(result.duplicate_of) : null},
                ${module ?? row.mailbox_module})
        on conflict (message_id) do nothing returning id`;
      if (acknowledgement && decided.length > 0) await queueEmail(tx, acknowledgement);
      if (result.expect === "reject" && decided.length > 0 && row.kind === "imap") {
        await queueAlert(
          tx,
          { ...row, id: row.mailbox_id, name: row.mailbox_name },
          {
            key: `message-rejected:${row.id}`,
            messageId: row.id,
            subject: `an order needs a person (${row.address})`,
            lines: [
              `Message ${row.id} could not be turned into a draft: ${result.reasons
                .filter((r) => r.severity !== "info")
                .map((r) => r.message)
                .join("; ")
                .slice(0, 1500)}`,
            ],
          },
        );
      }
      // The jobs that write to Odoo; their `drafts` rows exist from now on, so the intake log entry
      // knows a writer completes it (an email that becomes no draft gets its outcome from odoo_intake_log).
      if (decided.length > 0 && applyModule) {
        await tx`
          insert into order_intake.drafts (message_id, order_index, customer_ref, odoo_model)
          values (${row.id}, 0, ${result.vendor_ref ?? null}, ${moduleModel[module as Exclude<typeof module, null>]})
          on conflict (message_id, order_index) do nothing`;
        await enqueueJob(
          tx,
          "odoo_apply_module",
          { messageId: row.id },
          { jobKey: `odoo_apply_module:${row.id}` },
        );
      } else if (deps.odooConfigured && decided.length > 0) {
        for (const orderIndex of ordersToDraft(result)) {
          await tx`
            insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model)
            values (${row.id}, ${orderIndex}, ${result.customer_ref},
                    ${result.orders[orderIndex]?.customer_reference ?? null}, 'sale.order')
            on conflict (message_id, order_index) do nothing`;
          await enqueueJob(
            tx,
            "odoo_write_draft",
            { messageId: row.id, orderIndex },
            { jobKey: `odoo_write_draft:${row.id}:${orderIndex}` },
          );
        }
      }
      if (decided.length > 0) await deps.routeReply?.(tx, { messageRowId: row.id, raw, result });
      // an amendment is proposed on the order it changes (chatter), never drafted as a new order
      if (decided.length > 0 && deps.odooConfigured && result.amends) {
        await proposeAmendment(tx, { messageRowId: row.id, raw, result });
      }
      await tx`
        update order_intake.messages
        set status = ${status}, from_address = ${result.sender_email}, updated_at = now(), read_started_at = null,
            attachment_count = ${attachments}, reread_requested_at = null
        where id = ${row.id}`;
      // its intake log entry in Odoo: the outcome (a resend links the first one), or a writer's to come
      if (deps.odooConfigured) await queueIntakeLog(tx, row.id);
    });
    ctx.log.info(
      {
        message: row.id,
        kind: result.kind,
        customer: result.customer_ref,
        orders: result.orders.length,
        lines: result.orders.reduce((n, o) => n + o.lines.length, 0),
        confidence: Math.round(result.confidence * 100) / 100,
        expect: result.expect,
        reasons: result.reasons.map((r) => r.code),
        // for the terminal summary (bridge/log/formatEmailSummary.ts): who, which PO, why in words
        customerName: result.customer_ref ? (deps.customerNameOf?.(result.customer_ref) ?? null) : null,
        sender: result.sender_email,
        po: result.orders[0]?.customer_reference ?? null,
        why: [...result.reasons]
          .sort((a, b) => Number(a.severity === "info") - Number(b.severity === "info"))
          .slice(0, 3)
          .map((r) => r.message.slice(0, 200)),
      },
      "message read and decided",
    );
    await finish(row, status);
  });
}
