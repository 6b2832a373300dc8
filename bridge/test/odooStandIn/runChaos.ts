import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import type { OdooConnection } from "../../odoo/odooClient.ts";
import type { OdooStandIn } from "./createOdooStandIn.ts";
import { sampleResult, seedDecidedMessages } from "./seedDecidedMessages.ts";

const workerScript = new URL("./writeDraftWorker.ts", import.meta.url).pathname;

export interface ChaosReport {
  drafts: number;
  kills: number;
  createdInBridge: number;
  orders: number;
  logs: number;
  /** Orders that do not have exactly their 2 source files and 1 chatter note. */
  ordersWithWrongFilesOrNotes: number;
  seconds: number;
}

/**
 * Writes `count` drafts with worker processes that are SIGKILLed at random moments (and, with an
 * outage, Odoo unreachable for `outageMs` in the middle), until every draft is recorded as created.
 * The stand-in runs in this process, so its records survive the kills.
 */
export async function runChaos(deps: {
  handle: DatabaseHandle;
  standIn: OdooStandIn;
  conn: OdooConnection;
  count: number;
  kills: number;
  outageMs?: number;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<ChaosReport> {
  const { handle, standIn, conn, count } = deps;
  const started = Date.now();
  const run = Math.random().toString(36).slice(2, 8);
  const ids = await seedDecidedMessages(
    handle,
    mkdtempSync(path.join(tmpdir(), "oi-chaos-")),
    Array.from({ length: count }, (_, i) => ({
      messageId: `<chaos-${run}-${i}@intake-test.example>`,
      result: sampleResult(`PO-${run}-${i}`),
    })),
  );
  for (const id of ids) await enqueueJob(handle.sql, "odoo_write_draft", { messageId: id, orderIndex: 0 });

  const spawnWorker = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", workerScript], {
        env: {
          ...process.env,
          DATABASE_URL: handle.url,
          ODOO_URL: conn.url,
          ODOO_DB: conn.db,
          ODOO_USER: conn.user,
          ODOO_API_KEY: conn.apiKey,
          LOG_LEVEL: "error",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      child.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("ready")) resolve(child);
      });
      child.once("exit", () => reject(new Error("worker exited before ready")));
    });
  const createdCount = async () =>
    Number(
      (
        await handle.sql<{ n: string }[]>`
        select count(*) as n from order_intake.drafts where state = 'created' and message_id = any(${ids}::bigint[])`
      )[0]!.n,
    );

  let worker = await spawnWorker();
  let kills = 0;
  // the kills fall at random points spread over the whole run (by drafts written so far)
  const killAt = Array.from({ length: deps.kills }, () => Math.floor(Math.random() * count * 0.6)).sort(
    (a, b) => a - b,
  );
  let outage = deps.outageMs !== undefined;
  const deadline = Date.now() + (deps.timeoutMs ?? 120_000);
  while ((await createdCount()) < count) {
    if (Date.now() > deadline)
      throw new Error(`chaos: only ${await createdCount()} of ${count} drafts after the deadline`);
    // near the end with kills left (several points passed during one restart): they happen now
    if (kills < deps.kills && (await createdCount()) >= count * 0.8) killAt.fill(0, kills);
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 400));
    const done = await createdCount();
    if (outage && done >= count / 3) {
      outage = false;
      deps.log?.(`Odoo unreachable for ${deps.outageMs} ms at ${done}/${count}`);
      standIn.unreachable(deps.outageMs);
    }
    if (kills < deps.kills && done < count && done >= killAt[kills]!) {
      worker.kill("SIGKILL");
      kills++;
      deps.log?.(`killed the worker at ${done}/${count} (${kills}/${deps.kills})`);
      worker = await spawnWorker();
    }
  }
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  const keys = new Set(Array.from({ length: count }, (_, i) => `<chaos-${run}-${i}@intake-test.example>`));
  const orders = standIn.records("sale.order").filter((o) => keys.has(String(o.order_intake_message_id)));
  const orderIds = new Set(orders.map((o) => o.id));
  const logs = standIn.records("order.intake.log").filter((l) => orderIds.has(l.res_id as number));
  const perOrder = (model: string, field: string) => {
    const n = new Map<number, number>();
    for (const r of standIn.records(model)) {
      if (r[field] === "sale.order" && orderIds.has(r.res_id as number))
        n.set(r.res_id as number, (n.get(r.res_id as number) ?? 0) + 1);
    }
    return n;
  };
  const files = perOrder("ir.attachment", "res_model");
  const notes = perOrder("mail.message", "model");
  const ordersWithWrongFilesOrNotes = orders.filter(
    (o) => files.get(o.id) !== 2 || notes.get(o.id) !== 1,
  ).length;
  return {
    drafts: count,
    kills,
    createdInBridge: await createdCount(),
    orders: orders.length,
    logs: logs.length,
    ordersWithWrongFilesOrNotes,
    seconds: (Date.now() - started) / 1000,
  };
}
