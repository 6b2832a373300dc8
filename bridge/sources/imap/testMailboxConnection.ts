import { ImapFlow } from "imapflow";
import { createSmtpTransport } from "../../mail/createSmtpTransport.ts";
import { describeMailError } from "./describeMailError.ts";
import { imapClientOptions } from "./imapClientOptions.ts";
import type { MailboxRow } from "./mailboxRow.ts";

export interface ConnectionTestResult {
  ok: boolean;
  /** One line per check, e.g. "IMAP login: ok", "SMTP login: authentication failed". */
  checks: string[];
  /** What failed, in one line (for Odoo's last error); null when everything passed. */
  error: string | null;
}

/**
 * The connection test behind Odoo's "Test connection": IMAP login, INBOX and the Processed/Failed
 * folders (missing ones are reported as "will be created"), then SMTP login. Never changes the
 * mailbox. Messages never contain the password, whatever a server echoes.
 */
export async function testMailboxConnection(
  mailbox: MailboxRow,
  password: string | null,
  timeouts: { connectionTimeout?: number } = { connectionTimeout: 15_000 },
): Promise<ConnectionTestResult> {
  const checks: string[] = [];
  const errors: string[] = [];
  if (!password) {
    const msg = "the bridge holds no password for this mailbox: enter it again and save";
    return { ok: false, checks: [msg], error: msg };
  }
  if (!mailbox.imap_host) {
    errors.push("IMAP: no server configured");
  } else {
    const client = new ImapFlow(imapClientOptions(mailbox, password, timeouts));
    client.on("error", () => {});
    try {
      await client.connect();
      checks.push(`IMAP login to ${mailbox.imap_host}:${mailbox.imap_port}: ok`);
      const folders = new Set((await client.list()).map((f) => f.path));
      if (!folders.has("INBOX")) errors.push("IMAP: no INBOX folder");
      for (const f of [mailbox.processed_folder, mailbox.failed_folder]) {
        checks.push(`folder ${f}: ${folders.has(f) ? "exists" : "missing, will be created on first use"}`);
      }
      await client.logout();
    } catch (err) {
      client.close();
      errors.push(
        `IMAP login to ${mailbox.imap_host}:${mailbox.imap_port} as ${mailbox.username || mailbox.address} failed: ${describeMailError(err, [password])}`,
      );
    }
  }
  if (!mailbox.smtp_host) {
    checks.push("SMTP: no server configured (no acknowledgements or alerts can be sent)");
  } else {
    const transport = createSmtpTransport(mailbox, password);
    try {
      await transport.verify();
      checks.push(`SMTP login to ${mailbox.smtp_host}:${mailbox.smtp_port}: ok`);
    } catch (err) {
      errors.push(
        `SMTP login to ${mailbox.smtp_host}:${mailbox.smtp_port} as ${mailbox.username || mailbox.address} failed: ${describeMailError(err, [password])}`,
      );
    } finally {
      transport.close();
    }
  }
  const error = errors.length ? errors.join("; ") : null;
  return { ok: errors.length === 0, checks: [...checks, ...errors], error };
}
