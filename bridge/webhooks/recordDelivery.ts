import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { OdooDelivery } from "./odooDelivery.ts";

/**
 * A `mailbox.updated` delivery carries the mailbox password in clear. It is sealed before the delivery
 * is stored, so no table ever holds it readable: `data.password` becomes `data.password_sealed`.
 */
export function sealPasswords(delivery: OdooDelivery, secretBox: SecretBox): OdooDelivery {
  const { password, ...rest } = delivery.data as { password?: unknown };
  if (typeof password !== "string" || password === "") return delivery;
  return { ...delivery, data: { ...rest, password_sealed: secretBox.seal(password).toString("base64") } };
}

/**
 * Records a verified delivery once and enqueues its job in the same transaction: the unique delivery
 * id makes a second (or fiftieth concurrent) post of the same delivery a no-op.
 */
export async function recordDelivery(
  handle: DatabaseHandle,
  delivery: OdooDelivery,
  secretBox: SecretBox,
): Promise<{ duplicate: boolean; jobId?: string }> {
  const stored = sealPasswords(delivery, secretBox);
  return handle.sql.begin(async (tx) => {
    const inserted = await tx<{ id: string }[]>`
      insert into order_intake.webhook_deliveries
        (delivery_id, event, odoo_database, company_id, sent_at, payload)
      values (${delivery.delivery}, ${delivery.event}, ${delivery.database}, ${delivery.company_id},
              ${delivery.sent_at}, ${JSON.stringify(stored)}::jsonb)
      on conflict (delivery_id) do nothing
      returning id`;
    if (inserted.length === 0) return { duplicate: true };
    const jobId = await enqueueJob(
      tx,
      "odoo_event_handle",
      { deliveryId: delivery.delivery },
      { jobKey: `delivery:${delivery.delivery}` },
    );
    return { duplicate: false, jobId };
  });
}
