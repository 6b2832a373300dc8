import { readFile } from "node:fs/promises";
import type { TransactionSql } from "postgres";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import { prepareAcknowledgement } from "../../mail/prepareAcknowledgement.ts";
import { queueAlert, queueEmail } from "../../mail/queueEmail.ts";
import { proposeAmendment } from "../../match/proposeAmendment.ts";
import { moduleFor } from "../../modules/moduleFor.ts";
import type { ExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { wakeMailbox } from "../../sources/imap/startImapWatcher.ts";
import { moveFromInbox } from "../../sources/scanFolder.ts";
import { classifyError } from "../classifyError.ts";
import { defineTask } from "../defineTask.ts";
import { enqueueJob } from "../enqueueJob.ts";
import { PermanentJobError } from "../jobErrors.ts";

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
}

/** The message status a decision leads to. */
export function statusFor(result: ExtractionResult): "processed" | "ignored" | "duplicate" {
  if (result.duplicate_of && result.expect === "ignore") return "duplicate";
  if (result.expect === "ignore" || result.expect === "reject") return "ignored";
  return "processed";
}

/**
 * Job `message_process`: read the stored message, extract, match, score and decide; store the
 * extraction and the decision with its reasons; then move the message out of the inbox. Re-running
 * after a crash continues where it stopped and never stores a second decision.
 */
/** The orders of a decision that become drafts in Odoo: draft or review, a known customer, >= 1 line. */
export function ordersToDraft(result: ExtractionResult): number[] {
  if ((result.expect !== "draft" && result.expect !== "review") || !result.customer_ref) return [];
  // a duplicate or resend never makes a second draft; an amendment is proposed on its order (P3)
  if (result.duplicate_of || result.amends || result.kind === "amendment") return [];
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
  /** A reply that changes no order is queued for its order's chatter (bridge/threads, P8). */
  routeReply?: (
    tx: TransactionSql,
    input: { messageRowId: number; raw: Buffer; result: ExtractionResult },
  ) => Promise<string | null>;
}) {
  const { handle } = deps;
  const finish = async (row: MessageRow, status: string) => {
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
             b.notification_address
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
        // an upload's pending log entry in Odoo says why (odoo_apply_module, P9); any other message
        // gets a failed intake log entry with its reason (odoo_log_failed, P14)
        if (row.kind === "upload" && deps.odooConfigured) {
          await enqueueJob(
            tx,
            "odoo_apply_module",
            { messageId: row.id },
            { jobKey: `odoo_apply_module:${row.id}` },
          );
        } else if (deps.odooConfigured) {
          await enqueueJob(
            tx,
            "odoo_log_failed",
            { messageId: row.id },
            { jobKey: `odoo_log_failed:${row.id}` },
          );
        }
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
      if (row.kind === "imap") {
        const [spooled] = await handle.sql<{ raw: Buffer }[]>`
          select raw from order_intake.message_spool where message_id = ${row.id}`;
        if (!spooled) throw new Error("its raw bytes are no longer in the spool");
        raw = Buffer.from(spooled.raw);
      } else {
        if (!row.source_path) throw new Error("the message has no readable source");
        raw = await readFile(row.source_path);
      }
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
      result = await deps.extractorFor(String(row.id)).extract(raw, { key: String(row.id) });
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
      const uploadWithoutDraft =
        deps.odooConfigured &&
        row.kind === "upload" &&
        module === "sales" &&
        ordersToDraft(result).length === 0;
      if (decided.length > 0 && (applyModule || uploadWithoutDraft)) {
        await enqueueJob(
          tx,
          "odoo_apply_module",
          { messageId: row.id },
          { jobKey: `odoo_apply_module:${row.id}` },
        );
      } else if (deps.odooConfigured && decided.length > 0) {
        for (const orderIndex of ordersToDraft(result)) {
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
      // a resend is not drafted again: its intake log entry in Odoo links the first one
      if (decided.length > 0 && deps.odooConfigured && result.duplicate_of && result.expect !== "ignore") {
        await enqueueJob(
          tx,
          "odoo_log_duplicate",
          { messageId: row.id },
          { jobKey: `odoo_log_duplicate:${row.id}` },
        );
      }
      await tx`
        update order_intake.messages
        set status = ${status}, from_address = ${result.sender_email}, updated_at = now(), read_started_at = null,
            attachment_count = ${attachments}
        where id = ${row.id}`;
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
