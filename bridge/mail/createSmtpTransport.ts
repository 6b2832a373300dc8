import nodemailer, { type Transporter } from "nodemailer";
import type { MailboxRow } from "../sources/imap/mailboxRow.ts";

/**
 * A nodemailer transport for a mailbox's SMTP server, with the mailbox's credentials: `ssl` is
 * implicit TLS (465), `starttls` requires the upgrade, `none` is plain (local servers and tests).
 * nodemailer's own logger stays off (it would print the protocol, credentials included).
 */
export function createSmtpTransport(mailbox: MailboxRow, password: string): Transporter {
  const security = mailbox.smtp_security ?? "starttls";
  return nodemailer.createTransport({
    host: mailbox.smtp_host ?? "",
    port: mailbox.smtp_port ?? (security === "ssl" ? 465 : 587),
    secure: security === "ssl",
    requireTLS: security === "starttls",
    ignoreTLS: security === "none",
    auth: { user: mailbox.username || mailbox.address, pass: password },
    logger: false,
    debug: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
}
