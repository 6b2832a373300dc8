import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";

/** A mailbox as the IMAP and SMTP code needs it (never the clear password). */
export interface MailboxRow {
  id: number;
  kind: string;
  name: string | null;
  odoo_database: string | null;
  odoo_id: number | null;
  company_id: number | null;
  module: string;
  address: string;
  imap_host: string | null;
  imap_port: number | null;
  imap_security: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: string | null;
  username: string | null;
  password_sealed: Buffer | null;
  processed_folder: string;
  failed_folder: string;
  notification_address: string | null;
  acknowledge: boolean;
  active: boolean;
  status: string;
  last_error: string | null;
  /** As text (the driver keeps timestamps as strings). */
  updated_at: string;
}

export async function loadMailbox(handle: DatabaseHandle, id: number): Promise<MailboxRow | undefined> {
  const [row] = await handle.sql<MailboxRow[]>`
    select id, kind, name, odoo_database, odoo_id, company_id, module, address, imap_host, imap_port,
           imap_security, smtp_host, smtp_port, smtp_security, username, password_sealed, processed_folder,
           failed_folder, notification_address, acknowledge, active, status, last_error, updated_at
    from order_intake.mailboxes where id = ${id}`;
  return row;
}

/** The mailbox password, opened from its sealed form; null when the bridge holds none. */
export function mailboxPassword(secretBox: SecretBox, mailbox: MailboxRow): string | null {
  if (!mailbox.password_sealed) return null;
  return secretBox.open(Buffer.from(mailbox.password_sealed));
}

/** The IMAP mailboxes to watch: active, of a module enabled in the settings mirrored from Odoo. */
export async function listWatchableMailboxes(
  handle: DatabaseHandle,
): Promise<Array<{ id: number; version: string }>> {
  return handle.sql<Array<{ id: number; version: string }>>`
    select m.id, m.updated_at::text as version
    from order_intake.mailboxes m
    join order_intake.settings s
      on s.odoo_database = m.odoo_database and s.company_id = coalesce(m.company_id, s.company_id)
    where m.kind = 'imap' and m.active and m.imap_host is not null
      and coalesce((s.values -> 'modules' -> m.module ->> 'enabled')::boolean, false)
    order by m.id`;
}

/** Whether one mailbox is to be read now (same rule as listWatchableMailboxes). */
export async function isWatchable(handle: DatabaseHandle, id: number): Promise<boolean> {
  return (await listWatchableMailboxes(handle)).some((m) => m.id === id);
}
