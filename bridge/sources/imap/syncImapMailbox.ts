import { createHash } from "node:crypto";
import type { FetchMessageObject, ImapFlow, MessageStructureObject } from "imapflow";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { queueIntakeLog } from "../../jobs/queueIntakeLog.ts";
import type { Logger } from "../../log/createLogger.ts";
import { queueAlert } from "../../mail/queueEmail.ts";
import { type KnownMessage, messageKey } from "../messageKey.ts";
import { readMessageId } from "../readMessageId.ts";
import type { MailboxRow } from "./mailboxRow.ts";

export const finalMessageStatuses = ["processed", "ignored", "duplicate", "failed"] as const;

export interface SyncLimits {
  maxMessageBytes: number;
  maxAttachmentBytes: number;
}

export interface SyncResult {
  /** New messages stored (and enqueued). */
  stored: number;
  /** Messages moved out of the inbox (Processed or Failed). */
  moved: number;
  /** New messages refused (over a size limit): stored as failed and moved to Failed. */
  refused: number;
}

export interface SyncHooks {
  /** Called after each new message is stored and enqueued, before it is flagged: tests crash here. */
  afterStore?(uid: number): Promise<void> | void;
}

/** The largest attachment (a non-text leaf, or any part with a filename) in a body structure. */
function largestAttachment(node: MessageStructureObject | undefined): number {
  if (!node) return 0;
  if (node.childNodes?.length) return Math.max(0, ...node.childNodes.map(largestAttachment));
  const isAttachment =
    node.disposition === "attachment" ||
    Boolean(node.dispositionParameters?.filename || node.parameters?.name) ||
    !node.type.startsWith("text/");
  if (!isAttachment || !node.size) return 0;
  // Sizes are of the transfer encoding: base64 is 4/3 of the decoded bytes.
  return node.encoding?.toLowerCase() === "base64" ? Math.floor((node.size * 3) / 4) : node.size;
}

const headerOf = (head: Buffer | undefined, name: string): string | null => {
  if (!head) return null;
  const text = head.toString("latin1").replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(text);
  return m?.[1]?.trim() || null;
};

/** Creates a folder if the server does not have it yet. */
export async function ensureFolder(client: ImapFlow, folder: string, known: Set<string>): Promise<void> {
  if (known.has(folder)) return;
  const list = await client.list();
  for (const f of list) known.add(f.path);
  if (known.has(folder)) return;
  try {
    await client.mailboxCreate(folder);
  } catch (err) {
    if ((err as { serverResponseCode?: string }).serverResponseCode !== "ALREADYEXISTS") throw err;
  }
  known.add(folder);
}

/**
 * One pass over a mailbox's INBOX on a connected client:
 *
 * 1. Every UNSEEN message not stored yet becomes one row (unique per mailbox + Message-ID, a stable
 *    hash when it has none), its raw bytes in the spool and its `message_process` job, in one
 *    transaction; then it is flagged \Seen. A message over the size limits is stored as failed
 *    (an alert is queued) and moved to the Failed folder without being downloaded.
 * 2. Every stored message whose processing is final is moved to Processed (or Failed), the folder
 *    created if missing. Nothing is ever deleted on the server; the spool is released by the jobs
 *    that need it (bridge/jobs/releaseSource.ts).
 *
 * Crash-safe in any order: a message stored but not flagged is found again and recognised by its
 * Message-ID; one flagged but not moved is moved by the next pass; one moved but not recorded as
 * moved is no longer in INBOX and is recorded then. A second copy of a known message (the same mail
 * delivered twice) makes no second row and is moved once the first is final.
 */
export async function syncImapMailbox(deps: {
  handle: DatabaseHandle;
  client: ImapFlow;
  mailbox: MailboxRow;
  log: Logger;
  limits: SyncLimits;
  hooks?: SyncHooks;
  folders?: Set<string>;
}): Promise<SyncResult> {
  const { handle, client, mailbox, log, limits } = deps;
  const folders = deps.folders ?? new Set<string>();
  const result: SyncResult = { stored: 0, moved: 0, refused: 0 };
  const lock = await client.getMailboxLock("INBOX");
  try {
    const uidValidity = Number(client.mailbox ? client.mailbox.uidValidity : 0n);
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    const metas: FetchMessageObject[] = unseen.length
      ? await client.fetchAll(
          unseen,
          { uid: true, size: true, envelope: true, bodyStructure: true },
          { uid: true },
        )
      : [];
    metas.sort((a, b) => a.uid - b.uid);

    const moveUid = async (uid: number, folder: string) => {
      await ensureFolder(client, folder, folders);
      return client.messageMove(String(uid), folder, { uid: true });
    };

    /** A message already stored: a copy is moved once the first is final; the original gets its flag. */
    const handleRedelivery = async (known: KnownMessage, uid: number): Promise<void> => {
      if (known.source_uid === uid) {
        await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      } else if ((finalMessageStatuses as readonly string[]).includes(known.status)) {
        log.info(
          { mailbox: mailbox.id, message: known.id, uid },
          "same message delivered again; no second row",
        );
        await moveUid(uid, known.status === "failed" ? mailbox.failed_folder : mailbox.processed_folder);
        result.moved++;
      }
    };
    /** This very IMAP message (same UID) is already stored: nothing to fetch. */
    const storedUnderUid = async (messageId: string, uid: number): Promise<boolean> => {
      const [known] = await handle.sql<{ id: number }[]>`
        select id::int as id from order_intake.messages
        where mailbox_id = ${mailbox.id} and (message_id = ${messageId} or reused_message_id = ${messageId})
          and source_uid = ${uid} and source_uid_validity = ${uidValidity}`;
      if (!known) return false;
      await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      return true;
    };

    for (const meta of metas) {
      const uid = meta.uid;
      const envelopeId = meta.envelope?.messageId?.trim() || null;
      // a known Message-ID under another UID is fetched: only its bytes tell a redelivery from another mail
      if (envelopeId && (await storedUnderUid(envelopeId, uid))) continue;

      const size = meta.size ?? 0;
      const attachment = largestAttachment(meta.bodyStructure);
      if (size > limits.maxMessageBytes || attachment > limits.maxAttachmentBytes) {
        const head = await client.fetchOne(String(uid), { headers: true }, { uid: true });
        const headers = head ? head.headers : undefined;
        const sha = createHash("sha256")
          .update(headers ?? Buffer.from(String(uid)))
          .digest("hex");
        const headerId = envelopeId ?? `<sha256:${sha}@order-intake>`;
        const reason =
          size > limits.maxMessageBytes
            ? `the message is ${size} bytes, over the limit of ${limits.maxMessageBytes}`
            : `an attachment is ${attachment} bytes, over the limit of ${limits.maxAttachmentBytes}`;
        const inserted = await handle.sql.begin(async (tx) => {
          const key = await messageKey(tx, mailbox.id, headerId, `headers:${sha}`);
          if (key.kind === "redelivery") return { redelivery: key.existing };
          const [row] = await tx<{ id: number }[]>`
            insert into order_intake.messages
              (mailbox_id, message_id, source_uid, source_uid_validity, raw_sha256, raw_size, from_address,
               subject, status, error, reused_message_id)
            values (${mailbox.id}, ${key.messageId}, ${uid}, ${uidValidity}, ${`headers:${sha}`}, ${size},
                    ${meta.envelope?.from?.[0]?.address?.toLowerCase() ?? null},
                    ${meta.envelope?.subject?.slice(0, 500) ?? null}, 'failed', ${reason},
                    ${key.reusedMessageId})
            on conflict (mailbox_id, message_id) do nothing
            returning id::int as id`;
          if (row) {
            if (mailbox.odoo_id !== null) await queueIntakeLog(tx, row.id);
            await queueAlert(tx, mailbox, {
              key: `message-refused:${row.id}`,
              messageId: row.id,
              subject: `a message could not be read (${mailbox.address})`,
              lines: [
                `From: ${meta.envelope?.from?.[0]?.address ?? "unknown"}`,
                `Subject: ${meta.envelope?.subject ?? ""}`,
                `Reason: ${reason}.`,
                `The message was moved to the folder "${mailbox.failed_folder}".`,
              ],
            });
          }
          return row ? { row } : {};
        });
        if (inserted.redelivery) {
          await handleRedelivery(inserted.redelivery, uid);
        } else if (inserted.row) {
          log.warn(
            { mailbox: mailbox.id, message: inserted.row.id, size, attachment },
            "message over the size limits; moved to the failed folder",
          );
          await moveUid(uid, mailbox.failed_folder);
          await handle.sql`update order_intake.messages set moved_at = now() where id = ${inserted.row.id}`;
          result.refused++;
          result.moved++;
        }
        continue;
      }

      const fetched = await client.fetchOne(String(uid), { source: true }, { uid: true });
      const raw = fetched ? fetched.source : undefined;
      if (!raw) continue; // expunged meanwhile
      const { messageId: headerId, sha256 } = readMessageId(raw);
      const headEnd = raw.indexOf("\r\n\r\n");
      const head = raw.subarray(0, headEnd >= 0 ? headEnd : Math.min(raw.length, 64 * 1024));
      const stored = await handle.sql.begin(async (tx) => {
        const key = await messageKey(tx, mailbox.id, headerId, sha256);
        if (key.kind === "redelivery") return { redelivery: key.existing };
        const [row] = await tx<{ id: number }[]>`
          insert into order_intake.messages
            (mailbox_id, message_id, source_uid, source_uid_validity, raw_sha256, raw_size, from_address,
             subject, in_reply_to, received_at, reused_message_id)
          values (${mailbox.id}, ${key.messageId}, ${uid}, ${uidValidity}, ${sha256}, ${raw.length},
                  ${meta.envelope?.from?.[0]?.address?.toLowerCase() ?? null},
                  ${meta.envelope?.subject?.slice(0, 500) ?? null}, ${headerOf(head, "in-reply-to")},
                  ${meta.envelope?.date ? new Date(meta.envelope.date).toISOString() : null},
                  ${key.reusedMessageId})
          on conflict (mailbox_id, message_id) do nothing
          returning id::int as id`;
        if (!row) return {};
        await tx`insert into order_intake.message_spool (message_id, raw) values (${row.id}, ${raw})`;
        // its intake log entry in Odoo first (received), then its processing
        if (mailbox.odoo_id !== null) await queueIntakeLog(tx, row.id);
        await enqueueJob(tx, "message_process", { messageId: row.id }, { jobKey: `message:${row.id}` });
        return { row, reused: key.reusedMessageId !== null };
      });
      if (stored.redelivery) {
        await handleRedelivery(stored.redelivery, uid);
        continue;
      }
      if (!stored.row) continue; // stored meanwhile by another holder
      result.stored++;
      log.info(
        {
          mailbox: mailbox.id,
          message: stored.row.id,
          uid,
          size: raw.length,
          reusedMessageId: stored.reused,
        },
        "message fetched",
      );
      await deps.hooks?.afterStore?.(uid);
      await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
    }

    // 2. Move what is finished.
    const done = await handle.sql<
      {
        id: number;
        status: string;
        message_id: string;
        source_uid: number;
        source_uid_validity: number | null;
      }[]
    >`
      select id::int as id, status, coalesce(reused_message_id, message_id) as message_id,
             source_uid::int as source_uid,
             source_uid_validity::bigint as source_uid_validity
      from order_intake.messages
      where mailbox_id = ${mailbox.id} and moved_at is null and source_uid is not null
        and status in ${handle.sql(finalMessageStatuses as unknown as string[])}
      order by id`;
    for (const m of done) {
      const folder = m.status === "failed" ? mailbox.failed_folder : mailbox.processed_folder;
      let uids: number[] = [m.source_uid];
      if (Number(m.source_uid_validity) !== uidValidity) {
        uids = ((await client.search({ header: { "message-id": m.message_id } }, { uid: true })) || []).slice(
          0,
          1,
        );
      }
      let movedOne = false;
      if (uids.length > 0) {
        const r = await moveUid(uids[0]!, folder);
        movedOne = Boolean(r && (r.uidMap?.size ?? 1) > 0);
      }
      // the source bytes stay in the spool until every job that needs them is done (releaseSource)
      await handle.sql`update order_intake.messages set moved_at = now() where id = ${m.id}`;
      if (movedOne) result.moved++;
      log.info(
        { mailbox: mailbox.id, message: m.id, folder, status: m.status },
        "message moved out of the inbox",
      );
    }
  } finally {
    lock.release();
  }
  await handle.sql`update order_intake.mailboxes set last_sync_at = now() where id = ${mailbox.id}`;
  return result;
}
