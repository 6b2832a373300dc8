import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readDocument } from "./readDocument.ts";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function workbookBuffer(
  fill: (sheet: ExcelJS.Worksheet) => void,
  extra?: (wb: ExcelJS.Workbook) => void,
) {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet("Order"));
  extra?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("readSpreadsheet", () => {
  it("reads the rows of a sheet followed by 100k formatted empty rows", async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: sink,
      useStyles: true,
      useSharedStrings: true,
    });
    const sheet = writer.addWorksheet("Pedido");
    sheet.addRow(["Pedido n.º X-1"]).commit();
    sheet.addRow(["Referencia", "Descripción", "Cantidad", "Precio"]).commit();
    sheet.addRow(["A-1", "Caja", 100, 0.68]).commit();
    sheet.addRow(["A-2", "Cinta", 1000, 1.5]).commit();
    for (let r = 5; r < 100_005; r++) {
      const row = sheet.getRow(r);
      row.getCell(1).style = { fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } } };
      row.commit();
    }
    sheet.commit();
    await writer.commit();
    const content = Buffer.concat(chunks);
    const doc = await readDocument({ filename: "big.xlsx", contentType: XLSX, content });
    expect(doc.unreadable).toBe(false);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]!.rows).toEqual([
      ["A-1", "Caja", "100", "0.68"],
      ["A-2", "Cinta", "1000", "1.5"],
    ]);
  });

  it("stops at the row limit", async () => {
    const content = await workbookBuffer((s) => {
      s.addRow(["Item code", "Description", "Qty"]);
      for (let i = 1; i <= 50; i++) s.addRow([`C-${i}`, `Thing ${i}`, i]);
    });
    const doc = await readDocument(
      { filename: "o.xlsx", contentType: XLSX, content },
      { maxSpreadsheetRows: 11 },
    );
    expect(doc.tables[0]!.rows).toHaveLength(10);
    expect(doc.reasons.map((r) => r.code)).toContain("spreadsheet.row_limit");
  });

  it("formats numbers, dates, formulas and text numbers plainly", async () => {
    const content = await workbookBuffer((s) => {
      s.addRow(["Order no", "PO-7"]);
      s.addRow(["Date", new Date(Date.UTC(2026, 10, 3))]);
      s.addRow([]);
      s.addRow(["EAN", "Description", "Qty", "Unit price", "Total"]);
      s.addRow(["0012345678905", "Thing", 3, 0.1 + 0.2, { formula: "C5*D5", result: 0.9 }]);
      s.addRow(["4006381333931", "Other", 1234567, 12.5, { formula: "C6*D6", result: 15432087.5 }]);
    });
    const doc = await readDocument({ filename: "o.xlsx", contentType: XLSX, content });
    expect(doc.text).toContain("Date\t2026-11-03");
    expect(doc.text).toContain("Order no\tPO-7");
    expect(doc.tables[0]!.rows).toEqual([
      ["0012345678905", "Thing", "3", "0.3", "0.9"],
      ["4006381333931", "Other", "1234567", "12.5", "15432087.5"],
    ]);
  });

  it("returns no table for a sheet without order headers", async () => {
    const content = await workbookBuffer((s) => {
      s.addRow(["Branch", "Street", "Zip"]);
      s.addRow(["Main", "High St 1", "12345"]);
    });
    const doc = await readDocument({ filename: "o.xlsx", contentType: XLSX, content });
    expect(doc.tables).toEqual([]);
    expect(doc.text).toContain("High St 1");
  });
});
