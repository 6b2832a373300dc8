import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { type LayoutHints, type LayoutMemory, mergeHints } from "../extract/layout/layoutMemory.ts";

/** The layout memory in PostgreSQL (`layout_memory`, one row per Odoo database and sender). */
export function createPgLayoutMemory(handle: DatabaseHandle, odooDatabase: string): LayoutMemory {
  const read = async (sender: string) => {
    const [row] = await handle.sql<{ hints: LayoutHints }[]>`
      select hints from order_intake.layout_memory where odoo_database = ${odooDatabase} and sender = ${sender}`;
    return row?.hints ?? null;
  };
  return {
    hintsFor: read,
    async learn(sender, learnt) {
      if (!learnt.notItems?.length && !learnt.priceBase && !Object.keys(learnt.columns ?? {}).length) return;
      const hints = mergeHints(await read(sender), learnt);
      await handle.sql`
        insert into order_intake.layout_memory (odoo_database, sender, hints)
        values (${odooDatabase}, ${sender}, ${JSON.stringify(hints)}::jsonb)
        on conflict (odoo_database, sender) do update set hints = excluded.hints, updated_at = now()`;
    },
  };
}
