import { ImapFlow } from "imapflow";
import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { Logger } from "../../log/createLogger.ts";
import { describeMailError, mailSettingOf } from "./describeMailError.ts";
import { imapClientOptions } from "./imapClientOptions.ts";
import {
  countMailboxDay,
  type MailboxStatusWriter,
  reportMailboxHealthy,
  reportMailboxProblem,
} from "./mailboxHealth.ts";
import { isWatchable, loadMailbox, mailboxPassword } from "./mailboxRow.ts";
import { MAILBOX_LOCK_NAMESPACE, wakeMailbox } from "./startImapWatcher.ts";
import { type SyncLimits, type SyncResult, syncImapMailbox } from "./syncImapMailbox.ts";

export type FetchNowResult =
  | { kind: "woken" }
  | { kind: "fetched"; result: SyncResult }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; error: string };

/**
 * "Fetch now" for an IMAP mailbox (job mailbox_fetch, e.g. after `mailbox.sync_requested`): when a
 * process holds the mailbox's connection, it is woken to make a pass; when none does, this makes one
 * pass itself on a fresh connection, under the same advisory lock, and logs out.
 */
export async function fetchMailboxNow(deps: {
  handle: DatabaseHandle;
  log: Logger;
  secretBox: SecretBox;
  mailboxId: number;
  limits: SyncLimits;
  writeStatus?: MailboxStatusWriter;
}): Promise<FetchNowResult> {
  const { handle, mailboxId, log } = deps;
  const mailbox = await loadMailbox(handle, mailboxId);
  if (mailbox?.kind !== "imap") return { kind: "skipped", reason: "not an IMAP mailbox" };
  if (!(await isWatchable(handle, mailboxId))) {
    return {
      kind: "skipped",
      reason: "the mailbox is inactive or its module is not enabled in Odoo's settings",
    };
  }
  const reserved = await handle.sql.reserve();
  try {
    const [row] = await reserved<{ ok: boolean }[]>`
      select pg_try_advisory_lock(${MAILBOX_LOCK_NAMESPACE}, ${mailboxId}) as ok`;
    if (!row?.ok) {
      await wakeMailbox(handle.sql, mailboxId, "sync");
      return { kind: "woken" };
    }
    let password: string | null = null;
    try {
      password = mailboxPassword(deps.secretBox, mailbox);
      if (!password) throw new Error("the bridge holds no password for this mailbox: enter it again in Odoo");
      const client = new ImapFlow(imapClientOptions(mailbox, password, { socketTimeout: 60_000 }));
      client.on("error", () => {});
      await client.connect();
      try {
        const result = await syncImapMailbox({ handle, client, mailbox, log, limits: deps.limits });
        await reportMailboxHealthy({ handle, log, mailbox, writeStatus: deps.writeStatus });
        if (deps.writeStatus) {
          const today = await countMailboxDay(handle, mailbox.id);
          await deps.writeStatus(mailbox, { status: "ok", syncedAt: new Date(), today }).catch(() => {});
        }
        return { kind: "fetched", result };
      } finally {
        await client.logout().catch(() => client.close());
      }
    } catch (err) {
      const error = describeMailError(err, [password], mailSettingOf(mailbox, "imap"));
      await reportMailboxProblem({
        handle,
        log,
        mailbox,
        area: "imap",
        message: error,
        writeStatus: deps.writeStatus,
      });
      return { kind: "failed", error };
    } finally {
      await reserved`select pg_advisory_unlock(${MAILBOX_LOCK_NAMESPACE}, ${mailboxId})`;
    }
  } finally {
    reserved.release();
  }
}
