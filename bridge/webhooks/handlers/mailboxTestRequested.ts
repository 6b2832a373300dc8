import { loadMailbox, mailboxPassword } from "../../sources/imap/mailboxRow.ts";
import { testMailboxConnection } from "../../sources/imap/testMailboxConnection.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

/**
 * `mailbox.test_requested` (Odoo's "Test connection"): IMAP login, folders, SMTP login; the result is
 * stored on the mailbox and written back to Odoo (status ok/error, the failure in last_error).
 */
export const mailboxTestRequested: OdooEventHandler = async (ctx, delivery) => {
  const { handle, log } = ctx;
  const odooId = typeof delivery.data.mailbox_id === "number" ? delivery.data.mailbox_id : null;
  const [found] = await handle.sql<{ id: number }[]>`
    select id from order_intake.mailboxes where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
  const mailbox = found ? await loadMailbox(handle, found.id) : undefined;
  const writeStatus = ctx.mailboxStatus;
  if (!mailbox) {
    log.warn(
      { odooId },
      "connection test for a mailbox the bridge does not know (mailbox.updated not received)",
    );
    await writeStatus?.(
      { id: 0, odoo_id: odooId, odoo_database: delivery.database },
      {
        status: "error",
        error: "The bridge has not received this mailbox's settings yet: save the mailbox again.",
      },
    );
    return;
  }
  let password: string | null = null;
  try {
    password = ctx.secretBox ? mailboxPassword(ctx.secretBox, mailbox) : null;
  } catch {
    log.warn({ mailbox: mailbox.id }, "the stored password cannot be opened (CREDENTIALS_KEY changed?)");
  }
  const result = await testMailboxConnection(mailbox, password);
  const testedAt = new Date();
  await handle.sql`
    update order_intake.mailboxes
    set status = ${result.ok ? "ok" : "error"}, last_error = ${result.error}
    where id = ${mailbox.id}`;
  log.info({ mailbox: mailbox.id, ok: result.ok, checks: result.checks }, "mailbox connection tested");
  // the findings as a list the admin reads on the mailbox; a test is not a sync (last_sync stays)
  await writeStatus?.(mailbox, {
    status: result.ok ? "ok" : "error",
    error: result.ok ? null : result.error,
    findings: result.checks,
    testedAt,
  });
};
