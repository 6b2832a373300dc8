import { mkdir, readdir, readFile, rename, stat } from "node:fs/promises";
import path from "node:path";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { Logger } from "../log/createLogger.ts";
import { messageKey } from "./messageKey.ts";
import { readMessageId } from "./readMessageId.ts";

const finalStatuses = new Set(["processed", "ignored", "duplicate", "failed"]);

/** Moves a processed file into the Processed (or Failed) subfolder; never deletes. */
export async function moveFromInbox(file: string, folderName: string): Promise<string> {
  const target = path.join(path.dirname(file), folderName);
  await mkdir(target, { recursive: true });
  const dest = path.join(target, path.basename(file));
  await rename(file, dest);
  return dest;
}

/**
 * Reads a local folder of `.eml` files as a mailbox: one message row per Message-ID and content (a
 * known Message-ID with other bytes is a new, flagged message: bridge/sources/messageKey), its processing
 * job enqueued in the same transaction. A file whose message was already handled (a crash between
 * processing and moving, or the same message delivered twice) is moved now, without a second row.
 */
export async function scanFolder(deps: {
  handle: DatabaseHandle;
  log: Logger;
  mailbox: { id: number; folderPath: string; processedFolder: string; failedFolder: string };
  maxBytes: number;
}): Promise<{ enqueued: number; moved: number }> {
  const { handle, mailbox, log } = deps;
  let entries: string[];
  try {
    entries = (await readdir(mailbox.folderPath)).filter((f) => f.toLowerCase().endsWith(".eml")).sort();
  } catch (err) {
    log.warn({ err, folder: mailbox.folderPath }, "source folder cannot be read");
    return { enqueued: 0, moved: 0 };
  }
  let enqueued = 0;
  let moved = 0;
  for (const name of entries) {
    const file = path.join(mailbox.folderPath, name);
    // the size is checked before the file is read: an oversized file is never loaded into memory
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      continue; // moved or removed meanwhile
    }
    if (size > deps.maxBytes) {
      log.warn({ file: name, size }, "message over the size limit; moved to the failed folder");
      await moveFromInbox(file, mailbox.failedFolder);
      moved++;
      continue;
    }
    const raw = await readFile(file);
    const { messageId: headerId, sha256 } = readMessageId(raw);
    const result = await handle.sql.begin(async (tx) => {
      // known first: a file seen on every poll does not take (and burn) a new id each time
      const key = await messageKey(tx, mailbox.id, headerId, sha256);
      if (key.kind === "redelivery") return { kind: "known" as const, existing: key.existing };
      const inserted = await tx<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size,
                                           reused_message_id)
        values (${mailbox.id}, ${key.messageId}, ${file}, ${sha256}, ${raw.length}, ${key.reusedMessageId})
        on conflict (mailbox_id, message_id) do nothing
        returning id::int as id`;
      if (!inserted[0]) return { kind: "race" as const };
      if (key.reusedMessageId) {
        log.warn(
          { file: name, message: inserted[0].id },
          "a known Message-ID with other content: stored as a new message and flagged",
        );
      }
      await enqueueJob(
        tx,
        "message_process",
        { messageId: inserted[0].id },
        { jobKey: `message:${inserted[0].id}` },
      );
      return { kind: "new" as const };
    });
    if (result.kind === "new") {
      enqueued++;
      continue;
    }
    if (result.kind === "race") continue;
    const existing = result.existing;
    if (existing.source_path !== file) {
      log.info({ file: name, message: existing.id }, "same message delivered again; no second row");
      await moveFromInbox(file, mailbox.processedFolder);
      moved++;
    } else if (finalStatuses.has(existing.status)) {
      await moveFromInbox(
        file,
        existing.status === "failed" ? mailbox.failedFolder : mailbox.processedFolder,
      );
      await handle.sql`update order_intake.messages set moved_at = now() where id = ${existing.id}`;
      moved++;
    }
  }
  return { enqueued, moved };
}
