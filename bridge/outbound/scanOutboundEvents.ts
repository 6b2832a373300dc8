import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";

/**
 * Turns what happened into deliveries: for every active endpoint subscribed to an event, one row per
 * (endpoint, event, subject) in `outbound_deliveries` (its unique key makes a scan run again, or two
 * at once, harmless) and one `outbound_deliver` job in the same transaction. Only what changed after
 * the endpoint was registered, within the last 7 days, is sent. The state lives in the bridge's own
 * tables (drafts, messages), so no path that changes it has to remember to emit anything.
 */
export async function scanOutboundEvents(handle: DatabaseHandle): Promise<number> {
  return handle.sql.begin(async (tx) => {
    const rows = await tx<{ id: number }[]>`
      with endpoints as (
        select id, odoo_database, company_id, events, created_at from order_intake.outbound_endpoints where active
      ),
      draft_events as (
        select d.id, d.updated_at as changed_at, b.odoo_database, b.company_id, ev.event,
               jsonb_build_object(
                 'draft_id', d.id, 'message_id', m.message_id, 'order_index', d.order_index,
                 'odoo_model', d.odoo_model, 'odoo_id', d.odoo_id, 'odoo_name', d.odoo_name,
                 'customer_ref', d.customer_ref, 'po_number', d.po_number,
                 'decision', dec.action, 'confidence', dec.confidence,
                 'state', d.state, 'error', d.error, 'from', m.from_address, 'subject', m.subject,
                 'received_at', m.created_at) as data
        from order_intake.drafts d
        join order_intake.messages m on m.id = d.message_id
        join order_intake.mailboxes b on b.id = m.mailbox_id
        left join order_intake.decisions dec on dec.message_id = m.id
        cross join lateral (values
          (case when d.odoo_id is not null then 'order.drafted' end),
          (case when d.state = 'confirmed' then 'order.approved' end),
          (case when d.state = 'cancelled' then 'order.rejected' end),
          (case when d.state = 'failed' then 'intake.failed' end)) as ev(event)
        where ev.event is not null and d.updated_at > now() - interval '7 days'
      ),
      message_events as (
        select m.id, m.updated_at as changed_at, b.odoo_database, b.company_id, 'intake.failed' as event,
               jsonb_build_object('message_id', m.message_id, 'stage', 'reading', 'error', m.error,
                                  'from', m.from_address, 'subject', m.subject, 'received_at', m.created_at) as data
        from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
        where m.status = 'failed' and m.updated_at > now() - interval '7 days'
      ),
      candidates as (
        select 'draft:' || id as subject_key, * from draft_events
        union all
        select 'message:' || id as subject_key, * from message_events
      )
      insert into order_intake.outbound_deliveries (endpoint_id, event, subject_key, data)
      select e.id, c.event, c.subject_key, c.data
      from candidates c join endpoints e
        on e.events ? c.event and c.changed_at >= e.created_at
       and (c.odoo_database is null or (c.odoo_database = e.odoo_database and c.company_id = e.company_id))
      on conflict (endpoint_id, event, subject_key) do nothing
      returning id::int as id`;
    for (const r of rows) {
      await enqueueJob(tx, "outbound_deliver", { deliveryId: r.id }, { maxAttempts: 12 });
    }
    return rows.length;
  });
}
