import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { normRef, type SeenOrder, type SeenStore } from "../extract/match/seenStore.ts";

/**
 * The extractor's memory of earlier messages, in PostgreSQL (table seen_keys). Lookups ignore what
 * `currentKey` itself recorded, so a job that is re-run after a crash does not find itself a duplicate.
 */
export function createPgSeenStore(handle: DatabaseHandle, currentKey: string): SeenStore {
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
      return (await lookup("order", `${customerRef ?? ""}|${normRef(ref)}`))?.message_key ?? null;
    },
    async attachment(sha) {
      return (await lookup("attachment", sha))?.message_key ?? null;
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
      for (const a of entry.attachments) rows.push({ kind: "attachment", value: a, data: null });
      for (const r of rows) {
        await handle.sql`
          insert into order_intake.seen_keys (kind, value, message_key, data)
          values (${r.kind}, ${r.value}, ${entry.key}, ${r.data ? JSON.stringify(r.data) : null}::jsonb)
          on conflict (kind, value) do nothing`;
      }
    },
  };
}
