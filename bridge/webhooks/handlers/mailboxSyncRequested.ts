import { enqueueJob } from "../../jobs/enqueueJob.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

/** `mailbox.sync_requested` (Odoo's "Sync now"): a `mailbox_fetch` job, which wakes the holder or fetches. */
export const mailboxSyncRequested: OdooEventHandler = async ({ handle, log }, delivery) => {
  const odooId = typeof delivery.data.mailbox_id === "number" ? delivery.data.mailbox_id : null;
  const [mailbox] = await handle.sql<{ id: number }[]>`
    select id from order_intake.mailboxes where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
  if (!mailbox) {
    log.warn(
      { odooId },
      "sync requested for a mailbox the bridge does not know (mailbox.updated not received)",
    );
    return;
  }
  await enqueueJob(
    handle.sql,
    "mailbox_fetch",
    { mailboxId: mailbox.id },
    { jobKey: `mailbox_fetch:${mailbox.id}` },
  );
  log.info({ mailbox: mailbox.id }, "mailbox sync requested");
};
