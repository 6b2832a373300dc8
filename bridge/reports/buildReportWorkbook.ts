import ExcelJS from "exceljs";
import type { Money, ReportData } from "./reportData.ts";
import { localDateKey, wallClock } from "./zonedTime.ts";

const headerFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F3A5F" } };
const headerFont: Partial<ExcelJS.Font> = { bold: true, color: { argb: "FFFFFFFF" } };
const dateTimeFormat = "yyyy-mm-dd hh:mm";
const dateFormat = "yyyy-mm-dd";
const percentFormat = "0.0%";
/** Printed (or saved as PDF) one page wide, landscape, header row repeated. */
const pageSetup: Partial<ExcelJS.PageSetup> = {
  orientation: "landscape",
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: "1:1",
};
/** Amount with its ISO currency code, e.g. `1,234.50 EUR` (what a finance user reads without a column). */
export const currencyFormat = (currency: string) => `#,##0.00 "${currency.replace(/"/g, "")}"`;

interface Column {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

function addTable(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Array<Record<string, unknown>>,
  rowFormats?: (row: Record<string, unknown>, cells: ExcelJS.Row) => void,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }], pageSetup });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: c.numFmt ? { numFmt: c.numFmt } : {},
  }));
  const header = sheet.getRow(1);
  header.font = headerFont;
  header.fill = headerFill;
  header.alignment = { vertical: "middle" };
  header.height = 20;
  for (const r of rows) {
    const added = sheet.addRow(r);
    rowFormats?.(r, added);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

const money = (values: Money[]) => (values.length === 0 ? [{ currency: "", amount: 0 }] : values);

/**
 * The report workbook: Summary (the key figures), then Orders, Failures and Payments, each with a
 * styled, frozen header row and filters; dates in the company's time zone, amounts with currency.
 */
export async function buildReportWorkbook(data: ReportData): Promise<Buffer> {
  const tz = data.timeZone;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Order Intake";
  workbook.created = data.periodEnd;

  const f = data.figures;
  const summaryRows: Array<{ figure: string; value: unknown; numFmt?: string }> = [
    { figure: "Company", value: data.company },
    { figure: "Period from", value: wallClock(data.periodStart, tz), numFmt: dateTimeFormat },
    { figure: "Period to", value: wallClock(data.periodEnd, tz), numFmt: dateTimeFormat },
    { figure: "Time zone", value: tz },
    { figure: "Emails received", value: f.emailsReceived },
    { figure: "Orders drafted", value: f.ordersDrafted },
    { figure: "Touchless rate", value: f.touchlessRate, numFmt: percentFormat },
    { figure: "Auto-confirmed", value: f.autoConfirmed },
    { figure: "Approved", value: f.approved },
    { figure: "Rejected", value: f.rejected },
    { figure: "Failed", value: f.failed },
    { figure: "Average confidence", value: f.averageConfidence, numFmt: percentFormat },
    { figure: "Email to draft, median (min)", value: f.draftMinutesP50, numFmt: "0.0" },
    { figure: "Email to draft, 95th percentile (min)", value: f.draftMinutesP95, numFmt: "0.0" },
    ...money(f.confirmedValue).map((m) => ({
      figure: `Value of confirmed AI orders${m.currency ? ` (${m.currency})` : ""}`,
      value: m.amount,
      numFmt: m.currency ? currencyFormat(m.currency) : "#,##0.00",
    })),
    ...(data.paymentsNote
      ? [{ figure: "Payments received", value: data.paymentsNote }]
      : money(f.paymentsReceived).map((m) => ({
          figure: `Payments received${m.currency ? ` (${m.currency})` : ""}`,
          value: m.amount,
          numFmt: m.currency ? currencyFormat(m.currency) : "#,##0.00",
        }))),
  ];
  const summary = workbook.addWorksheet("Summary", { views: [{ state: "frozen", ySplit: 1 }], pageSetup });
  summary.columns = [
    { header: "Figure", key: "figure", width: 40 },
    { header: "Value", key: "value", width: 24 },
  ];
  const sh = summary.getRow(1);
  sh.font = headerFont;
  sh.fill = headerFill;
  for (const r of summaryRows) {
    const row = summary.addRow({ figure: r.figure, value: r.value ?? "n/a" });
    if (r.numFmt && r.value !== null) row.getCell(2).numFmt = r.numFmt;
    row.getCell(2).alignment = { horizontal: "right" };
  }
  summary.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 2 } };

  addTable(
    workbook,
    "Orders",
    [
      { header: "Received", key: "receivedAt", width: 17, numFmt: dateTimeFormat },
      { header: "Drafted", key: "draftedAt", width: 17, numFmt: dateTimeFormat },
      { header: "Order", key: "order", width: 10 },
      { header: "Customer", key: "customer", width: 28 },
      { header: "PO number", key: "poNumber", width: 16 },
      { header: "Status", key: "status", width: 11 },
      { header: "Decided by", key: "decidedBy", width: 11 },
      { header: "Approver", key: "approver", width: 18 },
      { header: "Confidence", key: "confidence", width: 11, numFmt: percentFormat },
      { header: "Email to draft (min)", key: "minutesToDraft", width: 20, numFmt: "0.0" },
      { header: "Amount (untaxed)", key: "amount", width: 17 },
      { header: "Currency", key: "currency", width: 9 },
    ],
    data.orders.map((o) => ({
      ...o,
      receivedAt: wallClock(o.receivedAt, tz),
      draftedAt: wallClock(o.draftedAt, tz),
    })),
    (r, row) => {
      if (r.currency) row.getCell("amount").numFmt = currencyFormat(String(r.currency));
    },
  );
  addTable(
    workbook,
    "Failures",
    [
      { header: "When", key: "at", width: 17, numFmt: dateTimeFormat },
      { header: "From", key: "from", width: 30 },
      { header: "Subject", key: "subject", width: 40 },
      { header: "Stage", key: "stage", width: 16 },
      { header: "Error", key: "error", width: 60 },
    ],
    data.failures.map((x) => ({ ...x, at: wallClock(x.at, tz) })),
  );
  addTable(
    workbook,
    "Payments",
    [
      { header: "Date", key: "date", width: 12, numFmt: dateFormat },
      { header: "Number", key: "number", width: 20 },
      { header: "Customer", key: "customer", width: 28 },
      { header: "Journal", key: "journal", width: 14 },
      { header: "Amount", key: "amount", width: 16 },
      { header: "Currency", key: "currency", width: 9 },
      { header: "Memo", key: "memo", width: 24 },
      { header: "Status", key: "status", width: 9 },
    ],
    data.payments.map((p) => ({ ...p, date: new Date(`${p.date}T00:00:00Z`) })),
    (r, row) => {
      if (r.currency) row.getCell("amount").numFmt = currencyFormat(String(r.currency));
    },
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `order-intake-report-2026-11-21.xlsx` */
export function reportFileName(data: ReportData): string {
  return `order-intake-report-${localDateKey(data.periodEnd, data.timeZone)}.xlsx`;
}
