/**
 * npm run bench:odoo [-- N]: creates N (100) drafts through the bridge (odoo_write_draft jobs on a
 * worker, each with its lines, source files, note and intake log) and N directly (one plain
 * sale.order create each, with the same order values and lines), in one run against the same server:
 * a real Odoo when ODOO_URL/ODOO_DB/ODOO_USER/ODOO_API_KEY are set, else the stand-in. Both sides have
 * at most BENCH_ODOO_IN_FLIGHT (4) requests in flight to Odoo (the bridge's worker runs
 * WORKER_CONCURRENCY, by default twice that, jobs at once); the ratio is taken against the direct rate
 * at that concurrency; the direct creates also run one after the other, for reference. The three run
 * in BENCH_ROUNDS (10) interleaved rounds (short rounds, so that the load of a shared machine, which
 * changes within seconds, weighs on both sides alike). Prints the rates, their ratio and the Odoo calls
 * per draft.
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
import { PermanentJobError } from "../bridge/jobs/jobErrors.ts";
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
// At most `concurrency` requests in flight to Odoo on both sides (the client's HTTP connections); the
// bridge's worker runs twice as many jobs, so that its own bookkeeping (PostgreSQL, reading the source
// email) overlaps the Odoo calls instead of adding to them.
const concurrency = Number(process.env.BENCH_ODOO_IN_FLIGHT ?? 4);
const workerConcurrency = Number(process.env.WORKER_CONCURRENCY ?? concurrency * 2);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 10));
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
const client = await createOdooClient(conn, { maxSockets: concurrency });
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
  /** Runs fn(from..to-1) with `width` calls in flight; returns the seconds it took. */
  const pool = async (from: number, to: number, width: number, fn: (i: number) => Promise<unknown>) => {
    let next = from;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(width, to - from) }, async () => {
        for (let i = next++; i < to; i = next++) await fn(i);
      }),
    );
    return (performance.now() - t) / 1000;
  };
  // Warm-up (not counted): the first calls of a fresh server are slower for both.
  await pool(0, Math.min(10, n), concurrency, (i) => client.create("sale.order", directValues("warm", i)));

  const ids = await seedDecidedMessages(
    handle,
    mkdtempSync(path.join(tmpdir(), "oi-bench-")),
    Array.from({ length: n }, (_, i) => ({
      messageId: `<bench-${run}-${i}@intake-test.example>`,
      result: sampleResult(`PO-${run}-${i}`),
    })),
  );
  // The bench learns in-process when a job has written its draft (the handler has recorded it in
  // `drafts`), instead of polling PostgreSQL: the harness adds no work to the bridge's side.
  const writeTask = createOdooWriteDraftTask({ handle, odoo: async () => client });
  let handled = 0;
  let onHandled = () => {};
  const countedTask: typeof writeTask = {
    ...writeTask,
    handler: async (payload, ctx) => {
      const count = () => {
        handled++;
        onHandled();
      };
      try {
        await writeTask.handler(payload, ctx);
      } catch (err) {
        // a retryable failure runs again later: only a written or permanently failed draft counts
        if (err instanceof PermanentJobError) count();
        throw err;
      }
      count();
    },
  };
  const worker = await startWorker({
    handle,
    logger: createLogger({ level: "error" }),
    tasks: [countedTask as DefinedTask],
    options: { concurrency: workerConcurrency, heartbeatMs: 1000, staleAfterMs: 30_000, pollInterval: 100 },
  });
  /** Through the bridge: odoo_write_draft jobs for messages from..to-1, until all are written. */
  const bridgeChunk = async (from: number, to: number) => {
    const t = performance.now();
    await handle.sql.begin(async (tx) => {
      for (const id of ids.slice(from, to))
        await enqueueJob(tx, "odoo_write_draft", { messageId: id, orderIndex: 0 });
    });
    if (handled < to)
      await new Promise<void>((resolve) => {
        onHandled = () => {
          if (handled >= to) resolve();
        };
      });
    return (performance.now() - t) / 1000;
  };
  // Interleaved rounds (the order alternating), so that a change of load on the machine during the
  // run weighs on both sides alike.
  let directSeconds = 0;
  let sequentialSeconds = 0;
  let bridgeSeconds = 0;
  let bridgeCalls = 0;
  const callTotals = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    const from = Math.floor((n * r) / rounds);
    const to = Math.floor((n * (r + 1)) / rounds);
    const direct = () =>
      pool(from, to, concurrency, (i) => client.create("sale.order", directValues("c", i))).then((s) => {
        directSeconds += s;
      });
    const bridge = async () => {
      const before = new Map(standIn?.calls ?? []);
      bridgeSeconds += await bridgeChunk(from, to);
      for (const [k, v] of standIn?.calls ?? []) {
        const d = v - (before.get(k) ?? 0);
        if (d > 0) {
          callTotals.set(k, (callTotals.get(k) ?? 0) + d);
          bridgeCalls += d;
        }
      }
    };
    if (r % 2 === 0) {
      await direct();
      await bridge();
    } else {
      await bridge();
      await direct();
    }
    sequentialSeconds += await pool(from, to, 1, (i) => client.create("sale.order", directValues("s", i)));
  }
  const directRate = n / directSeconds;
  const directSequentialRate = n / sequentialSeconds;
  const bridgeRate = n / bridgeSeconds;
  const callsPerDraft = standIn
    ? `${(bridgeCalls / n).toFixed(2)} (${[...callTotals].map(([k, v]) => `${k} ${v}`).join(", ")})`
    : "n/a (real Odoo)";
  await worker.stop();
  const [failed] = await handle.sql<
    { n: string }[]
  >`select count(*) filter (where state <> 'created') as n from order_intake.drafts`;
  console.log(
    `server: ${standIn ? "Odoo stand-in" : conn.url} (${(await client.version()).serverVersion}), N=${n} in ${rounds} interleaved rounds, at most ${concurrency} requests in flight to Odoo on both sides`,
  );
  console.log(
    `direct create:  ${directRate.toFixed(1)} orders/s (one plain sale.order create call each: order + the same lines, no files, note or log; ${concurrency} at once); ${directSequentialRate.toFixed(1)} orders/s one after the other`,
  );
  console.log(
    `through bridge: ${bridgeRate.toFixed(1)} drafts/s (${workerConcurrency} jobs at once, ${concurrency} Odoo connections; each job reads its message, writes order + lines, 2 source files, note and intake log, and records the draft; Odoo calls per draft: ${callsPerDraft}; not written: ${failed!.n})`,
  );
  const ratio = bridgeRate / directRate;
  console.log(
    `ratio bridge/direct (same requests in flight): ${(ratio * 100).toFixed(0)} % ${ratio >= 0.8 ? "(>= 80 %: OK)" : "(< 80 %: FAILED)"}; bridge/direct one after the other: ${((bridgeRate / directSequentialRate) * 100).toFixed(0)} %`,
  );
  process.exitCode = ratio >= 0.8 ? 0 : 1;
} finally {
  client.close();
  await standIn?.close();
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
