import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { findGridTables, type GridTable } from "../tables/gridTables.ts";
import { formatCell } from "./formatCell.ts";
import { emptyResult, type ReaderContext, type ReaderResult, reason } from "./readerResult.ts";
import { checkZip } from "./zipBudget.ts";

/** Empty rows in a row after the data before a sheet is considered finished. */
const MAX_EMPTY_RUN = 500;
const MAX_COLUMNS = 200;
const MAX_TEXT_LINES = 5000;
const SIDE_SHEET =
  /histor|archiv|notes?\b|notiz|bemerk|adress|address|direcci|kontakt|contact|statist|vorjahr|last year|volume|info|legend|hilfe|help|condic|conditions|bedingung|terms/i;

interface SheetReader extends AsyncIterable<{ number: number; values: unknown }> {
  id?: number;
  name?: string;
}

interface SheetInfo {
  id: number;
  name: string;
  state?: string;
}

function rowCells(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  const cells: string[] = [];
  const last = Math.min(values.length, MAX_COLUMNS + 1);
  for (let c = 1; c < last; c++) cells.push(formatCell(values[c]));
  while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return cells;
}

/**
 * Reads an .xlsx with the exceljs streaming reader, so that sheets with a million formatted empty
 * rows cost little: empty rows are skipped, a sheet ends after a long run of them, and reading
 * stops at `maxSpreadsheetRows` non-empty rows. Tables are ranked: order sheets before side sheets.
 */
export async function readSpreadsheet(content: Buffer, ctx: ReaderContext): Promise<ReaderResult> {
  const result = emptyResult();
  const path = `attachment:${ctx.filename}`;
  const textLines: string[] = [];
  const found: Array<GridTable & { sheet: string; sheetIndex: number; side: boolean }> = [];
  let nonEmpty = 0;
  let stopped = false;
  // the container is checked (entries, decompressed bytes, checksums) before the streaming reader
  // sees it: a damaged archive would leave that reader waiting forever (P14)
  const zip = checkZip(content);
  if (zip) {
    return { ...result, unreadable: true, reasons: [reason(zip.code, zip.message, "hard", path)] };
  }
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), {
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "cache",
      worksheets: "emit",
    } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1]);
    const model = reader as unknown as { model?: { sheets?: SheetInfo[] } };
    let sheetIndex = 0;
    for await (const sheetReader of reader as unknown as AsyncIterable<SheetReader>) {
      const info = model.model?.sheets?.find((s) => s.id === sheetReader.id);
      const name = info?.name ?? sheetReader.name ?? `Sheet${sheetIndex + 1}`;
      const grid: string[][] = [];
      let emptyRun = 0;
      let sheetRows = 0;
      for await (const row of sheetReader) {
        if ((sheetRows++ & 255) === 0 && Date.now() >= ctx.deadline) {
          result.reasons.push(
            reason(
              "document.timeout",
              "Reading the spreadsheet took too long and was stopped.",
              "warning",
              path,
            ),
          );
          stopped = true;
          break;
        }
        const cells = rowCells(row.values);
        if (cells.every((c) => c === "")) {
          if (grid.length > 0 && ++emptyRun > MAX_EMPTY_RUN) break;
          continue;
        }
        emptyRun = 0;
        grid.push(cells);
        if (++nonEmpty >= ctx.limits.maxSpreadsheetRows) {
          result.reasons.push(
            reason(
              "spreadsheet.row_limit",
              `Only the first ${ctx.limits.maxSpreadsheetRows} non-empty rows were read.`,
              "warning",
              path,
            ),
          );
          stopped = true;
          break;
        }
      }
      if (grid.length > 0 && textLines.length < MAX_TEXT_LINES) {
        textLines.push(`[Sheet: ${name}]`);
        for (const cells of grid.slice(0, MAX_TEXT_LINES))
          textLines.push(cells.filter((c) => c !== "").join("\t"));
      }
      const side = SIDE_SHEET.test(name) || (info?.state !== undefined && info.state !== "visible");
      for (const table of findGridTables(grid, ctx.filename))
        found.push({ ...table, sheet: name, sheetIndex, side });
      sheetIndex++;
      if (stopped) break;
    }
  } catch (error) {
    result.unreadable = found.length === 0 && textLines.length === 0;
    const detail = error instanceof Error ? error.message.slice(0, 120) : "unknown error";
    result.reasons.push(
      reason(
        "spreadsheet.corrupt",
        `The spreadsheet could not be read completely (${detail}).`,
        "hard",
        path,
      ),
    );
  }
  found.sort((a, b) => Number(a.side) - Number(b.side) || a.sheetIndex - b.sheetIndex);
  found.slice(1).forEach((t) => {
    result.reasons.push(
      reason(
        "spreadsheet.extra_table",
        `Sheet "${t.sheet}" also has a table with order headers (${t.table.rows.length} rows); it is listed after the main table.`,
        "info",
        path,
      ),
    );
  });
  result.tables = found.map((t) => t.table);
  result.text = textLines.join("\n");
  return result;
}
