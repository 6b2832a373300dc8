import { ImapFlow } from "imapflow";
import { createSmtpTransport } from "../../mail/createSmtpTransport.ts";
import { describeMailError, mailSettingOf } from "./describeMailError.ts";
import { imapClientOptions } from "./imapClientOptions.ts";
import type { MailboxRow } from "./mailboxRow.ts";

/** One thing the connection test found: fine, worth knowing, or in the way. */
export interface Finding {
  level: "ok" | "warning" | "error";
  text: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** What the test found, in the order it looked, each a sentence an admin reads. */
  findings: Finding[];
  /** The findings as lines ("✓ ...", "! ...", "✗ ..."), as Odoo shows them. */
  checks: string[];
  /** What failed, in one line (for Odoo's last error); null when everything needed works. */
  error: string | null;
}

const mark = { ok: "✓", warning: "!", error: "✗" } as const;

/** The findings as the lines written to Odoo's mailbox (errors first, then warnings, then what works). */
export function findingLines(findings: Finding[]): string[] {
  const rank = { error: 0, warning: 1, ok: 2 } as const;
  return [...findings].sort((a, b) => rank[a.level] - rank[b.level]).map((f) => `${mark[f.level]} ${f.text}`);
}

const securityName = (s: string | null, fallback: string) =>
  ({ ssl: "SSL/TLS", starttls: "STARTTLS", none: "no encryption" })[s ?? fallback] ?? s ?? fallback;

/**
 * The connection test behind Odoo's "Test Connection": IMAP login, INBOX and its unread mail, the
 * Processed/Failed folders (missing ones "will be created"), SMTP login, and what the settings leave
 * out (no SMTP server: no acknowledgements or alerts; no notification address). Never changes the
 * mailbox. Failures are explained with the setting to change (describeMailError); no text contains
 * the password, whatever a server echoes.
 */
export async function testMailboxConnection(
  mailbox: MailboxRow,
  password: string | null,
  timeouts: { connectionTimeout?: number; greetingTimeout?: number } = { connectionTimeout: 15_000 },
): Promise<ConnectionTestResult> {
  const findings: Finding[] = [];
  const add = (level: Finding["level"], text: string) => findings.push({ level, text });
  const user = mailbox.username || mailbox.address;
  if (!password) {
    add("error", "the bridge holds no password for this mailbox: enter it again and save");
  } else if (!mailbox.imap_host) {
    add("error", "no IMAP server: set IMAP Host, IMAP Port and IMAP Security");
  } else {
    const client = new ImapFlow({
      ...imapClientOptions(mailbox, password, timeouts),
      ...(timeouts.greetingTimeout ? { greetingTimeout: timeouts.greetingTimeout } : {}),
    });
    client.on("error", () => {});
    const where = `${mailbox.imap_host}:${mailbox.imap_port}`;
    try {
      await client.connect();
      add("ok", `IMAP: logged in to ${where} as ${user} (${securityName(mailbox.imap_security, "ssl")})`);
      if (mailbox.imap_security === "none") {
        add(
          "warning",
          "IMAP Security is None: use it only for a server on your own network (SSL/TLS or STARTTLS otherwise)",
        );
      }
      const folders = new Set((await client.list()).map((f) => f.path));
      if (!folders.has("INBOX")) add("error", "IMAP: the server shows no INBOX folder");
      else {
        const status = await client.status("INBOX", { messages: true, unseen: true }).catch(() => null);
        if (status) {
          add(
            "ok",
            `INBOX: ${status.messages ?? 0} message(s), ${status.unseen ?? 0} unread (unread ones are read as orders)`,
          );
        }
      }
      for (const [label, f] of [
        ["Processed", mailbox.processed_folder],
        ["Failed", mailbox.failed_folder],
      ] as const) {
        if (folders.has(f)) add("ok", `folder ${f} exists (${label.toLowerCase()} emails are moved there)`);
        else add("warning", `folder ${f} missing: it will be created when the first email is moved there`);
      }
      await client.logout();
    } catch (err) {
      client.close();
      add(
        "error",
        `IMAP login to ${where} as ${user} failed: ${describeMailError(err, [password], mailSettingOf(mailbox, "imap"))}`,
      );
    }
  }
  if (!mailbox.smtp_host) {
    add("warning", "no SMTP server: no acknowledgements or alerts can be sent from this mailbox");
  } else if (password) {
    const transport = createSmtpTransport(mailbox, password);
    const where = `${mailbox.smtp_host}:${mailbox.smtp_port}`;
    try {
      await transport.verify();
      add(
        "ok",
        `SMTP: logged in to ${where} as ${user} (${securityName(mailbox.smtp_security, "starttls")})`,
      );
    } catch (err) {
      add(
        "error",
        `SMTP login to ${where} as ${user} failed: ${describeMailError(err, [password], mailSettingOf(mailbox, "smtp"))}`,
      );
    } finally {
      transport.close();
    }
  }
  if (!mailbox.notification_address) {
    add("warning", "no Notification Address: nobody is alerted when an email cannot be processed");
  }
  const errors = findings.filter((f) => f.level === "error").map((f) => f.text);
  return {
    ok: errors.length === 0,
    findings,
    checks: findingLines(findings),
    error: errors.length ? errors.join("; ") : null,
  };
}
