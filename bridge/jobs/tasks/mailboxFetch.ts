import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { fetchMailboxNow } from "../../sources/imap/fetchMailboxNow.ts";
import type { MailboxStatusWriter } from "../../sources/imap/mailboxHealth.ts";
import { scanFolder } from "../../sources/scanFolder.ts";
import { defineTask } from "../defineTask.ts";

/** Job `mailbox_fetch`: new messages of one mailbox become rows and processing jobs. */
export function createMailboxFetchTask(deps: {
  handle: DatabaseHandle;
  maxMessageBytes: number;
  /** IMAP: opens the sealed password; attachment limit; status written back to Odoo. */
  secretBox?: SecretBox;
  maxAttachmentBytes?: number;
  writeStatus?: MailboxStatusWriter;
}) {
  return defineTask("mailbox_fetch", async ({ mailboxId }, ctx) => {
    const [mailbox] = await deps.handle.sql<
      {
        id: number;
        kind: string;
        active: boolean;
        folder_path: string | null;
        processed_folder: string;
        failed_folder: string;
      }[]
    >`select id, kind, active, folder_path, processed_folder, failed_folder
      from order_intake.mailboxes where id = ${mailboxId}`;
    if (!mailbox?.active) return;
    if (mailbox.kind === "folder" && mailbox.folder_path) {
      const r = await scanFolder({
        handle: deps.handle,
        log: ctx.log,
        maxBytes: deps.maxMessageBytes,
        mailbox: {
          id: mailbox.id,
          folderPath: mailbox.folder_path,
          processedFolder: mailbox.processed_folder,
          failedFolder: mailbox.failed_folder,
        },
      });
      if (r.enqueued + r.moved > 0) ctx.log.info({ mailbox: mailbox.id, ...r }, "source folder scanned");
      await deps.handle
        .sql`update order_intake.mailboxes set last_sync_at = now(), status = 'ok' where id = ${mailbox.id}`;
      return;
    }
    if (mailbox.kind !== "imap" || !deps.secretBox) {
      ctx.log.warn(
        { mailbox: mailbox.id, kind: mailbox.kind },
        "mailbox cannot be fetched here; nothing done",
      );
      return;
    }
    // The holder of the mailbox's connection (any process) is woken; without one, one pass here.
    const r = await fetchMailboxNow({
      handle: deps.handle,
      log: ctx.log,
      secretBox: deps.secretBox,
      mailboxId: mailbox.id,
      limits: {
        maxMessageBytes: deps.maxMessageBytes,
        maxAttachmentBytes: deps.maxAttachmentBytes ?? deps.maxMessageBytes,
      },
      writeStatus: deps.writeStatus,
    });
    ctx.log.info({ mailbox: mailbox.id, ...r }, "mailbox fetch requested");
  });
}
