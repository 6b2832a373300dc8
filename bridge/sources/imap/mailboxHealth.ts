import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { Logger } from "../../log/createLogger.ts";
import { queueAlert } from "../../mail/queueEmail.ts";
import type { MailboxDayCounts, MailboxStatusUpdate } from "../../odoo/writeMailboxStatus.ts";
import type { MailboxRow } from "./mailboxRow.ts";

/**
 * What the bridge tells Odoo about a mailbox: status and last error, the last sync and today's counts,
 * the connection test's findings.
 */
export type MailboxStatusWriter = (
  mailbox: Pick<MailboxRow, "id" | "odoo_id" | "odoo_database">,
  update: MailboxStatusUpdate,
) => Promise<void>;

/**
 * A connection problem (IMAP or SMTP) of a mailbox. Reported once: the mailbox turns to `error`, its
 * notification address gets one alert and Odoo shows the error; the retries that follow only update
 * the text. Returns whether this was the first report.
 */
export async function reportMailboxProblem(deps: {
  handle: DatabaseHandle;
  log: Logger;
  mailbox: MailboxRow;
  area: "imap" | "smtp";
  message: string;
  writeStatus?: MailboxStatusWriter;
}): Promise<boolean> {
  const { handle, mailbox, area } = deps;
  const text = `${area.toUpperCase()}: ${deps.message}`;
  const first = await handle.sql.begin(async (tx) => {
    const [prev] = await tx<{ status: string }[]>`
      select status from order_intake.mailboxes where id = ${mailbox.id} for update`;
    await tx`update order_intake.mailboxes set status = 'error', last_error = ${text} where id = ${mailbox.id}`;
    if (!prev || prev.status === "error") return false;
    await queueAlert(tx, mailbox, {
      key: `connection:${mailbox.id}:${Date.now()}`,
      subject: `mailbox ${mailbox.address} cannot be reached`,
      lines: [
        `The bridge cannot use the mailbox ${mailbox.name ?? mailbox.address} (${mailbox.address}).`,
        `Problem: ${text}`,
        "It keeps trying; you get no further alert for this problem until the mailbox works again.",
        "Check the server settings and the password in Odoo (Order Intake > Configuration > Mailboxes).",
      ],
    });
    return true;
  });
  if (first) {
    deps.log.warn({ mailbox: mailbox.id, area, error: text }, "mailbox problem reported to admins");
    await deps
      .writeStatus?.(mailbox, { status: "error", error: text })
      .catch((err) =>
        deps.log.warn(
          { err: (err as Error).message, mailbox: mailbox.id },
          "could not write the status to Odoo",
        ),
      );
  } else {
    deps.log.info({ mailbox: mailbox.id, area, error: text }, "mailbox problem persists (already reported)");
  }
  return first;
}

/** The mailbox works (again): `ok` in the bridge and in Odoo, only when it was not already. */
export async function reportMailboxHealthy(deps: {
  handle: DatabaseHandle;
  log: Logger;
  mailbox: Pick<MailboxRow, "id" | "odoo_id" | "odoo_database">;
  writeStatus?: MailboxStatusWriter;
}): Promise<boolean> {
  const changed = await deps.handle.sql`
    update order_intake.mailboxes set status = 'ok', last_error = null, last_sync_at = now()
    where id = ${deps.mailbox.id} and status <> 'ok' returning id`;
  if (changed.length === 0) return false;
  deps.log.info({ mailbox: deps.mailbox.id }, "mailbox connected");
  await deps
    .writeStatus?.(deps.mailbox, { status: "ok", error: null, syncedAt: new Date() })
    .catch((err) =>
      deps.log.warn(
        { err: (err as Error).message, mailbox: deps.mailbox.id },
        "could not write the status to Odoo",
      ),
    );
  return true;
}

/** The local date (YYYY-MM-DD) and its midnight: "today" is the bridge's day (its TZ). */
export function localDay(now: Date): { date: string; since: Date } {
  const since = new Date(now);
  since.setHours(0, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { date: `${since.getFullYear()}-${pad(since.getMonth() + 1)}-${pad(since.getDate())}`, since };
}

/**
 * A mailbox's emails received today, by outcome: drafted automatically (the draft's entry is done,
 * not to review: a draft below the auto threshold waits for a person), waiting for a person (a draft
 * to review, or no draft but a reading to act on), failed (processing failed, the draft could not be
 * written, or rejected without a draft). `pending` counts those whose outcome is not known yet.
 */
export async function countMailboxDay(
  handle: DatabaseHandle,
  mailboxId: number,
  now = new Date(),
): Promise<MailboxDayCounts & { pending: number }> {
  const { date, since } = localDay(now);
  const [row] = await handle.sql<
    { received: number; drafted: number; review: number; failed: number; pending: number }[]
  >`
    with day as (
      select m.status, dc.action, m.odoo_log_status,
             exists (select 1 from order_intake.drafts d where d.message_id = m.id and d.odoo_id is not null) as written,
             exists (select 1 from order_intake.drafts d where d.message_id = m.id and d.state = 'failed') as draft_failed,
             exists (select 1 from order_intake.drafts d where d.message_id = m.id and d.state = 'pending') as draft_pending
      from order_intake.messages m
      left join order_intake.decisions dc on dc.message_id = m.id
      where m.mailbox_id = ${mailboxId} and m.created_at >= ${since.toISOString()}
    ), outcome as (
      select *, (status = 'failed' or (draft_failed and not written) or (action = 'reject' and not written)) as failed
      from day
    )
    select count(*)::int as received,
           count(*) filter (where not failed and written and odoo_log_status = 'done')::int as drafted,
           count(*) filter (where not failed and (action in ('review', 'reject')
                                                 or (written and odoo_log_status = 'to_review')))::int as review,
           count(*) filter (where failed)::int as failed,
           count(*) filter (where not failed and (status in ('received', 'processing') or draft_pending))::int as pending
    from outcome`;
  return { date, ...row! };
}

/**
 * Reports each pass over a mailbox to Odoo: `last_sync` with today's counts, at most every `minIntervalMs` (a burst of passes makes one write, then one at the
 * end of the interval with the final figures; while today's emails are still being processed, one
 * more write follows so the counts settle). Odoo being slow or down never holds up the pass.
 */
export function createSyncReporter(deps: {
  handle: DatabaseHandle;
  log: Logger;
  mailbox: Pick<MailboxRow, "id" | "odoo_id" | "odoo_database">;
  writeStatus?: MailboxStatusWriter;
  minIntervalMs: number;
}): { passed(): Promise<void>; stop(): Promise<void> } {
  const { handle, mailbox } = deps;
  let lastWrite = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let lastPass = new Date();

  const schedule = (ms: number) => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      start();
    }, ms);
    timer.unref();
  };
  const write = async () => {
    lastWrite = Date.now();
    const today = await countMailboxDay(handle, mailbox.id);
    await deps.writeStatus?.(mailbox, { syncedAt: lastPass, today });
    if (today.pending > 0) schedule(deps.minIntervalMs);
  };
  const start = () => {
    if (stopped) return;
    if (inFlight) {
      schedule(deps.minIntervalMs);
      return;
    }
    inFlight = write()
      .catch((err) =>
        deps.log.warn(
          { err: (err as Error).message, mailbox: mailbox.id },
          "could not write the sync time and counts to Odoo",
        ),
      )
      .finally(() => {
        inFlight = undefined;
      });
  };

  return {
    async passed() {
      // the bridge's own last_sync_at is set by the pass itself (syncImapMailbox)
      lastPass = new Date();
      if (!deps.writeStatus) return;
      const wait = lastWrite + deps.minIntervalMs - Date.now();
      if (wait <= 0 && !timer) start();
      else schedule(Math.max(0, wait));
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
