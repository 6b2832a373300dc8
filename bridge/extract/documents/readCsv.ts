import { parse } from "csv-parse/sync";
import { findGridTables } from "../tables/gridTables.ts";
import { decodeText } from "./decodeText.ts";
import { emptyResult, type ReaderContext, type ReaderResult, reason } from "./readerResult.ts";

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Counts a delimiter per line outside double quotes. */
function countOutsideQuotes(line: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of line) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === delimiter && !inQuotes) count++;
  }
  return count;
}

/** The delimiter whose count is the same on most of the first lines (and not zero). */
export function detectDelimiter(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, 30);
  let best: string = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    let modeCount = 0;
    let mode = 0;
    for (const [c, n] of freq) {
      if (n > modeCount || (n === modeCount && c > mode)) {
        modeCount = n;
        mode = c;
      }
    }
    const score = modeCount * 100 + mode;
    if (modeCount > 0 && score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Reads a CSV (delimiter and quoting detected) and finds order tables in it. */
export function readCsv(content: Buffer, ctx: ReaderContext): ReaderResult {
  const result = emptyResult();
  const path = `attachment:${ctx.filename}`;
  const text = decodeText(content);
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      to: ctx.limits.maxSpreadsheetRows,
    }) as string[][];
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : "unknown error";
    result.reasons.push(
      reason("csv.corrupt", `The CSV file could not be parsed (${detail}).`, "warning", path),
    );
    records = text.split(/\r?\n/).map((l) => l.split(delimiter));
  }
  result.text = records.map((r) => r.join("\t")).join("\n");
  result.tables = findGridTables(records, ctx.filename).map((t) => t.table);
  return result;
}
