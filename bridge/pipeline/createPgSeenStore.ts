import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { normRef, type SeenOrder, type SeenStore } from "../extract/match/seenStore.ts";

/**
 * Who carried an attachment (kind `attachment` of seen_keys): the distinct PO numbers and customers of
 * every message that carried it, and whether one of them had no PO number. Rows written before this
 * was kept have no data.
 */
export interface AttachmentCarriers {
  pos: string[];
  customers: string[];
  nopo: boolean;
}

/**
 * Whether an attachment seen before is evidence that this message is a resend. An attachment shared by
 * many orders (terms and conditions, data sheets) is not: it counts only when every earlier message
 * carrying it belonged to one order (at most one PO number, at most one customer) and that order is
 * the one this message carries as far as it is known (same PO number or none read, same customer).
 */
export function attachmentIsResend(
  carriers: AttachmentCarriers | null,
  current: { pos: string[]; customers: string[] },
): boolean {
  if (!carriers) return true; // rows from before carriers were kept: as before
  if (carriers.pos.length > 1 || carriers.customers.length > 1) return false;
  if (carriers.pos.length === 1 && carriers.nopo) return false;
  const [po] = carriers.pos;
  if (po === undefined) {
    if (current.pos.length > 0) return false;
  } else if (current.pos.length > 0 && !current.pos.includes(po)) return false;
  const [customer] = carriers.customers;
  if (customer !== undefined && current.customers.length > 0 && !current.customers.includes(customer)) {
    return false;
  }
  return true;
}

/**
 * The extractor's memory of earlier messages, in PostgreSQL (table seen_keys). Lookups ignore what
 * `currentKey` itself recorded, so a job that is re-run after a crash does not find itself a duplicate.
 * One store serves one message: the orders it asks about (customer + PO number) are what an
 * attachment seen before is compared with.
 */
export function createPgSeenStore(handle: DatabaseHandle, currentKey: string): SeenStore {
  const asked = { pos: new Set<string>(), customers: new Set<string>() };
  const lookup = async (kind: string, value: string) => {
    const [row] = await handle.sql<{ message_key: string; data: SeenOrder | null }[]>`
      select message_key, data from order_intake.seen_keys
      where kind = ${kind} and value = ${value} and message_key <> ${currentKey}`;
    return row ?? null;
  };
  return {
    async messageId(id) {
      return (await lookup("message_id", id))?.message_key ?? null;
    },
    async order(customerRef, ref) {
      asked.pos.add(normRef(ref));
      if (customerRef) asked.customers.add(customerRef);
      return (await lookup("order", `${customerRef ?? ""}|${normRef(ref)}`))?.message_key ?? null;
    },
    async attachment(sha) {
      const [row] = await handle.sql<{ message_key: string; data: AttachmentCarriers | null }[]>`
        select message_key, data from order_intake.seen_keys
        where kind = 'attachment' and value = ${sha} and message_key <> ${currentKey}`;
      if (!row) return null;
      const current = { pos: [...asked.pos], customers: [...asked.customers] };
      return attachmentIsResend(row.data, current) ? row.message_key : null;
    },
    async orderOf(key) {
      const [row] = await handle.sql<{ data: SeenOrder }[]>`
        select data from order_intake.seen_keys
        where kind = 'po' and message_key = ${key} and message_key <> ${currentKey} and data is not null
        limit 1`;
      return row?.data ?? null;
    },
    async poNumber(ref) {
      return (await lookup("po", normRef(ref)))?.data ?? null;
    },
    async remember(entry) {
      const rows: Array<{ kind: string; value: string; data: SeenOrder | null }> = [];
      if (entry.messageId) rows.push({ kind: "message_id", value: entry.messageId, data: null });
      for (const o of entry.orders) {
        if (!o.customerReference) continue;
        if (entry.amends && normRef(entry.amends) === normRef(o.customerReference)) {
          // the amended order's lines are now these; its first message stays the order's key
          await handle.sql`
            update order_intake.seen_keys
            set data = jsonb_set(data, '{lines}', ${JSON.stringify(o.lines ?? [])}::jsonb)
            where kind = 'po' and value = ${normRef(o.customerReference)} and data is not null`;
          continue;
        }
        const data: SeenOrder = { ...o, key: entry.key, customerReference: o.customerReference };
        rows.push({ kind: "order", value: `${o.customerRef ?? ""}|${normRef(o.customerReference)}`, data });
        rows.push({ kind: "po", value: normRef(o.customerReference), data });
      }
      for (const r of rows) {
        await handle.sql`
          insert into order_intake.seen_keys (kind, value, message_key, data)
          values (${r.kind}, ${r.value}, ${entry.key}, ${r.data ? JSON.stringify(r.data) : null}::jsonb)
          on conflict (kind, value) do nothing`;
      }
      // every carrier of an attachment adds its PO numbers and customer (the first stays its key)
      const carriers: AttachmentCarriers = {
        pos: [
          ...new Set(
            entry.orders.flatMap((o) => (o.customerReference ? [normRef(o.customerReference)] : [])),
          ),
        ],
        customers: [...new Set(entry.orders.flatMap((o) => (o.customerRef ? [o.customerRef] : [])))],
        nopo: entry.orders.length === 0 || entry.orders.some((o) => !o.customerReference),
      };
      for (const sha of new Set(entry.attachments)) {
        await handle.sql`
          insert into order_intake.seen_keys as s (kind, value, message_key, data)
          values ('attachment', ${sha}, ${entry.key}, ${JSON.stringify(carriers)}::jsonb)
          on conflict (kind, value) do update set data = case
            when s.data is null or s.message_key = excluded.message_key then coalesce(s.data, excluded.data)
            else jsonb_build_object(
              'pos', (select coalesce(jsonb_agg(distinct x), '[]'::jsonb)
                      from jsonb_array_elements((s.data -> 'pos') || (excluded.data -> 'pos')) x),
              'customers', (select coalesce(jsonb_agg(distinct x), '[]'::jsonb)
                            from jsonb_array_elements((s.data -> 'customers') || (excluded.data -> 'customers')) x),
              'nopo', (s.data ->> 'nopo')::boolean or (excluded.data ->> 'nopo')::boolean)
            end`;
      }
    },
  };
}
