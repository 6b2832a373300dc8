/**
 * npm run chaos:odoo [-- COUNT KILLS OUTAGE_MS] [--plain]: writes COUNT (200) drafts into the Odoo
 * stand-in with worker processes SIGKILLed KILLS (10) times and Odoo unreachable for OUTAGE_MS (60000)
 * once a third is written; prints the counts, which must be COUNT drafts and COUNT log rows, each
 * draft with its 2 source files and 1 note. `--plain`: an addon without order_intake_create_draft
 * (the write-back in plain calls, where a kill can fall between the calls). Needs a PostgreSQL
 * (TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres).
 */
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";
import { connectDatabase } from "../bridge/db/connectDatabase.ts";
import { runMigrations } from "../bridge/db/runMigrations.ts";
import { createOdooClient } from "../bridge/odoo/createOdooClient.ts";
import { createOdooStandIn } from "../bridge/test/odooStandIn/createOdooStandIn.ts";
import { runChaos } from "../bridge/test/odooStandIn/runChaos.ts";
import { seedOdooCatalog } from "../bridge/test/odooStandIn/seedDecidedMessages.ts";

const argv = process.argv.slice(2);
const plain = argv.includes("--plain");
const [count = 200, kills = 10, outageMs = 60_000] = argv.filter((a) => !a.startsWith("--")).map(Number);
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `oi_chaos_${Date.now().toString(36)}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const handle = connectDatabase(url.toString(), { max: 8 });
const standIn = await createOdooStandIn({ addonMethods: !plain });
try {
  await runMigrations(handle);
  await runWorkerMigrations({ connectionString: handle.url });
  const conn = { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey };
  const client = await createOdooClient(conn);
  await seedOdooCatalog(client);
  client.close();
  const report = await runChaos({
    handle,
    standIn,
    conn,
    count,
    kills,
    outageMs,
    timeoutMs: outageMs + 300_000,
    log: (l) => console.log(l),
  });
  console.log(JSON.stringify(report));
  console.log(
    `write-back: ${plain ? "plain calls (addon without order_intake_create_draft)" : "one call (order_intake_create_draft)"}; ${report.kills} worker kills, Odoo unreachable ${outageMs / 1000} s, ${report.seconds.toFixed(0)} s in all`,
  );
  console.log(`drafts in Odoo: ${report.orders} found, ${count} expected`);
  console.log(`intake log rows in Odoo: ${report.logs} found, ${count} expected`);
  console.log(`drafts recorded as created by the bridge: ${report.createdInBridge} of ${count}`);
  console.log(`drafts without exactly 2 source files and 1 note: ${report.ordersWithWrongFilesOrNotes}`);
  const ok =
    report.orders === count &&
    report.logs === count &&
    report.createdInBridge === count &&
    report.ordersWithWrongFilesOrNotes === 0;
  console.log(ok ? `OK: ${count} drafts and ${count} log rows, none lost, none doubled` : "FAILED");
  process.exitCode = ok ? 0 : 1;
} finally {
  await standIn.close();
  await handle.close();
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
