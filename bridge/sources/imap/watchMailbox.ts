import { ImapFlow } from "imapflow";
import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { Logger } from "../../log/createLogger.ts";
import { describeMailError, isThrottling, mailSettingOf } from "./describeMailError.ts";
import { imapClientOptions } from "./imapClientOptions.ts";
import {
  createSyncReporter,
  type MailboxStatusWriter,
  reportMailboxHealthy,
  reportMailboxProblem,
} from "./mailboxHealth.ts";
import { loadMailbox, mailboxPassword } from "./mailboxRow.ts";
import { type SyncHooks, type SyncLimits, syncImapMailbox } from "./syncImapMailbox.ts";

export interface WatchOptions extends SyncLimits {
  /** The poll fallback: a pass every pollMs even when IDLE says nothing. */
  pollMs: number;
  /** Reconnect backoff: 1 s, 2 s, 4 s ... capped here. */
  reconnectMaxMs: number;
  /** Throttling answers ("too many connections") wait at least this long. */
  throttleMinMs?: number;
  /** Odoo's last sync and today's counts are written at most this often (default one minute). */
  statusIntervalMs?: number;
}

export interface MailboxWatch {
  mailboxId: number;
  /** Asks for a pass now (new mail, a finished message to move, a sync requested in Odoo). */
  wake(): void;
  /** Logs out and stops; resolves when the connection is closed. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended (after stop). */
  done: Promise<void>;
}

/** The reconnect wait after `failures` failures in a row: exponential with jitter, capped. */
export function reconnectDelay(
  failures: number,
  maxMs: number,
  throttled: boolean,
  throttleMinMs = 60_000,
): number {
  const base = Math.min(maxMs, 1000 * 2 ** Math.max(0, failures - 1));
  const jittered = base * (0.8 + Math.random() * 0.4);
  return Math.round(Math.min(maxMs, throttled ? Math.max(throttleMinMs, jittered) : jittered));
}

/**
 * Holds one IMAP connection to a mailbox (the caller owns its advisory lock): a pass at once, then
 * IDLE until the server announces mail, the poll timer fires, or `wake()` is called. A lost
 * connection is replaced by a new ImapFlow (an instance cannot reconnect) after a backoff; the first
 * failure of a run is reported to the admins, the retries are not.
 */
export function watchMailbox(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  secretBox: SecretBox;
  mailboxId: number;
  options: WatchOptions;
  writeStatus?: MailboxStatusWriter;
  hooks?: SyncHooks;
}): MailboxWatch {
  const { handle, mailboxId, options } = deps;
  const log = deps.logger.child({ component: "imap", mailbox: mailboxId });
  let stopped = false;
  let pending = true;
  let client: ImapFlow | undefined;
  let idling = false;
  let sleeper: { timer: NodeJS.Timeout; resolve(): void } | undefined;
  const folders = new Set<string>();
  /** Each pass is reported (last sync, today's counts); created with the first connection. */
  let reporter: ReturnType<typeof createSyncReporter> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeper = undefined;
        resolve();
      }, ms);
      sleeper = { timer, resolve };
    });
  const interruptSleep = () => {
    if (!sleeper) return;
    clearTimeout(sleeper.timer);
    const s = sleeper;
    sleeper = undefined;
    s.resolve();
  };

  const wake = () => {
    pending = true;
    // A command ends IDLE; idle() then resolves and the loop makes its pass.
    if (idling && client?.usable) client.noop().catch(() => {});
  };

  const poll = setInterval(wake, options.pollMs);
  poll.unref();

  const runConnection = async (): Promise<void> => {
    const mailbox = await loadMailbox(handle, mailboxId);
    if (!mailbox) throw Object.assign(new Error("the mailbox no longer exists"), { fatal: true });
    const password = mailboxPassword(deps.secretBox, mailbox);
    if (!password) {
      throw new Error("the bridge holds no password for this mailbox: enter it again in Odoo");
    }
    const c = new ImapFlow(imapClientOptions(mailbox, password));
    client = c;
    // Without a listener an 'error' event would end the process; the loop sees the closed connection.
    c.on("error", (err: unknown) =>
      log.debug({ error: describeMailError(err, [password]) }, "IMAP connection error"),
    );
    c.on("exists", () => wake());
    c.on("close", () => {
      pending = true;
    });
    try {
      await c.connect();
      await c.mailboxOpen("INBOX");
    } catch (err) {
      // explained with the setting to change (IMAP Security, Port...), never the raw socket text
      throw Object.assign(new Error(describeMailError(err, [password], mailSettingOf(mailbox, "imap"))), {
        throttled: isThrottling(err),
      });
    }
    failures = 0;
    reporter ??= createSyncReporter({
      handle,
      log,
      mailbox,
      writeStatus: deps.writeStatus,
      minIntervalMs: options.statusIntervalMs ?? 60_000,
    });
    await reportMailboxHealthy({ handle, log, mailbox, writeStatus: deps.writeStatus });
    log.info(
      { host: mailbox.imap_host, port: mailbox.imap_port },
      "IMAP connected; watching INBOX with IDLE",
    );
    while (!stopped && c.usable) {
      if (pending) {
        pending = false;
        const r = await syncImapMailbox({
          handle,
          client: c,
          mailbox,
          log,
          limits: options,
          hooks: deps.hooks,
          folders,
        });
        if (r.stored + r.moved > 0) log.info(r, "mailbox pass");
        await reporter.passed();
        continue;
      }
      idling = true;
      try {
        await c.idle();
      } finally {
        idling = false;
      }
    }
    if (!stopped) throw new Error("the IMAP connection closed");
  };

  let failures = 0;
  const done = (async () => {
    while (!stopped) {
      try {
        await runConnection();
      } catch (err) {
        const e = err as Error & { fatal?: boolean; throttled?: boolean };
        if (stopped) break;
        client?.close();
        client = undefined;
        if (e.fatal) {
          log.warn({ error: e.message }, "mailbox watch ended");
          break;
        }
        failures++;
        const mailbox = await loadMailbox(handle, mailboxId).catch(() => undefined);
        const password = mailbox
          ? (() => {
              try {
                return mailboxPassword(deps.secretBox, mailbox);
              } catch {
                return null;
              }
            })()
          : null;
        const message = describeMailError(e, [password]);
        if (mailbox) {
          await reportMailboxProblem({
            handle,
            log,
            mailbox,
            area: "imap",
            message,
            writeStatus: deps.writeStatus,
          }).catch((reportErr) =>
            log.warn({ error: (reportErr as Error).message }, "could not record the mailbox problem"),
          );
        }
        const wait = reconnectDelay(
          failures,
          options.reconnectMaxMs,
          Boolean(e.throttled),
          options.throttleMinMs,
        );
        log.warn({ error: message, failures, retryInMs: wait }, "IMAP connection failed; reconnecting later");
        await sleep(wait);
        pending = true;
      }
    }
    clearInterval(poll);
  })();

  return {
    mailboxId,
    wake,
    done,
    async stop() {
      stopped = true;
      clearInterval(poll);
      interruptSleep();
      const c = client;
      if (c?.usable) {
        await Promise.race([c.logout().catch(() => {}), new Promise((r) => setTimeout(r, 3000))]);
      }
      c?.close();
      await done.catch(() => {});
      await reporter?.stop();
    },
  };
}
