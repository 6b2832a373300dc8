import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { defineTask } from "../jobs/defineTask.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { attachReportWorkbook, writeReportLog } from "../odoo/writeReportLog.ts";
import { buildReportWorkbook, reportFileName } from "./buildReportWorkbook.ts";
import { checkReportsDue } from "./checkReportsDue.ts";
import { collectReportData } from "./collectReportData.ts";
import type { ReportMailer } from "./createReportMailer.ts";
import { renderReportEmail, reportSubject } from "./renderReportEmail.ts";
import { localDateKey } from "./zonedTime.ts";

export interface ReportRun {
  id: number;
  odoo_database: string;
  company_id: number;
  kind: string;
  period_key: string;
  period_start: Date;
  period_end: Date;
  time_zone: string;
  recipients: string[];
  status: string;
  attempts: number;
  error: string | null;
  figures: unknown;
  email_message_id: string | null;
  odoo_report_id: number | null;
  sent_at: Date | null;
  company_name: string | null;
}

/** The attachment's name: the period's last day, as in the email (`order-intake-report-2026-11-21.xlsx`). */
export function reportFileNameFor(run: Pick<ReportRun, "period_end" | "time_zone">): string {
  return `order-intake-report-${localDateKey(new Date(run.period_end), run.time_zone)}.xlsx`;
}

export async function readReportRun(handle: DatabaseHandle, runId: number): Promise<ReportRun | undefined> {
  const [run] = await handle.sql<ReportRun[]>`
    select r.id::int as id, r.odoo_database, r.company_id, r.kind, r.period_key, r.period_start, r.period_end,
           r.time_zone, r.recipients, r.status, r.attempts, r.error, r.figures, r.email_message_id,
           r.odoo_report_id, r.sent_at, s.values -> 'reports' ->> 'company_name' as company_name
    from order_intake.report_runs r
    left join order_intake.settings s on s.odoo_database = r.odoo_database and s.company_id = r.company_id
    where r.id = ${runId}`;
  return run;
}

export interface ReportTaskDeps {
  handle: DatabaseHandle;
  /** Odoo for amounts, payments and the report log; absent when Odoo is not configured. */
  odoo?: () => Promise<OdooClient>;
  /** Absent when REPORTS_SMTP_URL is not set: a due report is then logged as failed with that reason. */
  mailer?: ReportMailer;
  from: string;
  /** Seconds between two checks of whether a report is due. */
  tickSeconds: number;
  now?: () => Date;
}

/**
 * Jobs of the scheduled reports:
 * - `reports_tick`: is a report due? (see checkReportsDue), then runs again after `tickSeconds`;
 * - `report_send`: builds the workbook and the email of one run and sends it, once: a sent run is
 *   never sent again; a failed send is recorded (status, error, attempts) and retried with backoff;
 * - `report_log_odoo`: mirrors the run's status into Odoo (order.intake.report), its own job so a
 *   slow Odoo never makes an email go twice.
 */
export function createReportTasks(deps: ReportTaskDeps) {
  const { handle } = deps;
  const now = deps.now ?? (() => new Date());

  const tick = defineTask("reports_tick", async (_payload, ctx) => {
    // never thrown: the next tick is the retry (a retried tick beside the next one would double them)
    await checkReportsDue({ handle, log: ctx.log, now: now() }).catch((err) =>
      ctx.log.error({ err }, "checking for due reports failed; checked again at the next tick"),
    );
    await scheduleReportsTick(handle, deps.tickSeconds);
  });

  const send = defineTask("report_send", async ({ runId }, ctx) => {
    const run = await readReportRun(handle, runId);
    if (!run) throw new PermanentJobError("report.missing", `no report run ${runId}`);
    if (run.status === "sent") {
      ctx.log.info({ run: runId }, "report already sent; not sent again");
      return;
    }
    const [{ attempts } = { attempts: 0 }] = await handle.sql<{ attempts: number }[]>`
      update order_intake.report_runs set attempts = attempts + 1, updated_at = now()
      where id = ${runId} returning attempts`;
    const fail = async (reason: string, permanent: boolean) => {
      await handle.sql.begin(async (tx) => {
        await tx`update order_intake.report_runs set status = 'failed', error = ${reason}, updated_at = now()
                 where id = ${runId}`;
        if (deps.odoo)
          await enqueueJob(tx, "report_log_odoo", { runId }, { jobKey: `report_log_odoo:${runId}` });
      });
      if (permanent || attempts >= ctx.maxAttempts) throw new PermanentJobError("report.failed", reason);
      throw new Error(reason);
    };
    if (!deps.mailer) return fail("reports cannot be emailed: REPORTS_SMTP_URL is not set", true);
    if (run.recipients.length === 0) return fail("the report has no recipients", true);

    let data: Awaited<ReturnType<typeof collectReportData>>;
    try {
      data = await collectReportData(
        { handle, odoo: deps.odoo },
        {
          odooDatabase: run.odoo_database,
          companyId: run.company_id,
          companyName: run.company_name ?? undefined,
          periodStart: new Date(run.period_start),
          periodEnd: new Date(run.period_end),
          timeZone: run.time_zone,
        },
      );
    } catch (err) {
      return fail(`the report's figures could not be read: ${(err as Error).message}`, false);
    }
    const test = run.kind === "test";
    const workbook = await buildReportWorkbook(data);
    const { html, text } = renderReportEmail(data, test);
    const messageId = `<report-${run.id}.${run.period_key.replace(/[^\w.-]/g, "")}@order-intake>`;
    try {
      const info = await deps.mailer.send({
        from: deps.from,
        to: run.recipients,
        subject: reportSubject(data, test),
        html,
        text,
        messageId,
        attachments: [
          {
            filename: reportFileName(data),
            content: workbook,
            contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          },
        ],
      });
      await handle.sql.begin(async (tx) => {
        await tx`
          update order_intake.report_runs
          set status = 'sent', error = null, sent_at = now(), email_message_id = ${info.messageId},
              figures = ${JSON.stringify(data.figures)}::jsonb, updated_at = now(),
              workbook = ${deps.odoo ? workbook : null}
          where id = ${runId}`;
        if (deps.odoo)
          await enqueueJob(tx, "report_log_odoo", { runId }, { jobKey: `report_log_odoo:${runId}` });
      });
      ctx.log.info({ run: runId, period: run.period_key, recipients: run.recipients.length }, "report sent");
    } catch (err) {
      return fail(`SMTP: ${(err as Error).message}`, false);
    }
  });

  const logOdoo = defineTask("report_log_odoo", async ({ runId }) => {
    const run = await readReportRun(handle, runId);
    if (!run || !deps.odoo) return;
    const client = await deps.odoo();
    const id = await writeReportLog(client, {
      bridgeRunId: run.id,
      kind: run.kind === "test" ? "test" : "scheduled",
      periodKey: run.period_key,
      periodStart: new Date(run.period_start),
      periodEnd: new Date(run.period_end),
      recipients: run.recipients,
      state: run.status === "sent" ? "sent" : run.status === "failed" ? "failed" : "pending",
      attempts: run.attempts,
      error: run.error,
      sentAt: run.sent_at ? new Date(run.sent_at) : null,
      figures: run.figures as Record<string, unknown> | null,
      companyId: run.company_id,
    });
    if (id !== run.odoo_report_id) {
      await handle.sql`update order_intake.report_runs set odoo_report_id = ${id} where id = ${runId}`;
    }
    // the sent workbook, downloadable from the report's entry in Odoo; then the bridge forgets it
    const [kept] = await handle.sql<{ workbook: Buffer | null }[]>`
      select workbook from order_intake.report_runs where id = ${runId} and workbook is not null`;
    if (kept?.workbook) {
      await attachReportWorkbook(client, id, reportFileNameFor(run), Buffer.from(kept.workbook));
      await handle.sql`update order_intake.report_runs set workbook = null where id = ${runId}`;
    }
  });

  return [tick, send, logOdoo];
}

/** (Re)schedules the single pending `reports_tick` job (a job key keeps it single). */
export async function scheduleReportsTick(handle: DatabaseHandle, afterSeconds: number): Promise<void> {
  await enqueueJob(
    handle.sql,
    "reports_tick",
    {},
    { jobKey: "reports_tick", runAt: new Date(Date.now() + afterSeconds * 1000), maxAttempts: 3 },
  );
}
