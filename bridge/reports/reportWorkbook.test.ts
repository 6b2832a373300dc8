import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { reportPeriod, seedReportData } from "../test/reportFixtures.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { buildReportWorkbook } from "./buildReportWorkbook.ts";
import { collectReportData } from "./collectReportData.ts";
import { renderReportEmail } from "./renderReportEmail.ts";
import type { ReportData } from "./reportData.ts";

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;
let data: ReportData;
let book: ExcelJS.Workbook;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient({
    url: standIn.url,
    db: standIn.db,
    user: standIn.user.login,
    apiKey: standIn.user.apiKey,
  });
  await seedReportData(db, client, standIn.db);
  data = await collectReportData(
    { handle: db, odoo: async () => client },
    {
      odooDatabase: standIn.db,
      companyId: 1,
      companyName: "My Company",
      periodStart: reportPeriod.start,
      periodEnd: reportPeriod.end,
      timeZone: reportPeriod.timeZone,
    },
  );
  book = new ExcelJS.Workbook();
  await book.xlsx.load((await buildReportWorkbook(data)) as unknown as ArrayBuffer);
}, 30_000);

afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
});

const rowsOf = (name: string) => {
  const sheet = book.getWorksheet(name)!;
  const out: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) out.push((row.values as unknown[]).slice(1));
  });
  return out;
};

describe("a report built from known data, read back with exceljs", () => {
  it("Summary: every figure", () => {
    const summary = Object.fromEntries(rowsOf("Summary").map(([k, v]) => [k, v]));
    expect(summary).toMatchObject({
      Company: "My Company",
      "Time zone": "Europe/Berlin",
      "Emails received": 8,
      "Orders drafted": 5,
      "Touchless rate": 0.2,
      "Auto-confirmed": 1,
      Approved: 2,
      Rejected: 1,
      Failed: 2,
      "Email to draft, median (min)": 10,
      "Email to draft, 95th percentile (min)": 30,
      "Value of confirmed AI orders (EUR)": 1750,
      "Payments received (EUR)": 1234.5,
      "Payments received (USD)": 100,
    });
    // (0.97 + 0.8 + 0.75 + 0.72 + 0.6 + 0.9) / 6: decisions on orders only, not the newsletter
    expect(summary["Average confidence"]).toBeCloseTo(0.79, 6);
    // dates as the company's wall clock (Berlin, UTC+1 in November)
    expect((summary["Period from"] as Date).toISOString()).toBe("2026-11-20T07:00:00.000Z");
    const sheet = book.getWorksheet("Summary")!;
    const cell = (label: string) => {
      let found: ExcelJS.Cell | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2);
      });
      return found!;
    };
    expect(cell("Touchless rate").numFmt).toBe("0.0%");
    expect(cell("Payments received (EUR)").numFmt).toBe('#,##0.00 "EUR"');
    expect(cell("Period from").numFmt).toBe("yyyy-mm-dd hh:mm");
  });

  it("Orders: one row per draft of the period, with Odoo's names, states and amounts", () => {
    const rows = rowsOf("Orders");
    expect(rows.map((r) => [r[2], r[4], r[5], r[6], r[7] ?? null, r[10], r[11]])).toEqual([
      ["S00001", "4501", "confirmed", "auto", null, 1000, "EUR"],
      ["S00002", "4502", "confirmed", "approved", "Maria Approver", 500, "EUR"],
      ["S00003", "4503", "cancelled", "rejected", null, 200, "EUR"],
      ["S00004", "4504", "draft", "pending", null, 300, "USD"],
      ["S00005", "4509", "confirmed", "approved", "Olaf Odoo", 250, "EUR"],
    ]);
    expect(rows.map((r) => r[9])).toEqual([5, 30, 10, 2, 20]);
    expect(rows[0]![3]).toBe("Lindqvist Design AB");
    expect((rows[0]![0] as Date).toISOString()).toBe("2026-11-20T08:00:00.000Z");
    const sheet = book.getWorksheet("Orders")!;
    expect(sheet.getRow(2).getCell(11).numFmt).toBe('#,##0.00 "EUR"');
    expect(sheet.getRow(5).getCell(11).numFmt).toBe('#,##0.00 "USD"');
    expect(sheet.getRow(2).getCell(1).numFmt).toBe("yyyy-mm-dd hh:mm");
  });

  it("Failures: the unreadable message and the draft Odoo refused", () => {
    expect(rowsOf("Failures").map((r) => [r[2], r[3], r[4]])).toEqual([
      ["Order", "reading", "the message source cannot be read: ENOENT"],
      ["PO 4506", "writing to Odoo", "partner.unknown: the customer is not known"],
    ]);
  });

  it("Payments: posted and paid customer payments of the period only", () => {
    const rows = rowsOf("Payments");
    expect(rows.map((r) => [r[1], r[2], r[3], r[4], r[5], r[6], r[7]])).toEqual([
      ["PBNK1/2026/00001", "Lindqvist Design AB", "Bank", 1234.5, "EUR", "INV/2026/00042", "posted"],
      ["PBNK1/2026/00002", "Lindqvist Design AB", "Bank", 100, "USD", "INV/2026/00043", "paid"],
    ]);
    expect((rows[0]![0] as Date).toISOString().slice(0, 10)).toBe("2026-11-20");
  });

  it("every sheet: styled header, frozen first row, filters", () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(["Summary", "Orders", "Failures", "Payments"]);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect((sheet.getRow(1).getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FF1F3A5F");
    }
  });

  it("the email shows the key figures in a phone-width layout", () => {
    const { html, text } = renderReportEmail(data);
    expect(html).toContain('name="viewport"');
    expect(html).toContain("max-width:480px");
    expect(html).toContain("20.0%");
    expect(html).toContain("1,234.50 EUR");
    expect(text).toContain("Orders drafted: 5");
    expect(text).toContain("Failed: 2");
  });
});
