/**
 * npm run bench:odoo [-- N]: creates N (100) drafts through the bridge (odoo_write_draft jobs on a
 * worker with WORKER_CONCURRENCY (4) jobs at once, each with its lines, source files, note and intake
 * log) and N directly (one plain sale.order create each with the same order values and lines), in one
 * run against the same server: a real Odoo when ODOO_URL/ODOO_DB/ODOO_USER/ODOO_API_KEY are set, else
 * the stand-in. The direct creates run with the same concurrency as the bridge (the ratio is taken
 * against that rate) and, for reference, one after the other. Prints the rates, their ratio and the
 * Odoo calls per draft.
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
const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 4);
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

  // Direct: one plain create per order with the order values and lines the bridge writes (without
  // its files, note and log), all ids known beforehand.
  const [uom] = await client.search("uom.uom", [["name", "=", "Units"]], { limit: 1 });
  const [eur] = await client.search("res.currency", [["name", "=", "EUR"]], { limit: 1 });
  const [pricelist] = eur
    ? await client.search("product.pricelist", [["currency_id", "=", eur]], { limit: 1 })
    : [];
  const directValues = (tag: string, i: number) => ({
    partner_id: partnerId,
    client_order_ref: `DIRECT-${run}-${tag}${i}`,
    date_order: "2025-03-14 12:00:00",
    commitment_date: "2025-03-28 12:00:00",
    ...(pricelist ? { pricelist_id: pricelist } : {}),
    order_line: [
      [
        0,
        0,
        {
          product_id: productIds[0],
          name: "Product one",
          product_uom_qty: 3,
          product_uom: uom,
          price_unit: 118,
        },
      ],
      [
        0,
        0,
        {
          product_id: productIds[1],
          name: "Product two",
          product_uom_qty: 10,
          product_uom: uom,
          price_unit: 45.5,
        },
      ],
    ],
  });
  /** Runs fn(0..count-1) with `width` calls in flight; returns the rate per second. */
  const pool = async (count: number, width: number, fn: (i: number) => Promise<unknown>) => {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(width, count) }, async () => {
        for (let i = next++; i < count; i = next++) await fn(i);
      }),
    );
    return count / ((performance.now() - t) / 1000);
  };
  // Warm-up (not counted): the first calls of a fresh server are slower for both.
  await pool(Math.min(10, n), concurrency, (i) => client.create("sale.order", directValues("warm", i)));
  const directRate = await pool(n, concurrency, (i) => client.create("sale.order", directValues("c", i)));
  const directSequentialRate = await pool(n, 1, (i) => client.create("sale.order", directValues("s", i)));
  const callsBefore = new Map(standIn?.calls ?? []);

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
  const callDiff = [...(standIn?.calls ?? [])]
    .map(([k, v]) => [k, v - (callsBefore.get(k) ?? 0)] as const)
    .filter(([, v]) => v > 0);
  const callsPerDraft = standIn
    ? `${(callDiff.reduce((a, [, v]) => a + v, 0) / n).toFixed(2)} (${callDiff.map(([k, v]) => `${k} ${v}`).join(", ")})`
    : "n/a (real Odoo)";
  await worker.stop();
  const [failed] = await handle.sql<
    { n: string }[]
  >`select count(*) as n from order_intake.drafts where state = 'failed'`;
  console.log(
    `server: ${standIn ? "Odoo stand-in" : conn.url} (${(await client.version()).serverVersion}), N=${n}, bridge concurrency ${concurrency}`,
  );
  console.log(
    `direct create:  ${directRate.toFixed(1)} orders/s (one create call each, ${concurrency} at once); ${directSequentialRate.toFixed(1)} orders/s one after the other`,
  );
  console.log(
    `through bridge: ${bridgeRate.toFixed(1)} drafts/s (jobs, ${concurrency} at once: order + lines, 2 source files, note, intake log; Odoo calls per draft: ${callsPerDraft}; failed: ${failed!.n})`,
  );
  const ratio = bridgeRate / directRate;
  console.log(
    `ratio bridge/direct (same concurrency): ${(ratio * 100).toFixed(0)} % ${ratio >= 0.8 ? "(>= 80 %: OK)" : "(< 80 %: FAILED)"}; bridge/direct one after the other: ${((bridgeRate / directSequentialRate) * 100).toFixed(0)} %`,
  );
  process.exitCode = ratio >= 0.8 ? 0 : 1;
} finally {
  client.close();
  await standIn?.close();
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
