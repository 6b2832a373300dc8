/**
 * `npm run bench:latency`: from "the customer pressed Send" to "the job has the message".
 * Starts a private Dovecot and the bridge's worker (IMAP watcher with IDLE; the poll fallback is left
 * at its 5-minute default, so only IDLE can be what finds the mail), appends BENCH_MESSAGES orders to
 * the INBOX one after another, and measures for each the time from the APPEND until its row is
 * stored, its `message_process` job starts, and its decision is stored. Prints p50/p95.
 * Needs root and dovecot-imapd (as the IMAP tests do).
 */

import { readFile } from "node:fs/promises";
import path from "node:path";
import { ImapFlow } from "imapflow";
import { demoCatalogDir, demoInboxDir, loadConfig } from "../bridge/config/loadConfig.ts";
import { createSecretBox } from "../bridge/crypto/secretBox.ts";
import { createLogger } from "../bridge/log/createLogger.ts";
import { startService } from "../bridge/service/startService.ts";
import { dovecotUnavailable, startDovecot } from "../bridge/test/dovecot/startDovecot.ts";
import { benchDatabase } from "./lib/benchDatabase.ts";

const count = Number(process.env.BENCH_MESSAGES ?? 20);
const why = dovecotUnavailable();
if (why) {
  console.log(`bench:latency skipped: ${why}`);
  process.exit(0);
}

const user = { user: "orders@bench.example", password: "bench-imap-password-01" };
const dovecot = await startDovecot([user]);
const db = await benchDatabase();
const key = "33".repeat(32);
const config = loadConfig({
  NODE_ENV: "test",
  DATABASE_URL: db.url,
  ODOO_WEBHOOK_SECRET: "bench-webhook-secret-000000000001",
  CREDENTIALS_KEY: key,
  CATALOG_DIR: demoCatalogDir,
  LOG_LEVEL: "warn",
});
const logger = createLogger({ level: process.env.LOG_LEVEL ?? "warn" });
const service = await startService({ mode: "worker", config, logger, handle: db });
const secretBox = createSecretBox(Buffer.from(key, "hex"));

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

try {
  await db.sql`
    insert into order_intake.settings (odoo_database, company_id, values)
    values ('bench', 1, ${JSON.stringify({ modules: { sales: { enabled: true } } })}::jsonb)`;
  const [mailbox] = await db.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, odoo_database, odoo_id, company_id, module, address, name,
      imap_host, imap_port, imap_security, username, password_sealed, acknowledge)
    values ('imap', 'bench', 1, 1, 'sales', ${user.user}, 'Bench', ${dovecot.host}, ${dovecot.port}, 'none',
      ${user.user}, ${secretBox.seal(user.password)}, false)
    returning id`;
  await db.sql`select pg_notify('order_intake_mailbox', ${JSON.stringify({ id: mailbox!.id, reason: "changed" })})`;
  for (let i = 0; ; i++) {
    const [m] = await db.sql<
      { status: string }[]
    >`select status from order_intake.mailboxes where id = ${mailbox!.id}`;
    if (m?.status === "ok") break;
    if (i > 300) throw new Error("the watcher did not connect to Dovecot");
    await sleep(50);
  }
  await sleep(300); // IDLE started

  const template = await readFile(path.join(demoInboxDir, "01-plain-text-order.eml"), "latin1");
  const appender = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: user.user, pass: user.password },
    logger: false,
  });
  appender.on("error", () => {});
  await appender.connect();
  const stored: number[] = [];
  const started: number[] = [];
  const decided: number[] = [];
  for (let n = 0; n < count; n++) {
    const messageId = `<bench-${n}-${Date.now()}@lindqvist-design.example>`;
    const raw = template.replace(/^Message-ID: .*$/m, `Message-ID: ${messageId}`);
    const t0 = performance.now();
    await appender.append("INBOX", Buffer.from(raw, "latin1"));
    let tStored: number | undefined;
    let tStarted: number | undefined;
    for (;;) {
      const [row] = await db.sql<{ status: string; decided: boolean }[]>`
        select m.status, exists (select 1 from order_intake.decisions d where d.message_id = m.id) as decided
        from order_intake.messages m where m.message_id = ${messageId}`;
      const now = performance.now();
      if (row && tStored === undefined) tStored = now;
      if (row && row.status !== "received" && tStarted === undefined) tStarted = now;
      if (row?.decided) {
        tStarted ??= now;
        stored.push(tStored! - t0);
        started.push(tStarted - t0);
        decided.push(now - t0);
        break;
      }
      if (now - t0 > 30_000) throw new Error(`message ${n} was not decided within 30 s`);
      await sleep(5);
    }
    await sleep(100);
  }
  await appender.logout();
  const fmt = (xs: number[]) =>
    `p50 ${Math.round(percentile(xs, 50))} ms, p95 ${Math.round(percentile(xs, 95))} ms, max ${Math.round(Math.max(...xs))} ms`;
  console.log(
    `bench:latency: ${count} messages appended to Dovecot, one at a time; IMAP IDLE, poll every ${config.imap.pollMs / 1000} s`,
  );
  console.log(`  row stored (fetched over IDLE)   ${fmt(stored)}`);
  console.log(`  processing job started          ${fmt(started)}`);
  console.log(`  decision stored                 ${fmt(decided)}`);
  const p50 = percentile(started, 50);
  console.log(`  goal: job start p50 under 2000 ms: ${p50 < 2000 ? "met" : "NOT met"}`);
} finally {
  await service.stop();
  await db.drop();
  await dovecot.stop();
}
