import type { SecretBox } from "../../crypto/secretBox.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import type { MailboxStatusWriter } from "../../sources/imap/mailboxHealth.ts";
import type { OdooDelivery } from "../../webhooks/odooDelivery.ts";
import { type OdooEventHandler, odooEventHandlers } from "../../webhooks/odooEventHandlers.ts";
import { defineTask } from "../defineTask.ts";

/** Job `odoo_event_handle`: runs the handler of one recorded webhook delivery, once. */
export function createOdooEventHandleTask(deps: {
  handle: DatabaseHandle;
  secretBox?: SecretBox;
  handlers?: Partial<Record<OdooDelivery["event"], OdooEventHandler>>;
  odoo?: () => Promise<OdooClient>;
  dataDir?: string;
  mailboxStatus?: MailboxStatusWriter;
}) {
  const handlers = { ...odooEventHandlers, ...deps.handlers };
  return defineTask("odoo_event_handle", async ({ deliveryId }, ctx) => {
    const [row] = await deps.handle.sql<{ status: string; payload: OdooDelivery }[]>`
      select status, payload from order_intake.webhook_deliveries where delivery_id = ${deliveryId}`;
    if (!row) {
      ctx.log.error({ deliveryId }, "no recorded delivery for this job; nothing to do");
      return;
    }
    if (row.status === "processed") {
      ctx.log.info({ deliveryId }, "delivery already handled; skipped");
      return;
    }
    const delivery = row.payload;
    const log = ctx.log.child({ delivery: deliveryId, event: delivery.event });
    const handler = handlers[delivery.event];
    await handler(
      {
        handle: deps.handle,
        log,
        secretBox: deps.secretBox,
        odoo: deps.odoo,
        dataDir: deps.dataDir,
        mailboxStatus: deps.mailboxStatus,
      },
      delivery,
    );
    await deps.handle.sql`
      update order_intake.webhook_deliveries
      set status = 'processed', processed_at = now(), error = null
      where delivery_id = ${deliveryId}`;
  });
}
