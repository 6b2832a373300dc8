import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DefinedTask } from "../jobs/defineTask.ts";
import { startWorker, type WorkerHandle } from "../jobs/startWorker.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { startTestSmtp, type TestSmtp } from "../test/reportFixtures.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";
import { odooEventHandlers } from "../webhooks/odooEventHandlers.ts";
import { checkReportsDue } from "./checkReportsDue.ts";
import { createReportMailer } from "./createReportMailer.ts";
import { createReportTasks, scheduleReportsTick } from "./reportTasks.ts";

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;
let smtp: TestSmtp;
const log = memoryLogger("silent").logger;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient({
    url: standIn.url,
    db: standIn.db,
    user: standIn.user.login,
    apiKey: standIn.user.apiKey,
  });
  smtp = await startTestSmtp();
}, 30_000);

afterAll(async () => {
  client?.close();
  await smtp?.stop();
  await standIn?.close();
  await db?.drop();
});

/** A worker process running only the report tasks, as `order-intake worker` would (it schedules the tick). */
async function reportWorker(tickSeconds = 1, now?: () => Date): Promise<WorkerHandle> {
  const tasks = createReportTasks({
    handle: db,
    odoo: async () => client,
    mailer: createReportMailer(smtp.url),
    from: "Order Intake <reports@ourcompany.example>",
    tickSeconds,
    now,
  }) as DefinedTask[];
  const worker = await startWorker({
    handle: db,
    logger: log,
    tasks,
    options: { concurrency: 2, heartbeatMs: 500, staleAfterMs: 3000, pollInterval: 200 },
  });
  await scheduleReportsTick(db, 0);
  return worker;
}

const settings = (
  company: number,
  time: string,
  database = standIn.db,
  recipients = ["finance@example.com"],
) =>
  db.sql`
    insert into order_intake.settings (odoo_database, company_id, values)
    values (${database}, ${company}, ${JSON.stringify({
      reports: {
        enabled: true,
        frequency: "daily",
        time,
        weekday: 0,
        time_zone: "UTC",
        recipients,
        company_name: `Company ${company}`,
      },
    })}::jsonb)
    on conflict (odoo_database, company_id) do update set values = excluded.values`;
const runs = (company: number, database = standIn.db) =>
  db.sql<
    {
      id: number;
      status: string;
      attempts: number;
      error: string | null;
      period_key: string;
      odoo_report_id: number | null;
    }[]
  >`
    select id::int as id, status, attempts, error, period_key, odoo_report_id from order_intake.report_runs
    where company_id = ${company} and odoo_database = ${database} order by id`;
const anchor = (company: number, at: Date, database = standIn.db) =>
  db.sql`insert into order_intake.report_schedules (odoo_database, company_id, anchor_at)
         values (${database}, ${company}, ${at.toISOString()})`;
const hhmm = (d: Date) => d.toISOString().slice(11, 16);

/**
 * The clock the report ticks read (once per tick): set to a fixed time, or the real time when
 * `at` is null. It counts the ticks, so a test can let ticks really run before asserting that
 * nothing more happened, however slow the machine.
 */
function tickClock(at: Date | null = null) {
  let ticks = 0;
  const clock = {
    at,
    now: () => {
      ticks++;
      return clock.at ?? new Date();
    },
    async ticks(n: number, what: string) {
      const target = ticks + n;
      await waitFor(async () => ticks >= target, { what: `${n} ticks (${what})`, timeoutMs: 30_000 });
    },
  };
  return clock;
}

/** Conditions on workers under load: polled, with a generous limit (not a timing claim). */
const within = (what: string, timeoutMs = 30_000) => ({ what, timeoutMs });

describe("scheduled reports", () => {
  it("is due at the slot, not before; concurrent checks make exactly one run", async () => {
    await settings(11, "07:00");
    await anchor(11, new Date("2026-11-19T12:00:00Z"));
    expect(await checkReportsDue({ handle: db, log, now: new Date("2026-11-20T06:59:59Z") })).toBe(0);
    const counts = await Promise.all(
      Array.from({ length: 5 }, () =>
        checkReportsDue({ handle: db, log, now: new Date("2026-11-20T07:00:00Z") }),
      ),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await runs(11)).map((r) => r.period_key)).toEqual(["2026-11-20"]);
    // later the same day: still the same period, nothing new; the next day: the next one
    expect(await checkReportsDue({ handle: db, log, now: new Date("2026-11-20T23:00:00Z") })).toBe(0);
    // the 2026-11-20 report could not be sent in the end: the next one covers its period too
    await db.sql`update order_intake.report_runs set status = 'failed' where company_id = 11`;
    expect(await checkReportsDue({ handle: db, log, now: new Date("2026-11-21T07:00:00Z") })).toBe(1);
    const periods = await db.sql<{ period_key: string; period_start: string; period_end: string }[]>`
      select period_key, period_start, period_end from order_intake.report_runs where company_id = 11 order by id`;
    expect(
      periods.map((p) => [
        p.period_key,
        new Date(p.period_start).toISOString(),
        new Date(p.period_end).toISOString(),
      ]),
    ).toEqual([
      ["2026-11-20", "2026-11-19T07:00:00.000Z", "2026-11-20T07:00:00.000Z"],
      ["2026-11-21", "2026-11-19T07:00:00.000Z", "2026-11-21T07:00:00.000Z"],
    ]);
    await db.sql`delete from order_intake.settings where company_id = 11`;
    await db.sql`delete from graphile_worker._private_jobs`;
  });

  it("workers ticking through the due time send it at the slot, once; a restart repeats nothing; a late worker catches up", async () => {
    const clock = tickClock(new Date("2026-11-20T06:59:00Z"));
    const now = clock.now;
    await settings(1, "07:00", "clock-db");
    await anchor(1, new Date("2026-11-19T12:00:00Z"), "clock-db");
    const before = smtp.received.length;
    const [a, b] = await Promise.all([reportWorker(1, now), reportWorker(1, now)]);
    await clock.ticks(2, "before the due time");
    expect(await runs(1, "clock-db")).toHaveLength(0);
    clock.at = new Date("2026-11-20T07:00:00Z");
    await waitFor(
      async () => (await runs(1, "clock-db"))[0]?.status === "sent",
      within("the report at 07:00"),
    );
    await clock.ticks(2, "after it");
    await a.stop();
    await b.stop();
    clock.at = new Date("2026-11-20T07:30:00Z");
    const c = await reportWorker(1, now); // restart
    await clock.ticks(2, "after the restart");
    await c.stop();
    expect((await runs(1, "clock-db")).map((r) => r.period_key)).toEqual(["2026-11-20"]);
    expect(smtp.received.length - before).toBe(1);
    // no worker runs through the next due time; the first to come back sends the missed report, once
    clock.at = new Date("2026-11-21T09:15:00Z");
    const d = await reportWorker(1, now);
    await waitFor(async () => (await runs(1, "clock-db"))[1]?.status === "sent", within("the late report"));
    await clock.ticks(2, "after the late report");
    await d.stop();
    expect((await runs(1, "clock-db")).map((r) => [r.period_key, r.status])).toEqual([
      ["2026-11-20", "sent"],
      ["2026-11-21", "sent"],
    ]);
    expect(smtp.received.length - before).toBe(2);
    await db.sql`delete from order_intake.settings where odoo_database = 'clock-db'`;
  }, 120_000);

  it("sends a due report once, across a restart and with two workers, and logs it in Odoo", async () => {
    // due a minute ago (the worker was down at the time): sent when workers come up, once
    const now = new Date();
    await settings(1, hhmm(new Date(now.getTime() - 60_000)));
    await anchor(1, new Date(now.getTime() - 26 * 3600 * 1000));
    const before = smtp.received.length;
    const clock = tickClock();
    const [a, b] = await Promise.all([reportWorker(1, clock.now), reportWorker(1, clock.now)]);
    const sent = await waitFor(async () => {
      const r = await runs(1);
      return r[0]?.status === "sent" && r[0].odoo_report_id ? r[0] : null;
    }, within("the report to be sent and logged in Odoo"));
    await clock.ticks(2, "after it was sent");
    await a.stop();
    await b.stop();
    const c = await reportWorker(1, clock.now); // restart
    await clock.ticks(2, "after the restart");
    await c.stop();

    expect(await runs(1)).toHaveLength(1);
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["finance@example.com"]);
    expect(mails[0]!.raw).toContain("Subject: Order Intake report");
    expect(mails[0]!.raw).toMatch(/filename=.?order-intake-report-\d{4}-\d{2}-\d{2}\.xlsx/);
    expect(mails[0]!.raw).toContain("Content-Type: text/html");
    const [log1] = standIn.records("order.intake.report").filter((r) => r.bridge_run_id === sent!.id);
    expect(log1).toMatchObject({ state: "sent", attempts: 1, kind: "scheduled" });
    // the workbook sent is downloadable from the report's entry in Odoo, and no longer kept by the bridge
    const attachment = await waitFor(
      async () =>
        standIn
          .records("ir.attachment")
          .find((x) => x.res_model === "order.intake.report" && x.res_id === log1!.id),
      within("the workbook attached in Odoo"),
    );
    expect(attachment!.name).toMatch(/^order-intake-report-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(Buffer.from(String(attachment!.datas), "base64").subarray(0, 2).toString()).toBe("PK");
    const [kept] = await db.sql`select workbook from order_intake.report_runs where id = ${sent!.id}`;
    expect(kept!.workbook).toBeNull();
  }, 120_000);

  it("a failed SMTP send is logged (bridge and Odoo) and retried until it goes", async () => {
    // a second Odoo database (company 1 there): its own schedule and period keys
    await settings(1, "00:00", "second-db");
    await anchor(1, new Date(Date.now() - 3 * 24 * 3600 * 1000), "second-db");
    smtp.failNext(1);
    const before = smtp.received.length;
    const worker = await reportWorker(3600);
    const failed = await waitFor(async () => {
      const r = await runs(1, "second-db");
      return r[0]?.status === "failed" ? r[0] : null;
    }, within("the failed attempt to be recorded"));
    expect(failed!.error).toMatch(/^SMTP: .*451/);
    expect(failed!.attempts).toBe(1);
    await waitFor(
      async () =>
        standIn
          .records("order.intake.report")
          .find((r) => r.bridge_run_id === failed!.id && r.state === "failed"),
      within("the failure in Odoo's report log"),
    );
    // graphile-worker's backoff brings it back (exp(1) ≈ 2.7 s)
    const sent = await waitFor(async () => {
      const r = await runs(1, "second-db");
      return r[0]?.status === "sent" ? r[0] : null;
    }, within("the retry to send it"));
    expect(sent!.attempts).toBe(2);
    expect(sent!.error).toBeNull();
    await waitFor(
      async () =>
        standIn
          .records("order.intake.report")
          .find((r) => r.bridge_run_id === sent!.id && r.state === "sent"),
      within("the success in Odoo's report log"),
    );
    await worker.stop();
    expect(smtp.received.length - before).toBe(1);
  }, 120_000);

  it("Send test in Odoo: the report of the last period goes to the recipients given, once, logged as a test", async () => {
    const delivery = {
      event: "report.test_requested" as const,
      delivery: "6f1c1a8e-5d0b-4a39-9c57-2f6b1d1f0a11",
      sent_at: new Date().toISOString(),
      database: standIn.db,
      company_id: 1,
      data: { recipients: ["boss@example.com"], requested_by: { id: 2, login: "admin" } },
    };
    await odooEventHandlers["report.test_requested"]({ handle: db, log }, delivery);
    await odooEventHandlers["report.test_requested"]({ handle: db, log }, delivery); // redelivered
    const before = smtp.received.length;
    const worker = await reportWorker(3600);
    const run = await waitFor(async () => {
      const [r] = await db.sql<{ id: number; status: string; kind: string }[]>`
          select id::int as id, status, kind from order_intake.report_runs where period_key = ${`test:${delivery.delivery}`}`;
      return r?.status === "sent" ? r : null;
    }, within("the test report"));
    await worker.stop();
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["boss@example.com"]);
    expect(mails[0]!.raw).toContain("[Test] Order Intake report");
    expect(standIn.records("order.intake.report").find((r) => r.bridge_run_id === run!.id)).toMatchObject({
      kind: "test",
      state: "sent",
    });
  }, 60_000);
});
