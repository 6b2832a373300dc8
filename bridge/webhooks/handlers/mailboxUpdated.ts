import { wakeMailbox } from "../../sources/imap/startImapWatcher.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null);
const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : null);

/**
 * `mailbox.updated`: stores a mailbox's configuration as the addon sends it (`email`, `name`,
 * `notify_email`, `send_acknowledgement`, server settings, folders, `company_id`). The password
 * arrives sealed (the webhook route sealed it before storing the delivery); without one, the stored
 * one is kept. Watchers are told, so the mailbox is (re)connected in seconds.
 */
export const mailboxUpdated: OdooEventHandler = async ({ handle, log }, delivery) => {
  const d = delivery.data;
  const odooId = int(d.id);
  const address = str(d.email);
  if (odooId === null || address === null) {
    log.error("mailbox.updated without id or email; ignored");
    return;
  }
  const sealed = str(d.password_sealed);
  const companyId = int(d.company_id) ?? delivery.company_id;
  const [row] = await handle.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (
      kind, odoo_database, odoo_id, company_id, module, address, name, imap_host, imap_port, imap_security,
      smtp_host, smtp_port, smtp_security, username, password_sealed, processed_folder, failed_folder,
      notification_address, acknowledge, active, updated_at)
    values (
      'imap', ${delivery.database}, ${odooId}, ${companyId}, ${str(d.module) ?? "sales"}, ${address.toLowerCase()},
      ${str(d.name)}, ${str(d.imap_host)}, ${int(d.imap_port)}, ${str(d.imap_security)}, ${str(d.smtp_host)},
      ${int(d.smtp_port)}, ${str(d.smtp_security)}, ${str(d.username)},
      ${sealed ? Buffer.from(sealed, "base64") : null},
      ${str(d.processed_folder) ?? "Processed"}, ${str(d.failed_folder) ?? "Failed"},
      ${str(d.notify_email)}, ${d.send_acknowledgement === true}, ${d.active !== false}, now())
    on conflict (odoo_database, odoo_id) do update set
      company_id = excluded.company_id, module = excluded.module, address = excluded.address,
      name = excluded.name, imap_host = excluded.imap_host, imap_port = excluded.imap_port,
      imap_security = excluded.imap_security, smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port,
      smtp_security = excluded.smtp_security, username = excluded.username,
      password_sealed = coalesce(excluded.password_sealed, order_intake.mailboxes.password_sealed),
      processed_folder = excluded.processed_folder, failed_folder = excluded.failed_folder,
      notification_address = excluded.notification_address, acknowledge = excluded.acknowledge,
      active = excluded.active, updated_at = now()
    returning id`;
  await wakeMailbox(handle.sql, row!.id, "changed");
  log.info({ mailbox: row!.id, odooId, passwordChanged: sealed !== null }, "mailbox configuration stored");
};
