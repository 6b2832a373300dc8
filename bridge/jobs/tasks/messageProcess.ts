import { readFile } from "node:fs/promises";
import type { TransactionSql } from "postgres";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import type { ExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { moveFromInbox } from "../../sources/scanFolder.ts";
import { defineTask } from "../defineTask.ts";
import { enqueueJob } from "../enqueueJob.ts";
import { PermanentJobError } from "../jobErrors.ts";

interface MessageRow {
  id: number;
  status: string;
  source_path: string | null;
  kind: string;
  processed_folder: string;
  failed_folder: string;
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
  return result.orders.flatMap((o, i) => (o.lines.length > 0 ? [i] : []));
}

export function createMessageProcessTask(deps: {
  handle: DatabaseHandle;
  extractorFor: ExtractorFactory;
  /** Drafts are written only when Odoo is configured. */
  odooConfigured?: boolean;
  /** A reply that changes no order is queued for its order's chatter (bridge/threads, P8). */
  routeReply?: (
    tx: TransactionSql,
    input: { messageRowId: number; raw: Buffer; result: ExtractionResult },
  ) => Promise<string | null>;
}) {
  const { handle } = deps;
  const finish = async (row: MessageRow, status: string) => {
    if (row.kind !== "folder" || !row.source_path) return;
    const folder = status === "failed" ? row.failed_folder : row.processed_folder;
    await moveFromInbox(row.source_path, folder).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    await handle.sql`update order_intake.messages set moved_at = now() where id = ${row.id}`;
  };

  return defineTask("message_process", async ({ messageId }, ctx) => {
    const [row] = await handle.sql<MessageRow[]>`
      select m.id::int as id, m.status, m.source_path, b.kind, b.processed_folder, b.failed_folder
      from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
      where m.id = ${messageId}`;
    if (!row) throw new PermanentJobError("message.missing", `no message row ${messageId}`);
    if (!["received", "processing"].includes(row.status)) {
      await finish(row, row.status);
      return;
    }
    await handle.sql`update order_intake.messages set status = 'processing', updated_at = now() where id = ${row.id}`;

    let raw: Buffer;
    try {
      if (!row.source_path) throw new Error("the message has no readable source yet (IMAP lands with P6)");
      raw = await readFile(row.source_path);
    } catch (err) {
      const reason = `the message source cannot be read: ${(err as Error).message}`;
      await handle.sql`
        update order_intake.messages set status = 'failed', error = ${reason}, updated_at = now() where id = ${row.id}`;
      throw new PermanentJobError("message.unreadable", reason);
    }

    const result = await deps.extractorFor(String(row.id)).extract(raw, { key: String(row.id) });
    const status = statusFor(result);
    const { metadata, ...stored } = result as ExtractionResult & {
      metadata?: { tokens?: { input: number; output: number } };
    };
    const attachments = result.reasons.filter((r) => r.path?.startsWith("attachment:")).length;
    await handle.sql.begin(async (tx) => {
      await tx`
        insert into order_intake.extractions (message_id, extractor, result, confidence, input_tokens, output_tokens)
        values (${row.id}, ${metadata?.tokens ? "merged" : "deterministic"}, ${JSON.stringify(stored)}::jsonb,
                ${result.confidence}, ${metadata?.tokens?.input ?? null}, ${metadata?.tokens?.output ?? null})
        on conflict (message_id, extractor) do update set result = excluded.result, confidence = excluded.confidence`;
      const decided = await tx`
        insert into order_intake.decisions (message_id, action, kind, confidence, reasons, customer_ref,
                                            duplicate_of_message_id)
        values (${row.id}, ${result.expect}, ${result.kind}, ${result.confidence},
                ${JSON.stringify(result.reasons)}::jsonb, ${result.customer_ref},
                ${result.duplicate_of && /^\d+$/.test(result.duplicate_of) ? Number(result.duplicate_of) : null})
        on conflict (message_id) do nothing returning id`;
      if (deps.odooConfigured && decided.length > 0) {
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
      await tx`
        update order_intake.messages
        set status = ${status}, from_address = ${result.sender_email}, updated_at = now(),
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
      },
      "message read and decided",
    );
    await finish(row, status);
  });
}
