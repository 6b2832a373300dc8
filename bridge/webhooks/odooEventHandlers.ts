import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Logger } from "../log/createLogger.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import type { MailboxStatusWriter } from "../sources/imap/mailboxHealth.ts";
import { wakeMailbox } from "../sources/imap/startImapWatcher.ts";
import { createDocumentUploadedHandler } from "./handlers/documentUploaded.ts";
import { draftReviewed } from "./handlers/draftReviewed.ts";
import { intakeRetryRequested } from "./handlers/intakeRetryRequested.ts";
import { mailboxSyncRequested } from "./handlers/mailboxSyncRequested.ts";
import { mailboxTestRequested } from "./handlers/mailboxTestRequested.ts";
import { mailboxUpdated } from "./handlers/mailboxUpdated.ts";
import { outboundDeleted, outboundUpdated } from "./handlers/outboundUpdated.ts";
import { reportTestRequested } from "./handlers/reportTestRequested.ts";
import type { OdooDelivery, OdooEvent } from "./odooDelivery.ts";

export interface EventContext {
  handle: DatabaseHandle;
  log: Logger;
  /** The Odoo client (when ODOO_URL is set): document.uploaded reads the attachments with it. */
  odoo?: () => Promise<OdooClient>;
  /** DATA_DIR: uploaded documents are kept under uploads/. */
  dataDir?: string;
  /** Seals secrets received from Odoo (outbound endpoints' signing keys) before they are stored. */
  secretBox?: SecretBox;
  /** Writes a mailbox's status (test result, connection state) back to Odoo, when Odoo is configured. */
  mailboxStatus?: MailboxStatusWriter;
}
export type OdooEventHandler = (ctx: EventContext, delivery: OdooDelivery) => Promise<void>;

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
    // Module toggles decide which mailboxes are read: the watchers look again now.
    await wakeMailbox(handle.sql, 0, "changed");
    log.info({ keys: Object.keys(delivery.data).length }, "settings mirrored from Odoo");
  },

  "mailbox.updated": mailboxUpdated,

  "mailbox.deleted": async ({ handle, log }, delivery) => {
    const odooId = int(delivery.data.id);
    await handle.sql`
      update order_intake.mailboxes set active = false, updated_at = now()
      where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
    await wakeMailbox(handle.sql, 0, "changed");
    log.info({ mailbox: odooId }, "mailbox deactivated (its messages are kept)");
  },

  "mailbox.test_requested": mailboxTestRequested,
  "mailbox.sync_requested": mailboxSyncRequested,
  "intake.retry_requested": intakeRetryRequested,
  "document.uploaded": createDocumentUploadedHandler(),
  "draft.reviewed": draftReviewed,
  "report.test_requested": reportTestRequested,
  "outbound.updated": outboundUpdated,
  "outbound.deleted": outboundDeleted,
};
