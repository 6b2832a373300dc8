import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../crypto/secretBox.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";
import type { OdooDelivery } from "../webhooks/odooDelivery.ts";
import { recordDelivery } from "../webhooks/recordDelivery.ts";

const fixture = fileURLToPath(new URL("../test/fixtures/slowPingWorker.ts", import.meta.url));
let db: TestDatabase;
const children: ChildProcess[] = [];

function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], {
    env: { ...process.env, DATABASE_URL: db.url, PING_SLEEP_MS: "3000" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited early with ${code}`)));
  });
}

async function enqueuePing(): Promise<string> {
  const delivery: OdooDelivery = {
    event: "ping",
    delivery: crypto.randomUUID(),
    sent_at: new Date().toISOString(),
    database: "odoo",
    company_id: 1,
    data: {},
  };
  await recordDelivery(db, delivery, createSecretBox(Buffer.alloc(32, 1)));
  return delivery.delivery;
}

async function events(delivery: string) {
  const rows = await db.sql<{ kind: string; n: number }[]>`
    select kind, count(*)::int as n from test_events where delivery = ${delivery} group by kind`;
  return Object.fromEntries(rows.map((r) => [r.kind, r.n])) as Record<string, number>;
}

async function jobsLeft(): Promise<number> {
  const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs`;
  return r!.n;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sql`create table test_events (kind text not null, delivery text not null, at timestamptz default now())`;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await db?.drop();
});

describe("worker crash and shutdown", () => {
  it("a worker killed with SIGKILL mid-job: a new worker runs the job to completion exactly once", async () => {
    const delivery = await enqueuePing();
    const first = await spawnWorker();
    await waitFor(async () => (await events(delivery)).started === 1, { what: "the job to start" });
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const [locked] =
      await db.sql`select locked_by from graphile_worker._private_jobs where locked_by is not null`;
    expect(locked, "the dead worker's lock is still on the job").toBeDefined();

    await spawnWorker();
    await waitFor(async () => (await events(delivery)).completed === 1 && (await jobsLeft()) === 0, {
      what: "the job to complete on the new worker",
      timeoutMs: 30_000,
    });
    const [row] = await db.sql<{ status: string }[]>`
      select status from order_intake.webhook_deliveries where delivery_id = ${delivery}`;
    expect(row!.status).toBe("processed");
    // Give a wrongly re-released job the chance to run twice before asserting it did not.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await events(delivery)).toEqual({ started: 2, completed: 1 });
  }, 60_000);

  it("SIGTERM during a job: the job finishes, nothing stays locked, the process exits 0", async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    const worker = await spawnWorker();
    const delivery = await enqueuePing();
    await waitFor(async () => (await events(delivery)).started === 1, { what: "the job to start" });
    const exited = new Promise<number | null>((r) => worker.once("exit", (code) => r(code)));
    worker.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(await events(delivery)).toEqual({ started: 1, completed: 1 });
    expect(await jobsLeft()).toBe(0);
    const locked = await db.sql`select 1 from graphile_worker._private_jobs where locked_by is not null`;
    expect(locked).toHaveLength(0);
  }, 60_000);
});
