import type { ImapFlowOptions } from "imapflow";
import type { MailboxRow } from "./mailboxRow.ts";

/**
 * ImapFlow options for a mailbox: `ssl` is implicit TLS, `starttls` upgrades and refuses to go on
 * without it, `none` is plain text (tests, local servers). imapflow's own logger stays off: it would
 * log protocol lines, and those can carry credentials.
 */
export function imapClientOptions(
  mailbox: MailboxRow,
  password: string,
  timeouts: { connectionTimeout?: number; socketTimeout?: number } = {},
): ImapFlowOptions {
  const security = mailbox.imap_security ?? "ssl";
  return {
    host: mailbox.imap_host ?? "",
    port: mailbox.imap_port ?? (security === "ssl" ? 993 : 143),
    secure: security === "ssl",
    doSTARTTLS: security === "starttls" ? true : security === "none" ? false : undefined,
    auth: { user: mailbox.username || mailbox.address, pass: password },
    logger: false,
    emitLogs: false,
    disableAutoIdle: true,
    connectionTimeout: timeouts.connectionTimeout ?? 20_000,
    greetingTimeout: 15_000,
    // IDLE is restarted every 4 minutes (servers drop long IDLEs; a dead connection shows up), and a
    // socket quiet for 6 minutes is given up.
    maxIdleTime: 4 * 60_000,
    socketTimeout: timeouts.socketTimeout ?? 6 * 60_000,
  };
}
