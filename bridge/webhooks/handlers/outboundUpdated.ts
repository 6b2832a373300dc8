import { outboundEvents } from "../../outbound/outboundEvents.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";
import { openSealed, redactUrlCredentials } from "../recordDelivery.ts";

/**
 * `outbound.updated`: an endpoint registered (or changed) in Odoo. Its signing secret is sealed with
 * the CREDENTIALS_KEY before it is stored; only the events the bridge knows are kept.
 */
export const outboundUpdated: OdooEventHandler = async ({ handle, log, secretBox }, delivery) => {
  const d = delivery.data;
  const odooId = typeof d.id === "number" ? d.id : null;
  const url = typeof d.url === "string" && /^https?:\/\//.test(d.url) ? d.url : null;
  // the delivery was stored with its secret sealed (sealSecrets): opened here, sealed again below
  const opened = openSealed(d, "secret", secretBox);
  const secret = opened !== null && opened.length >= 16 ? opened : null;
  if (odooId === null || url === null) {
    log.error("outbound.updated without id or a http(s) URL; ignored");
    return;
  }
  // credentials never in a URL (they would be stored and logged): the endpoint is refused (P14)
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url) || redactUrlCredentials(url) !== url) {
    log.error({ endpoint: odooId }, "outbound.updated with credentials in its URL; refused");
    return;
  }
  const events = Array.isArray(d.events)
    ? d.events.filter((e): e is string => (outboundEvents as readonly string[]).includes(String(e)))
    : [];
  if (!secretBox) throw new Error("no secret box to seal the endpoint's secret");
  const sealed = secret ? secretBox.seal(secret) : null;
  if (!sealed) {
    const [known] = await handle.sql`
      select 1 from order_intake.outbound_endpoints where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
    if (!known) {
      log.error({ endpoint: odooId }, "outbound.updated without a secret for a new endpoint; ignored");
      return;
    }
  }
  await handle.sql`
    insert into order_intake.outbound_endpoints (odoo_database, company_id, odoo_id, name, url, secret_sealed, events,
                                                 active, updated_at)
    values (${delivery.database}, ${delivery.company_id}, ${odooId}, ${typeof d.name === "string" ? d.name : null},
            ${url}, ${sealed ?? Buffer.alloc(0)}, ${JSON.stringify(events)}::jsonb, ${d.active !== false}, now())
    on conflict (odoo_database, odoo_id) do update set
      company_id = excluded.company_id, name = excluded.name, url = excluded.url, events = excluded.events,
      active = excluded.active, updated_at = now(),
      secret_sealed = case when ${sealed !== null} then excluded.secret_sealed
                           else order_intake.outbound_endpoints.secret_sealed end`;
  log.info({ endpoint: odooId, events }, "outbound endpoint stored");
};

/** `outbound.deleted`: the endpoint is deactivated; its delivery log is kept. */
export const outboundDeleted: OdooEventHandler = async ({ handle, log }, delivery) => {
  const odooId = typeof delivery.data.id === "number" ? delivery.data.id : null;
  await handle.sql`
    update order_intake.outbound_endpoints set active = false, updated_at = now()
    where odoo_database = ${delivery.database} and odoo_id = ${odooId}`;
  log.info({ endpoint: odooId }, "outbound endpoint deactivated");
};
