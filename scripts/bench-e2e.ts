/**
 * npm run bench:e2e [-- N]: N (100) order emails appended over IMAP in one burst to a real Dovecot,
 * read by the bridge (its IMAP watcher and its own jobs, in this process) and written as drafts to a
 * real Odoo (ODOO_URL/ODOO_DB/ODOO_USER/ODOO_API_KEY; the stand-in when none is set). Then, in the
 * same run and against the same Odoo, N plain sale.order creates with the same lines (BENCH_IN_FLIGHT,
 * 4, at a time): the raw create rate. Prints drafts per minute, delivery -> draft p50/p95 (delivery:
 * the APPEND answered; draft: its row in the bridge recorded as created in Odoo), the process's peak
 * RSS (the bridge, and the stand-in when it is used), and the ratio to the raw rate.
 */
import { randomBytes } from "node:crypto";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";
import { connectDatabase } from "../bridge/db/connectDatabase.ts";
import { runMigrations } from "../bridge/db/runMigrations.ts";
import { acmeOrder } from "../bridge/test/e2e/e2eMails.ts";
import { liveOdooFromEnv, startE2e } from "../bridge/test/e2e/startE2e.ts";

const n = Number(process.argv[2] ?? 100);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function benchDatabase() {
  const name = `oi_bench_e2e_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), { max: 20 });
  await runMigrations(handle);
  await runWorkerMigrations({ connectionString: handle.url });
  return {
    ...handle,
    name,
    async drop() {
      await handle.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;

const live = liveOdooFromEnv();
const e = await startE2e({
  live,
  createDatabase: benchDatabase,
  env: { LOG_LEVEL: "warn", WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? "4" },
});
try {
  const run = randomBytes(3).toString("hex");
  const ids = Array.from({ length: n }, (_, i) => `<bench-${run}-${i}@e2e.example>`);
  const raws = await Promise.all(ids.map((id, i) => acmeOrder(`B${run}${i}`, id, 1 + (i % 5))));
  const rssBefore = process.memoryUsage().rss;
  const delivered = new Map<string, number>();
  const started = Date.now();
  // one burst: every APPEND on one connection, one after the other
  await e.append(raws);
  const appended = Date.now();
  for (const id of ids) delivered.set(id, appended);
  const drafted = new Map<string, number>();
  const deadline = Date.now() + Math.max(300_000, n * 3000);
  while (drafted.size < n && Date.now() < deadline) {
    const rows = await e.db.sql<{ message_id: string; at: Date }[]>`
      select m.message_id, d.updated_at as at from order_intake.drafts d
      join order_intake.messages m on m.id = d.message_id where d.state = 'created'`;
    for (const r of rows) if (!drafted.has(r.message_id)) drafted.set(r.message_id, new Date(r.at).getTime());
    await new Promise((r) => setTimeout(r, 250));
  }
  const finished = Math.max(...drafted.values());
  const [fetched] = await e.db.sql<{ first: Date; last: Date }[]>`
    select min(created_at) as first, max(created_at) as last from order_intake.messages`;
  // delivery: when the message was in the mailbox; the APPENDs of the burst ran from `started` to
  // `appended`, so each message counts from when the bridge stored it at the latest and no earlier
  // than the burst began (a conservative latency: the whole burst is delivered at `started`)
  const latencies = ids
    .filter((id) => drafted.has(id))
    .map((id) => (drafted.get(id)! - started) / 1000)
    .sort((a, b) => a - b);
  const minutes = (finished - started) / 60_000;
  const peakRss = process.resourceUsage().maxRSS * 1024;

  // the raw Odoo create rate, same run, same Odoo: plain creates with the same lines
  const partner = e.partners.get("C-1001")!;
  const product = e.products.get("FUR-1041")!;
  let next = 0;
  const rawStart = Date.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next++;
        await e.client.create("sale.order", {
          partner_id: partner,
          client_order_ref: `RAW-${run}-${i}`,
          order_line: [[0, 0, { product_id: product, product_uom_qty: 1 + (i % 5), price_unit: 389 }]],
        });
      }
    }),
  );
  const rawPerMin = n / ((Date.now() - rawStart) / 60_000);
  const draftsPerMin = drafted.size / minutes;
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  console.log(
    [
      `bench:e2e — ${n} mails over IMAP in one burst to ${live ? `Odoo at ${live.url}` : "the Odoo 18 stand-in (in this process)"}`,
      `  drafts written:        ${drafted.size}/${n} in ${((finished - started) / 1000).toFixed(1)} s (burst appended in ${((appended - started) / 1000).toFixed(1)} s; fetched ${fetched?.first ? ((new Date(fetched.last).getTime() - new Date(fetched.first).getTime()) / 1000).toFixed(1) : "?"} s apart)`,
      `  drafts per minute:     ${draftsPerMin.toFixed(0)}`,
      `  delivery -> draft:     p50 ${pct(latencies, 50)?.toFixed(1)} s, p95 ${pct(latencies, 95)?.toFixed(1)} s (from the start of the burst)`,
      `  peak RSS:              ${mb(peakRss)} (process; ${mb(rssBefore)} before the burst${live ? "" : ", stand-in included"})`,
      `  raw Odoo create rate:  ${rawPerMin.toFixed(0)} sale.order creates per minute (${inFlight} in flight, same lines)`,
      `  drafts / raw creates:  ${((draftsPerMin / rawPerMin) * 100).toFixed(0)} %`,
    ].join("\n"),
  );
} finally {
  await e.stop();
}
process.exit(0);
