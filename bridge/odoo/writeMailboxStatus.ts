import { formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

/** order.intake.mailbox `status` (the selection of the addon). */
export type MailboxStatus = "new" | "pending" | "ok" | "error";
/** order.intake.mailbox `password_state`: "sent" once the bridge holds the password, "lost" if it never arrived. */
export type MailboxPasswordState = "none" | "queued" | "sent" | "lost";

/** A mailbox's emails of one day, by outcome (the bridge's own rows). */
export interface MailboxDayCounts {
  /** The day counted (the bridge's local date, YYYY-MM-DD). */
  date: string;
  received: number;
  /** Drafted automatically (at or above the auto threshold). */
  drafted: number;
  /** Waiting for a person: a draft to review, or a log entry without a draft. */
  review: number;
  failed: number;
}

export interface MailboxStatusUpdate {
  /** Left as it is when not given (a sync pass reports its time and counts, not the status). */
  status?: MailboxStatus;
  /** Shown on the mailbox form; `null` clears it. Keep it short and free of secrets. */
  error?: string | null;
  /** When the mailbox was last read (a sync pass), sent as UTC. */
  syncedAt?: Date;
  passwordState?: MailboxPasswordState;
  /** The connection test's findings, one line each, and when it ran. */
  findings?: string[];
  testedAt?: Date;
  /** Today's emails by outcome. */
  today?: MailboxDayCounts;
}

/** Mailbox fields older addon versions lack (before the findings and counts): left out there. */
const newerFields = [
  "test_findings",
  "last_test",
  "counts_date",
  "received_today",
  "drafted_today",
  "review_today",
  "failed_today",
];

/**
 * Writes a mailbox's status back to Odoo. The bridge user may only write the addon's BRIDGE_FIELDS on
 * mailboxes (status, last_error, last_sync, password_state, the test's findings and today's counts);
 * fields an older addon lacks are left out (fields_get, read once). A mailbox deleted in Odoo meanwhile
 * gives OdooError `odoo.missing` (not retryable).
 */
export async function writeMailboxStatus(
  client: OdooClient,
  mailboxId: number,
  update: MailboxStatusUpdate,
): Promise<void> {
  const values: Record<string, unknown> = {};
  if (update.status) values.status = update.status;
  if (update.status || update.error !== undefined) {
    values.last_error = update.error ? update.error.slice(0, 2000) : false;
  }
  if (update.syncedAt) values.last_sync = formatOdooDatetime(update.syncedAt);
  if (update.passwordState) values.password_state = update.passwordState;
  if (update.findings) values.test_findings = update.findings.join("\n").slice(0, 4000) || false;
  if (update.testedAt) values.last_test = formatOdooDatetime(update.testedAt);
  if (update.today) {
    values.counts_date = update.today.date;
    values.received_today = update.today.received;
    values.drafted_today = update.today.drafted;
    values.review_today = update.today.review;
    values.failed_today = update.today.failed;
  }
  if (newerFields.some((f) => f in values)) {
    const known = await client.fieldsGet("order.intake.mailbox");
    for (const f of newerFields) if (!(f in known)) delete values[f];
  }
  if (Object.keys(values).length === 0) return;
  await client.write("order.intake.mailbox", [mailboxId], values, bridgeContext);
}

/**
 * The result of a connection test (`mailbox.test_requested`) written back: "ok" and no error, or
 * "error" with what failed (e.g. "IMAP: authentication failed"), with the findings and the test's time.
 */
export function writeMailboxTestResult(
  client: OdooClient,
  mailboxId: number,
  result: { ok: boolean; error?: string | null; testedAt?: Date; findings?: string[] },
): Promise<void> {
  return writeMailboxStatus(client, mailboxId, {
    status: result.ok ? "ok" : "error",
    error: result.ok ? null : (result.error ?? "connection test failed"),
    ...(result.testedAt ? { testedAt: result.testedAt } : {}),
    ...(result.findings ? { findings: result.findings } : {}),
  });
}
