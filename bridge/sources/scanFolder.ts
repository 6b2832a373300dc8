import { mkdir, readdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { Logger } from "../log/createLogger.ts";
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
 * Reads a local folder of `.eml` files as a mailbox: one message row per Message-ID, its processing
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
    const raw = await readFile(file);
    if (raw.length > deps.maxBytes) {
      log.warn({ file: name, size: raw.length }, "message over the size limit; moved to the failed folder");
      await moveFromInbox(file, mailbox.failedFolder);
      moved++;
      continue;
    }
    const { messageId, sha256 } = readMessageId(raw);
    const result = await handle.sql.begin(async (tx) => {
      const inserted = await tx<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size)
        values (${mailbox.id}, ${messageId}, ${file}, ${sha256}, ${raw.length})
        on conflict (mailbox_id, message_id) do nothing
        returning id::int as id`;
      if (inserted[0]) {
        await enqueueJob(
          tx,
          "message_process",
          { messageId: inserted[0].id },
          { jobKey: `message:${inserted[0].id}` },
        );
        return { kind: "new" as const };
      }
      const [existing] = await tx<{ id: number; status: string; source_path: string | null }[]>`
        select id::int as id, status, source_path from order_intake.messages
        where mailbox_id = ${mailbox.id} and message_id = ${messageId}`;
      return { kind: "known" as const, existing };
    });
    if (result.kind === "new") {
      enqueued++;
      continue;
    }
    const existing = result.existing;
    if (!existing) continue;
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
