import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { Logger } from "../../log/createLogger.ts";
import { queueAlert } from "../../mail/queueEmail.ts";
import type { MailboxRow } from "./mailboxRow.ts";

/** What the bridge tells Odoo about a mailbox (status, last error, last sync). */
export type MailboxStatusWriter = (
  mailbox: Pick<MailboxRow, "id" | "odoo_id" | "odoo_database">,
  update: { status: "ok" | "error"; error?: string | null; syncedAt?: Date },
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
