import { z } from "zod";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { scheduleFromSettings } from "../../reports/reportSchedule.ts";
import { isTimeZone } from "../../reports/zonedTime.ts";
import type { OdooEventHandler } from "../odooEventHandlers.ts";

const stepHours = { daily: 24, every_3_days: 72, weekly: 168 } as const;

/**
 * `report.test_requested` (the Send test button): a report of the period that ends now, as long as
 * the configured frequency (a day when unknown), emailed to the recipients given, logged like any run.
 * The delivery id makes its period key, so a redelivered request sends nothing twice.
 */
export const reportTestRequested: OdooEventHandler = async ({ handle, log }, delivery) => {
  const recipients = z.array(z.string().email()).safeParse(delivery.data.recipients);
  if (!recipients.success || recipients.data.length === 0) {
    log.error("report.test_requested without valid recipients; ignored");
    return;
  }
  const [settings] = await handle.sql<{ values: unknown }[]>`
    select values from order_intake.settings
    where odoo_database = ${delivery.database} and company_id = ${delivery.company_id}`;
  const reports = (settings?.values as { reports?: { time_zone?: unknown; frequency?: unknown } } | undefined)
    ?.reports;
  const schedule = scheduleFromSettings(settings?.values);
  const tz =
    typeof reports?.time_zone === "string" && isTimeZone(reports.time_zone) ? reports.time_zone : "UTC";
  const hours = schedule ? stepHours[schedule.frequency] : 24;
  const end = new Date();
  const start = new Date(end.getTime() - hours * 3600 * 1000);
  await handle.sql.begin(async (tx) => {
    const [run] = await tx<{ id: number }[]>`
      insert into order_intake.report_runs (odoo_database, company_id, kind, period_key, due_at, period_start,
                                            period_end, time_zone, recipients)
      values (${delivery.database}, ${delivery.company_id}, 'test', ${`test:${delivery.delivery}`}, ${end.toISOString()}, ${start.toISOString()},
              ${end.toISOString()}, ${tz}, ${JSON.stringify(recipients.data)}::jsonb)
      on conflict (odoo_database, company_id, period_key) do nothing
      returning id::int as id`;
    if (run) await enqueueJob(tx, "report_send", { runId: run.id }, { maxAttempts: 3 });
  });
  log.info({ recipients: recipients.data.length }, "test report queued");
};
