/**
 * `npm run bench:webhooks`: accepted signed deliveries per second and p50/p99 latency of
 * POST /webhooks/odoo (verify, record, enqueue in one transaction), against a bare route in the same
 * run on the same server. Load and server both run on this machine, over loopback.
 */

import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import { benchDatabase } from "./lib/benchDatabase.ts";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const secret = "bench-webhook-secret-000000000001";

const db = await benchDatabase();
await runWorkerMigrations({ connectionString: db.url });
// The server runs in its own process, as in production; the load generator in this one.
const server = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("lib/benchServer.ts", import.meta.url))],
  {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      ODOO_WEBHOOK_SECRET: secret,
      CREDENTIALS_KEY: "22".repeat(32),
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
const port = await new Promise<string>((resolve, reject) => {
  server.stdout!.on("data", (d: Buffer) => {
    const m = /port=(\d+)/.exec(d.toString());
    if (m) resolve(m[1]!);
  });
  server.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;

function signed(): { body: string; headers: Record<string, string> } {
  const delivery = randomUUID();
  const body = JSON.stringify({
    company_id: 1,
    data: { note: "benchmark" },
    database: "odoo",
    delivery,
    event: "ping",
    sent_at: new Date().toISOString(),
  });
  const signature = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-order-intake-event": "ping",
      "x-order-intake-delivery": delivery,
      "x-order-intake-signature-256": signature,
    },
  };
}

async function load(title: string, path: string, opts: Partial<autocannon.Options>) {
  const result = await autocannon({ connections, duration: seconds, ...opts, url: `${base}${path}` });
  const ok = result["2xx"];
  const rps = ok / seconds;
  return {
    title,
    rps,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

const bare = await load("GET /healthz (bare route)", "/healthz", { method: "GET" });
const hooks = await load("POST /webhooks/odoo (signed, recorded, enqueued)", "/webhooks/odoo", {
  method: "POST",
  requests: [
    {
      setupRequest: (req) => {
        const d = signed();
        return { ...req, body: d.body, headers: d.headers };
      },
    },
  ],
});
const [jobs] = await db.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs`;

const row = (r: typeof bare) =>
  `${r.title.padEnd(52)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   non-2xx/errors ${r.errors}`;
console.log(`webhook benchmark: ${connections} connections, ${seconds} s each, loopback`);
console.log(row(bare));
console.log(row(hooks));
console.log(`jobs enqueued: ${jobs?.n} (one per accepted delivery)`);
console.log(`ratio webhooks/bare: ${(hooks.rps / bare.rps).toFixed(3)} (throughput)`);

server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
await db.drop();
process.exit(0);
