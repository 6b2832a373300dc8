import type { Sql, TransactionSql } from "postgres";
import { syncCatalog } from "../../catalog/syncCatalog.ts";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { defineTask } from "../defineTask.ts";
import { enqueueJob } from "../enqueueJob.ts";

/** How often the catalog cache asks Odoo for what changed. */
export const CATALOG_SYNC_EVERY_MS = 5 * 60_000;

/** One pending `catalog_sync` job (the job key replaces an earlier pending one), after `delayMs`. */
export async function scheduleCatalogSync(
  sql: Sql | TransactionSql,
  delayMs = 0,
  full = false,
): Promise<void> {
  await enqueueJob(
    sql,
    "catalog_sync",
    { full },
    { jobKey: "catalog_sync", runAt: new Date(Date.now() + delayMs), maxAttempts: 3 },
  );
}

/**
 * Job `catalog_sync`: copies what changed in Odoo's products and customers into the catalog cache
 * (bridge/catalog/syncCatalog.ts), then schedules the next run. Matching reads only the cache.
 */
export function createCatalogSyncTask(deps: {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
  odooDatabase: string;
  everyMs?: number;
}) {
  return defineTask("catalog_sync", async ({ full }, ctx) => {
    try {
      const result = await syncCatalog({
        handle: deps.handle,
        client: await deps.odoo(),
        odooDatabase: deps.odooDatabase,
        full,
      });
      ctx.log.info(result, "catalog cache synced from Odoo");
    } finally {
      await scheduleCatalogSync(deps.handle.sql, deps.everyMs ?? CATALOG_SYNC_EVERY_MS);
    }
  });
}
