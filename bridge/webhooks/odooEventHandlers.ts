import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Logger } from "../log/createLogger.ts";
import { draftReviewed } from "./handlers/draftReviewed.ts";
import type { OdooDelivery, OdooEvent } from "./odooDelivery.ts";

export interface EventContext {
  handle: DatabaseHandle;
  log: Logger;
}
export type OdooEventHandler = (ctx: EventContext, delivery: OdooDelivery) => Promise<void>;

/** An event whose work lands with a later issue: it is recorded, and the log says so. */
const recordedUntil =
  (issue: string): OdooEventHandler =>
  async ({ log }, delivery) => {
    log.warn(
      { event: delivery.event },
      `event recorded but not acted on yet: its handler lands with ${issue} (stub)`,
    );
  };

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);

/** What each Odoo event does in the bridge. */
export const odooEventHandlers: Record<OdooEvent, OdooEventHandler> = {
  ping: async ({ log }, delivery) => {
    log.info({ database: delivery.database }, "ping received from Odoo: pong");
  },

  "settings.updated": async ({ handle, log }, delivery) => {
    await handle.sql`
      insert into order_intake.settings (odoo_database, company_id, values, updated_at)
      values (${delivery.database}, ${delivery.company_id}, ${JSON.stringify(delivery.data)}::jsonb, now())
      on conflict (odoo_database, company_id)
      do update set values = excluded.values, updated_at = now()`;
    log.info({ keys: Object.keys(delivery.data).length }, "settings mirrored from Odoo");
  },

  "mailbox.updated": async ({ handle, log }, delivery) => {
    const d = delivery.data;
    const odooId = int(d.id);
    const address = str(d.address);
    if (odooId === null || address === null) {
      log.error("mailbox.updated without id or address; ignored");
      return;
    }
    const sealed = str(d.password_sealed);
    await handle.sql`
      insert into order_intake.mailboxes (
        kind, odoo_database, odoo_id, company_id, module, address, imap_host, imap_port, imap_security,
        smtp_host, smtp_port, smtp_security, username, password_sealed, processed_folder, failed_folder,
        notification_address, acknowledge, active, updated_at)
      values (
        'imap', ${delivery.database}, ${odooId}, ${delivery.company_id}, ${str(d.module) ?? "sales"}, ${address},
        ${str(d.imap_host)}, ${int(d.imap_port)}, ${str(d.imap_security)}, ${str(d.smtp_host)}, ${int(d.smtp_port)},
        ${str(d.smtp_security)}, ${str(d.username)}, ${sealed ? Buffer.from(sealed, "base64") : null},
        ${str(d.processed_folder) ?? "Processed"}, ${str(d.failed_folder) ?? "Failed"},
        ${str(d.notification_address)}, ${d.acknowledge !== false}, ${d.active !== false}, now())
      on conflict (odoo_database, odoo_id) do update set
        company_id = excluded.company_id, module = excluded.module, address = excluded.address,
        imap_host = excluded.imap_host, imap_port = excluded.imap_port, imap_security = excluded.imap_security,
        smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, smtp_security = excluded.smtp_security,
        username = excluded.username,
        password_sealed = coalesce(excluded.password_sealed, order_intake.mailboxes.password_sealed),
        processed_folder = excluded.processed_folder, failed_folder = excluded.failed_folder,
        notification_address = excluded.notification_address, acknowledge = excluded.acknowledge,
        active = excluded.active, updated_at = now()`;
    log.info({ mailbox: odooId, passwordChanged: sealed !== null }, "mailbox configuration stored");
  },

  "mailbox.deleted": async ({ handle, log }, delivery) => {
    const odooId = int(delivery.data.id);
    await handle.sql`
      update order_intake.mailboxes set active = false, updated_at = now()
      where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
    log.info({ mailbox: odooId }, "mailbox deactivated (its messages are kept)");
  },

  "mailbox.test_requested": recordedUntil("P6 (mailboxes)"),
  "mailbox.sync_requested": recordedUntil("P6 (mailboxes)"),
  "intake.retry_requested": recordedUntil("P5 (writing to Odoo)"),
  "document.uploaded": recordedUntil("P9 (upload in Odoo)"),
  "draft.reviewed": draftReviewed,
};
