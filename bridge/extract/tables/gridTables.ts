import type { ColumnRole, LineTable } from "../types.ts";
import { classifyHeader, isCarryLine, isTotalsLine, matchHeaderRow } from "./headerVocabulary.ts";
import { isCatalogRow, isDataRow, refineRoles, TEXT_ROLES } from "./rowRules.ts";

export interface GridTableOptions {
  /** Rows holding only description text are joined to the row above (ASCII and HTML tables). */
  joinContinuationRows?: boolean;
  page?: number;
  /** Most trailer lines kept. */
  maxTrailerLines?: number;
}

export interface GridTable {
  table: LineTable;
  /** Index of the header row in the input. */
  headerIndex: number;
  score: number;
}

/** Whitespace collapsed, non-breaking and narrow spaces become plain spaces. */
export function cleanCell(text: string): string {
  return text
    .replace(/[\u00a0\u202f\u2007\u2009]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Finds order tables in a grid of cells (spreadsheet rows, CSV records, HTML or ASCII table rows):
 * a header row with order vocabulary, then data rows until the first row that is not an order line.
 */
export function findGridTables(
  grid: string[][],
  source: string,
  options: GridTableOptions = {},
): GridTable[] {
  const found: GridTable[] = [];
  const maxTrailer = options.maxTrailerLines ?? 40;
  let i = 0;
  while (i < grid.length) {
    const labels = (grid[i] ?? []).map(cleanCell);
    const match = matchHeaderRow(labels);
    if (!match) {
      i++;
      continue;
    }
    const columns = labels.flatMap((l, idx) => (l === "" ? [] : [idx]));
    const headers = columns.map((c) => labels[c] ?? "");
    let roles: ColumnRole[] = columns.map((c) => match.roles[c] ?? "other");
    const rows: string[][] = [];
    let j = i + 1;
    for (; j < grid.length; j++) {
      const raw = grid[j] ?? [];
      const rawCells = raw.map(cleanCell);
      if (rawCells.every((c) => c === "")) continue;
      const cells = columns.map((c) => rawCells[c] ?? "");
      const offColumn = rawCells.some((c, idx) => c !== "" && !columns.includes(idx));
      const lineText = rawCells.filter((c) => c !== "").join(" ");
      if (sameHeader(cells, headers)) continue;
      if (isCarryLine(lineText) && !isDataRow(cells, roles)) continue;
      if (isDataRow(cells, roles) || isCatalogRow(cells, roles)) {
        rows.push(cells);
        continue;
      }
      if (
        options.joinContinuationRows &&
        rows.length > 0 &&
        !offColumn &&
        !isTotalsLine(lineText) &&
        cells.every((c, k) => c === "" || TEXT_ROLES.has(roles[k] ?? "other"))
      ) {
        const prev = rows[rows.length - 1]!;
        cells.forEach((c, k) => {
          if (c !== "") prev[k] = prev[k] ? `${prev[k]} ${c}` : c;
        });
        continue;
      }
      break;
    }
    // rows without a quantity alone (a form nobody filled in) are no order table
    if (!rows.some((r) => isDataRow(r, roles))) {
      i++;
      continue;
    }
    roles = refineRoles(roles, rows, headers, classifyHeader);
    const trailer: string[] = [];
    let k = j;
    for (; k < grid.length && trailer.length < maxTrailer; k++) {
      const cells = (grid[k] ?? []).map(cleanCell);
      if (matchHeaderRow(cells)) break;
      const line = cells.filter((c) => c !== "").join("\t");
      if (line !== "") trailer.push(line);
    }
    const table: LineTable = { source, headers, roles, rows, trailer };
    if (options.page !== undefined) table.page = options.page;
    found.push({ table, headerIndex: i, score: match.score });
    i = j;
  }
  return found;
}

function sameHeader(cells: string[], headers: string[]): boolean {
  let same = 0;
  cells.forEach((c, k) => {
    if (c !== "" && c.toLowerCase() === (headers[k] ?? "").toLowerCase()) same++;
  });
  return same >= 2 && same >= Math.ceil(headers.length / 2);
}
