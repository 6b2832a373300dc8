/** A worker process running only odoo_write_draft, for the kill tests (DATABASE_URL, ODOO_*). */
import { connectDatabase } from "../../db/connectDatabase.ts";
import type { DefinedTask } from "../../jobs/defineTask.ts";
import { startWorker } from "../../jobs/startWorker.ts";
import { createOdooWriteDraftTask } from "../../jobs/tasks/odooWriteDraft.ts";
import { createLogger } from "../../log/createLogger.ts";
import { lazyOdooClient } from "../../odoo/lazyOdooClient.ts";
import { runUntilSignal } from "../../service/runUntilSignal.ts";

const env = process.env as Record<string, string>;
const handle = connectDatabase(env.DATABASE_URL!, { max: 8 });
const logger = createLogger({ level: env.LOG_LEVEL ?? "warn" });
const odoo = lazyOdooClient(
  { url: env.ODOO_URL!, db: env.ODOO_DB!, user: env.ODOO_USER!, apiKey: env.ODOO_API_KEY! },
  { timeoutMs: 10_000, attempts: 6, backoffMs: 100 },
);
const worker = await startWorker({
  handle,
  logger,
  tasks: [createOdooWriteDraftTask({ handle, odoo }) as DefinedTask],
  options: {
    concurrency: Number(env.WORKER_CONCURRENCY ?? 4),
    heartbeatMs: 300,
    staleAfterMs: 1500,
    pollInterval: 200,
  },
});
process.stdout.write("ready\n");
await runUntilSignal(logger, async () => {
  await worker.stop();
  await handle.close();
});
process.exit(0);
