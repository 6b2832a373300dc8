import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { createSmtpTransport } from "../../mail/createSmtpTransport.ts";
import { normaliseLanguage } from "../../mail/detectLanguage.ts";
import { acknowledgementText, alertText } from "../../mail/renderEmail.ts";
import { describeMailError, isThrottling } from "../../sources/imap/describeMailError.ts";
import {
  type MailboxStatusWriter,
  reportMailboxHealthy,
  reportMailboxProblem,
} from "../../sources/imap/mailboxHealth.ts";
import { loadMailbox, mailboxPassword } from "../../sources/imap/mailboxRow.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";

interface EmailRow {
  id: number;
  mailbox_id: number;
  message_id: number | null;
  kind: "acknowledgement" | "alert";
  to_address: string;
  subject: string;
  language: string;
  email_message_id: string;
  in_reply_to: string | null;
  references: string | null;
  data: Record<string, unknown>;
  status: string;
}

/** Errors a retry cannot fix: the server refused the recipient or the content for good (5xx, not auth). */
function isPermanentSmtpError(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  return (
    typeof e.responseCode === "number" &&
    e.responseCode >= 500 &&
    e.code !== "EAUTH" &&
    e.responseCode !== 535
  );
}

/** Whether the error is about reaching or logging in to the server (reported to admins once). */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return (
    ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EAUTH", "EDNS", "ECONNREFUSED", "ETLS", "EPROTOCOL"].includes(
      e.code ?? "",
    ) || e.responseCode === 535
  );
}

/**
 * Job `notify_email`: sends one row of `sent_emails` through the mailbox's SMTP server, once.
 * An acknowledgement waits for its draft when Odoo is configured (and is skipped if no draft could be
 * written). SMTP errors are logged and retried with graphile-worker's backoff; throttling answers
 * (421/45x, "too many") hold that mailbox's sending for a while in this process; a connection or
 * login failure is reported to the admins once. A 5xx refusal fails the email for good.
 */
export function createNotifyEmailTask(deps: {
  handle: DatabaseHandle;
  secretBox: SecretBox;
  odooConfigured?: boolean;
  writeStatus?: MailboxStatusWriter;
}) {
  const { handle } = deps;
  /** mailbox id -> until when it must not send (after a throttling answer). */
  const throttledUntil = new Map<number, { until: number; strikes: number }>();

  const finish = async (id: number, status: string, error: string | null) => {
    await handle.sql`
      update order_intake.sent_emails
      set status = ${status}, error = ${error}, updated_at = now(),
          sent_at = case when ${status} = 'sent' then now() else sent_at end
      where id = ${id}`;
  };

  return defineTask("notify_email", async ({ emailId }, ctx) => {
    const [email] = await handle.sql<EmailRow[]>`
      select id::int as id, mailbox_id, message_id::int as message_id, kind, to_address, subject, language,
             email_message_id, in_reply_to, "references", data, status
      from order_intake.sent_emails where id = ${emailId}`;
    if (!email) throw new PermanentJobError("email.missing", `no email row ${emailId}`);
    if (email.status !== "pending") return;
    const log = ctx.log.child({ email: email.id, kind: email.kind, mailbox: email.mailbox_id });
    const mailbox = await loadMailbox(handle, email.mailbox_id);
    if (!mailbox?.smtp_host) {
      await finish(email.id, "skipped", "the mailbox has no SMTP server");
      log.info("email skipped: the mailbox has no SMTP server");
      return;
    }

    const data = { ...email.data };
    if (email.kind === "acknowledgement" && deps.odooConfigured && email.message_id) {
      const drafts = await handle.sql<{ state: string; odoo_name: string | null }[]>`
        select state, odoo_name from order_intake.drafts where message_id = ${email.message_id}`;
      const written = drafts.filter((d) => d.odoo_name && d.state !== "failed" && d.state !== "cancelled");
      if (written.length === 0) {
        if (drafts.length > 0 && drafts.every((d) => d.state === "failed" || d.state === "cancelled")) {
          await finish(email.id, "skipped", "no draft was written in Odoo");
          log.info("acknowledgement skipped: no draft was written");
          return;
        }
        if (ctx.attempt >= ctx.maxAttempts) {
          await finish(email.id, "skipped", "the draft was not written in time");
          return;
        }
        throw new Error("waiting for the draft to be written in Odoo before acknowledging");
      }
      data.orderNames = written.map((d) => d.odoo_name);
    }

    const throttle = throttledUntil.get(mailbox.id);
    if (throttle && throttle.until > Date.now()) {
      throw new Error(
        `sending paused for this mailbox until ${new Date(throttle.until).toISOString()} (throttled)`,
      );
    }

    let password: string | null = null;
    try {
      password = mailboxPassword(deps.secretBox, mailbox);
    } catch {
      password = null;
    }
    if (!password) {
      await finish(email.id, "failed", "the bridge holds no password for this mailbox");
      throw new PermanentJobError("email.no_password", "the bridge holds no password for this mailbox");
    }
    const language = normaliseLanguage(email.language) ?? "en";
    const text =
      email.kind === "acknowledgement"
        ? acknowledgementText(language, data as Parameters<typeof acknowledgementText>[1])
        : alertText(data);
    const transport = createSmtpTransport(mailbox, password);
    await handle.sql`update order_intake.sent_emails set attempts = attempts + 1, updated_at = now() where id = ${email.id}`;
    try {
      await transport.sendMail({
        from: { name: mailbox.name ?? "", address: mailbox.address },
        to: email.to_address,
        subject: email.subject,
        text,
        messageId: email.email_message_id,
        ...(email.in_reply_to ? { inReplyTo: email.in_reply_to } : {}),
        ...(email.references ? { references: email.references } : {}),
        headers: { "Auto-Submitted": email.kind === "acknowledgement" ? "auto-replied" : "auto-generated" },
      });
    } catch (err) {
      const error = describeMailError(err, [password]);
      if (isPermanentSmtpError(err)) {
        await finish(email.id, "failed", error);
        throw new PermanentJobError("email.refused", `the SMTP server refused the email: ${error}`);
      }
      await handle.sql`update order_intake.sent_emails set error = ${error}, updated_at = now() where id = ${email.id}`;
      if (isThrottling(err)) {
        const strikes = (throttle?.strikes ?? 0) + 1;
        const pause = Math.min(60 * 60_000, 30_000 * 2 ** (strikes - 1));
        throttledUntil.set(mailbox.id, { until: Date.now() + pause, strikes });
        log.warn(
          { error, pauseMs: pause },
          "SMTP server asks us to slow down; sending paused for this mailbox",
        );
      } else if (isConnectionError(err)) {
        await reportMailboxProblem({
          handle,
          log,
          mailbox,
          area: "smtp",
          message: error,
          writeStatus: deps.writeStatus,
        });
      }
      if (ctx.attempt >= ctx.maxAttempts) {
        await finish(email.id, "failed", error);
        throw new PermanentJobError("email.gave_up", `the email could not be sent: ${error}`);
      }
      log.warn({ error, attempt: ctx.attempt }, "SMTP error; the email will be retried");
      throw new Error(`SMTP: ${error}`);
    } finally {
      transport.close();
    }
    throttledUntil.delete(mailbox.id);
    await finish(email.id, "sent", null);
    if (mailbox.status === "error" && mailbox.last_error?.startsWith("SMTP:")) {
      await reportMailboxHealthy({ handle, log, mailbox, writeStatus: deps.writeStatus });
    }
    log.info({ to: email.to_address, messageId: email.email_message_id }, "email sent");
  });
}
