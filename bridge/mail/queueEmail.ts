import { randomUUID } from "node:crypto";
import type { Sql, TransactionSql } from "postgres";
import { enqueueJob } from "../jobs/enqueueJob.ts";

export type EmailKind = "acknowledgement" | "alert";

export interface EmailToQueue {
  mailboxId: number;
  /** The message row it answers or reports on. */
  messageId?: number | null;
  kind: EmailKind;
  /** Our idempotency key: the same key never makes a second email. */
  dedupeKey: string;
  to: string;
  subject: string;
  language?: string;
  inReplyTo?: string | null;
  references?: string | null;
  /** What the template needs (never a mail body). */
  data?: Record<string, unknown>;
  /** The domain of our Message-ID (the mailbox's address domain). */
  domain: string;
}

/** A Message-ID of ours, fixed before the first attempt so every retry sends the same one. */
export function newEmailMessageId(domain: string): string {
  return `<oi-${randomUUID()}@${domain.replace(/[^a-z0-9.-]/gi, "") || "order-intake.invalid"}>`;
}

/**
 * Records one email to send (table sent_emails) and enqueues its `notify_email` job in the same
 * transaction. Returns the row id, or null when an email with the same key exists already.
 */
export async function queueEmail(sql: Sql | TransactionSql, email: EmailToQueue): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    insert into order_intake.sent_emails
      (mailbox_id, message_id, kind, dedupe_key, to_address, subject, language, email_message_id,
       in_reply_to, "references", data)
    values (${email.mailboxId}, ${email.messageId ?? null}, ${email.kind}, ${email.dedupeKey}, ${email.to},
            ${email.subject}, ${email.language ?? "en"}, ${newEmailMessageId(email.domain)},
            ${email.inReplyTo ?? null}, ${email.references ?? null}, ${JSON.stringify(email.data ?? {})}::jsonb)
    on conflict (dedupe_key) do nothing
    returning id::int as id`;
  if (!row) return null;
  await enqueueJob(
    sql,
    "notify_email",
    { emailId: row.id },
    { jobKey: `notify_email:${row.id}`, maxAttempts: 10 },
  );
  return row.id;
}

/** The domain part of an address ("orders@acme.example" -> "acme.example"). */
export function domainOf(address: string): string {
  return address.split("@")[1]?.toLowerCase() ?? "order-intake.invalid";
}

/**
 * An alert to the mailbox's notification address (nothing when it has none). `key` makes it once:
 * the same problem reported again does not send a second alert.
 */
export async function queueAlert(
  sql: Sql | TransactionSql,
  mailbox: { id: number; address: string; name: string | null; notification_address: string | null },
  alert: { key: string; subject: string; lines: string[]; messageId?: number | null },
): Promise<number | null> {
  if (!mailbox.notification_address) return null;
  return queueEmail(sql, {
    mailboxId: mailbox.id,
    messageId: alert.messageId ?? null,
    kind: "alert",
    dedupeKey: `alert:${alert.key}`,
    to: mailbox.notification_address,
    subject: `[Order Intake] ${alert.subject}`,
    language: "en",
    data: { lines: alert.lines, mailbox: mailbox.name ?? mailbox.address },
    domain: domainOf(mailbox.address),
  });
}
