import { formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";

export interface ReportLogInput {
  bridgeRunId: number;
  kind: "scheduled" | "test";
  periodKey: string;
  periodStart: Date;
  periodEnd: Date;
  recipients: string[];
  state: "pending" | "sent" | "failed";
  attempts: number;
  error: string | null;
  sentAt: Date | null;
  figures: Record<string, unknown> | null;
  companyId: number;
}

/**
 * Creates or updates the report's entry in Odoo (order.intake.report, one per bridge run: searched by
 * `bridge_run_id` first, so a run again after a lost answer writes the same record).
 */
export async function writeReportLog(client: OdooClient, input: ReportLogInput): Promise<number> {
  const f = input.figures ?? {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const values: Record<string, unknown> = {
    name: `${input.kind === "test" ? "Test report" : "Report"} ${input.periodKey.replace(/^test:.*/, formatOdooDatetime(input.periodEnd).slice(0, 10))}`,
    kind: input.kind,
    period_start: formatOdooDatetime(input.periodStart),
    period_end: formatOdooDatetime(input.periodEnd),
    recipients: input.recipients.join(", "),
    state: input.state,
    attempts: input.attempts,
    error: input.error ?? false,
    sent_at: input.sentAt ? formatOdooDatetime(input.sentAt) : false,
    emails_received: num(f.emailsReceived),
    orders_drafted: num(f.ordersDrafted),
    failed_count: num(f.failed),
    touchless_rate: num(f.touchlessRate) * 100,
    figures: input.figures ? JSON.stringify(input.figures) : false,
  };
  const [existing] = await client.search("order.intake.report", [["bridge_run_id", "=", input.bridgeRunId]], {
    limit: 1,
  });
  if (existing) {
    await client.write("order.intake.report", [existing], values);
    return existing;
  }
  return client.create("order.intake.report", {
    ...values,
    bridge_run_id: input.bridgeRunId,
    company_id: input.companyId,
  });
}

/**
 * Attaches the sent workbook to the report's entry in Odoo, once (an attachment of that name on that
 * record is looked for first, so a run again after a lost answer attaches nothing twice).
 */
export async function attachReportWorkbook(
  client: OdooClient,
  reportId: number,
  filename: string,
  workbook: Buffer,
): Promise<number> {
  const [found] = await client.search(
    "ir.attachment",
    [
      ["res_model", "=", "order.intake.report"],
      ["res_id", "=", reportId],
      ["name", "=", filename],
    ],
    { limit: 1 },
  );
  if (found) return found;
  return client.create("ir.attachment", {
    name: filename,
    datas: workbook.toString("base64"),
    res_model: "order.intake.report",
    res_id: reportId,
    mimetype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
}
