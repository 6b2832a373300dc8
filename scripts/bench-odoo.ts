/**
 * npm run bench:odoo [-- N]: creates N (100) drafts through the bridge (odoo_write_draft jobs on a
 * worker, with their log, attachments and note) and N directly (one sale.order create each, one after
 * the other), in one run against the same server: a real Odoo when ODOO_URL/ODOO_DB/ODOO_USER/
 * ODOO_API_KEY are set, else the stand-in. Prints both rates and their ratio.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";
import { connectDatabase } from "../bridge/db/connectDatabase.ts";
import { runMigrations } from "../bridge/db/runMigrations.ts";
import type { DefinedTask } from "../bridge/jobs/defineTask.ts";
import { enqueueJob } from "../bridge/jobs/enqueueJob.ts";
import { startWorker } from "../bridge/jobs/startWorker.ts";
import { createOdooWriteDraftTask } from "../bridge/jobs/tasks/odooWriteDraft.ts";
import { createLogger } from "../bridge/log/createLogger.ts";
import { createOdooClient } from "../bridge/odoo/createOdooClient.ts";
import { createOdooStandIn } from "../bridge/test/odooStandIn/createOdooStandIn.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../bridge/test/odooStandIn/seedDecidedMessages.ts";

const n = Number(process.argv[2] ?? 100);
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 8);
const env = process.env;
const standIn = env.ODOO_URL ? undefined : await createOdooStandIn();
const conn = standIn
  ? { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey }
  : { url: env.ODOO_URL!, db: env.ODOO_DB!, user: env.ODOO_USER!, apiKey: env.ODOO_API_KEY! };
const adminUrl = env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `oi_bench_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = connectDatabase(url.toString(), { max: 16 });
const client = await createOdooClient(conn);
try {
  await runMigrations(handle);
  await runWorkerMigrations({ connectionString: handle.url });
  const { partnerId, productIds } = await seedOdooCatalog(client);
  const run = Date.now().toString(36);

  // Direct: one create with the same two lines, one after the other.
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await client.create("sale.order", {
      partner_id: partnerId,
      client_order_ref: `DIRECT-${run}-${i}`,
      order_line: [
        [0, 0, { product_id: productIds[0], product_uom_qty: 3, price_unit: 118 }],
        [0, 0, { product_id: productIds[1], product_uom_qty: 10, price_unit: 45.5 }],
      ],
    });
  }
  const directRate = n / ((performance.now() - t0) / 1000);

  // Through the bridge: jobs on a worker, each with search, create, log, attachments and note.
  const ids = await seedDecidedMessages(
    handle,
    mkdtempSync(path.join(tmpdir(), "oi-bench-")),
    Array.from({ length: n }, (_, i) => ({
      messageId: `<bench-${run}-${i}@intake-test.example>`,
      result: sampleResult(`PO-${run}-${i}`),
    })),
  );
  const worker = await startWorker({
    handle,
    logger: createLogger({ level: "error" }),
    tasks: [createOdooWriteDraftTask({ handle, odoo: async () => client }) as DefinedTask],
    options: { concurrency, heartbeatMs: 1000, staleAfterMs: 30_000, pollInterval: 100 },
  });
  const t1 = performance.now();
  await handle.sql.begin(async (tx) => {
    for (const id of ids) await enqueueJob(tx, "odoo_write_draft", { messageId: id, orderIndex: 0 });
  });
  for (;;) {
    const [r] = await handle.sql<
      { n: string }[]
    >`select count(*) as n from order_intake.drafts where state <> 'pending'`;
    if (Number(r!.n) >= n) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  const bridgeRate = n / ((performance.now() - t1) / 1000);
  await worker.stop();
  const [failed] = await handle.sql<
    { n: string }[]
  >`select count(*) as n from order_intake.drafts where state = 'failed'`;
  console.log(
    `server: ${standIn ? "Odoo stand-in" : conn.url} (${(await client.version()).serverVersion}), N=${n}, bridge concurrency ${concurrency}`,
  );
  console.log(`direct create:  ${directRate.toFixed(1)} drafts/s (one create call each, sequential)`);
  console.log(
    `through bridge: ${bridgeRate.toFixed(1)} drafts/s (search, create, log, link, attachments, note; failed: ${failed!.n})`,
  );
  const ratio = bridgeRate / directRate;
  console.log(
    `ratio bridge/direct: ${(ratio * 100).toFixed(0)} % ${ratio >= 0.8 ? "(>= 80 %: OK)" : "(< 80 %: FAILED)"}`,
  );
  process.exitCode = ratio >= 0.8 ? 0 : 1;
} finally {
  client.close();
  await standIn?.close();
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
