import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { Logger } from "../log/createLogger.ts";
import { dueReport, scheduleFromSettings } from "./reportSchedule.ts";

/**
 * For every company whose mirrored settings have reports on: is one due? Decided from the last
 * report recorded in `report_runs` (not from graphile's job keys, which are not a permanent log). The
 * run row is unique per company and period, and its `report_send` job is enqueued in the same
 * transaction: with several workers checking at once, exactly one row and one job come out.
 */
export async function checkReportsDue(deps: {
  handle: DatabaseHandle;
  log: Logger;
  now?: Date;
}): Promise<number> {
  const { sql } = deps.handle;
  const now = deps.now ?? new Date();
  const companies = await sql<{ odoo_database: string; company_id: number; values: unknown }[]>`
    select odoo_database, company_id, values from order_intake.settings order by id`;
  let created = 0;
  for (const c of companies) {
    const schedule = scheduleFromSettings(c.values);
    if (!schedule) continue;
    const [anchor] = await sql<{ anchor_at: Date }[]>`
      insert into order_intake.report_schedules (odoo_database, company_id, anchor_at)
      values (${c.odoo_database}, ${c.company_id}, ${now.toISOString()})
      on conflict (odoo_database, company_id) do update set anchor_at = order_intake.report_schedules.anchor_at
      returning anchor_at`;
    const [last] = await sql<
      { due_at: string; period_start: string; period_end: string; status: string; sent_end: string | null }[]
    >`
      select r.due_at, r.period_start, r.period_end, r.status,
             (select max(s.period_end) from order_intake.report_runs s
              where s.odoo_database = r.odoo_database and s.company_id = r.company_id and s.kind = 'scheduled'
                and s.status = 'sent') as sent_end
      from order_intake.report_runs r
      where r.odoo_database = ${c.odoo_database} and r.company_id = ${c.company_id} and r.kind = 'scheduled'
      order by r.due_at desc limit 1`;
    // A report that could not be sent in the end leaves its period to the next one, which starts where
    // the last report actually sent ended: the figures of a failed period are not lost.
    const coveredUntil = last
      ? last.status === "failed"
        ? (last.sent_end ?? last.period_start)
        : last.period_end
      : null;
    const due = dueReport(
      schedule,
      last ? { slot: new Date(last.due_at), periodEnd: new Date(coveredUntil!) } : null,
      new Date(anchor!.anchor_at),
      now,
    );
    if (!due) continue;
    await sql.begin(async (tx) => {
      const [run] = await tx<{ id: number }[]>`
        insert into order_intake.report_runs (odoo_database, company_id, kind, period_key, due_at, period_start,
                                              period_end, time_zone, recipients)
        values (${c.odoo_database}, ${c.company_id}, 'scheduled', ${due.periodKey}, ${due.slot.toISOString()}, ${due.periodStart.toISOString()},
                ${due.slot.toISOString()}, ${schedule.time_zone}, ${JSON.stringify(schedule.recipients)}::jsonb)
        on conflict (odoo_database, company_id, period_key) do nothing
        returning id::int as id`;
      if (!run) return;
      await enqueueJob(tx, "report_send", { runId: run.id }, { maxAttempts: 10 });
      created++;
      deps.log.info(
        { database: c.odoo_database, company: c.company_id, period: due.periodKey, run: run.id },
        "report due: queued",
      );
    });
  }
  return created;
}
