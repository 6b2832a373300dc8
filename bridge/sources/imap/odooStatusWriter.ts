import type { OdooClient } from "../../odoo/odooClient.ts";
import { writeMailboxStatus } from "../../odoo/writeMailboxStatus.ts";
import type { MailboxStatusWriter } from "./mailboxHealth.ts";

/**
 * Writes a mailbox's status to Odoo through the bridge's client (status, last error, last sync and
 * today's counts, the connection test's findings: the only fields the bridge user may write there).
 * Mailboxes of another database than the configured one, or not from Odoo, are left alone.
 */
export function odooStatusWriter(odoo: () => Promise<OdooClient>, database: string): MailboxStatusWriter {
  return async (mailbox, update) => {
    if (!mailbox.odoo_id || (mailbox.odoo_database && mailbox.odoo_database !== database)) return;
    const client = await odoo();
    await writeMailboxStatus(client, mailbox.odoo_id, update);
  };
}
