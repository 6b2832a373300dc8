import postgres from "postgres";
import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { Logger } from "../../log/createLogger.ts";
import type { MailboxStatusWriter } from "./mailboxHealth.ts";
import { listWatchableMailboxes } from "./mailboxRow.ts";
import { type MailboxWatch, type WatchOptions, watchMailbox } from "./watchMailbox.ts";

/** First key of the advisory locks that say "this process holds this mailbox's connection". */
export const MAILBOX_LOCK_NAMESPACE = 0x4f49_0006;
/** NOTIFY channel: `{"id": <mailbox>, "reason": "processed" | "sync" | "changed"}`. */
export const MAILBOX_CHANNEL = "order_intake_mailbox";

export interface ImapWatcher {
  /** The mailboxes whose connection this process holds. */
  held(): number[];
  /** Looks for mailboxes to take, give up or restart now (instead of at the next interval). */
  rescan(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches every IMAP mailbox that is active and whose module is enabled, with one holder per
 * mailbox across all worker processes: a holder takes a session-level PostgreSQL advisory lock on a
 * connection of its own; when that connection (or the process) dies, the lock goes with it and
 * another process takes the mailbox at its next scan. Configuration changes restart the holder.
 */
export async function startImapWatcher(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  secretBox: SecretBox;
  options: WatchOptions & { watchMs: number };
  writeStatus?: MailboxStatusWriter;
}): Promise<ImapWatcher> {
  const { handle, options } = deps;
  const log = deps.logger.child({ component: "imap-watcher" });
  const watches = new Map<number, { watch: MailboxWatch; version: string }>();
  let stopped = false;
  let lockConnectionLost = false;

  // The locks live on this one connection, never recycled by the pool.
  const lockSql = postgres(handle.url, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    onnotice: () => {},
    connection: { application_name: "order-intake-imap-locks" },
    onclose: () => {
      if (watches.size > 0) lockConnectionLost = true;
    },
  });

  const release = async (id: number) => {
    const w = watches.get(id);
    if (!w) return;
    watches.delete(id);
    await w.watch.stop();
    if (!lockConnectionLost) {
      await lockSql`select pg_advisory_unlock(${MAILBOX_LOCK_NAMESPACE}, ${id})`.catch(() => {});
    }
  };

  const start = (id: number, version: string) => {
    const watch = watchMailbox({
      handle,
      logger: deps.logger,
      secretBox: deps.secretBox,
      mailboxId: id,
      options,
      writeStatus: deps.writeStatus,
    });
    watches.set(id, { watch, version });
  };

  let scanning: Promise<void> | undefined;
  const scan = async () => {
    if (stopped) return;
    if (lockConnectionLost) {
      // Our locks are gone with the connection: stop every holder; the next scan takes them anew.
      log.warn({ mailboxes: [...watches.keys()] }, "lock connection lost; releasing the mailboxes");
      lockConnectionLost = false;
      await Promise.all([...watches.values()].map((w) => w.watch.stop()));
      watches.clear();
    }
    const wanted = await listWatchableMailboxes(handle);
    const wantedIds = new Map(wanted.map((m) => [m.id, m.version]));
    for (const id of [...watches.keys()]) {
      if (!wantedIds.has(id)) {
        log.info({ mailbox: id }, "mailbox no longer to be read (inactive, deleted or module disabled)");
        await release(id);
      }
    }
    for (const [id, version] of wantedIds) {
      const held = watches.get(id);
      if (held) {
        if (held.version !== version) {
          log.info({ mailbox: id }, "mailbox configuration changed; reconnecting");
          await held.watch.stop();
          start(id, version);
        }
        continue;
      }
      const [row] = await lockSql<{ ok: boolean }[]>`
        select pg_try_advisory_lock(${MAILBOX_LOCK_NAMESPACE}, ${id}) as ok`;
      if (!row?.ok || stopped) {
        if (row?.ok) await lockSql`select pg_advisory_unlock(${MAILBOX_LOCK_NAMESPACE}, ${id})`;
        continue;
      }
      log.info({ mailbox: id }, "holding the mailbox's connection");
      start(id, version);
    }
  };
  const rescan = () => {
    scanning ??= scan()
      .catch((err) => log.warn({ error: (err as Error).message }, "mailbox scan failed"))
      .finally(() => {
        scanning = undefined;
      });
    return scanning;
  };

  const listener = await handle.sql.listen(MAILBOX_CHANNEL, (payload) => {
    let msg: { id?: number; reason?: string } = {};
    try {
      msg = JSON.parse(payload) as typeof msg;
    } catch {
      return;
    }
    if (msg.reason === "changed") {
      void rescan();
      return;
    }
    if (typeof msg.id === "number") watches.get(msg.id)?.watch.wake();
  });

  const timer = setInterval(() => void rescan(), options.watchMs);
  timer.unref();
  await rescan();

  return {
    held: () => [...watches.keys()],
    rescan,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await scanning;
      await listener.unlisten().catch(() => {});
      await Promise.all([...watches.keys()].map(release));
      await lockSql.end({ timeout: 2 });
    },
  };
}

/** Tells the holder of a mailbox (in whichever process) to make a pass now. */
export async function wakeMailbox(
  sql: DatabaseHandle["sql"],
  mailboxId: number,
  reason: "processed" | "sync" | "changed",
): Promise<void> {
  await sql`select pg_notify(${MAILBOX_CHANNEL}, ${JSON.stringify({ id: mailboxId, reason })})`;
}
