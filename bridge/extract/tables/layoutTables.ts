import type { ColumnRole, LineTable } from "../types.ts";
import {
  classifyHeader,
  isCarryLine,
  isTotalsLine,
  matchHeaderRow,
  normalizeLabel,
} from "./headerVocabulary.ts";
import { isDataRow, refineRoles, TEXT_ROLES } from "./rowRules.ts";

/** A run of text on a line: a PDF text item or a plain-text cell; x grows to the right. */
export interface LayoutChunk {
  text: string;
  x0: number;
  x1: number;
}

/** One visual line. `top` grows downwards within a page; `size` is the font size (or 1 for plain text). */
export interface LayoutLine {
  chunks: LayoutChunk[];
  top: number;
  size: number;
  page: number;
}

export interface LayoutOptions {
  /** Largest distance to the previous line, in font sizes, for a wrapped line to join its row. */
  continuationGap: number;
  /** Largest distance, in font sizes, of a second header line under the first. */
  headerGap: number;
  /** Sampling step (in x units) when placing column boundaries. */
  step: number;
  maxTrailerLines?: number;
}

interface Column {
  label: string;
  role: ColumnRole;
  x0: number;
  x1: number;
}

interface Header {
  columns: Column[];
  /** Index of the first line after the header. */
  next: number;
}

/** The text of a line with its chunks separated by tabs. */
export function layoutLineText(line: LayoutLine): string {
  return line.chunks.map((c) => c.text).join("\t");
}

/**
 * Rebuilds order tables from positioned text: finds the header by its vocabulary, places column
 * boundaries between the header labels where no data crosses them, reads rows anchored on a numeric
 * quantity, joins wrapped description lines, drops carry lines and continues across pages.
 */
export function findLayoutTables(lines: LayoutLine[], source: string, options: LayoutOptions): LineTable[] {
  const tables: LineTable[] = [];
  const maxTrailer = options.maxTrailerLines ?? 40;
  let i = 0;
  while (i < lines.length) {
    const header = headerAt(lines, i, options);
    if (!header) {
      i++;
      continue;
    }
    let columns = header.columns;
    let bounds = computeBounds(columns, lines, header.next, options);
    const rows: string[][] = [];
    let start = header.next;
    let end = start;
    for (;;) {
      const body = parseBody(lines, start, columns, bounds, options);
      rows.push(...body.rows);
      end = body.end;
      if (body.lastPage === null) break;
      const next = findContinuation(lines, end, columns, bounds, body.lastPage, options);
      if (!next) break;
      columns = next.columns;
      bounds = next.bounds;
      start = next.start;
    }
    if (rows.length === 0) {
      i++;
      continue;
    }
    const trailer: string[] = [];
    for (let k = end; k < lines.length && trailer.length < maxTrailer; k++) {
      if (headerAt(lines, k, options)) break;
      const text = layoutLineText(lines[k]!);
      if (text.trim() !== "") trailer.push(text);
    }
    const roles = refineRoles(
      columns.map((c) => c.role),
      rows,
      columns.map((c) => c.label),
      classifyHeader,
    );
    tables.push({
      source,
      page: lines[i]!.page,
      headers: columns.map((c) => c.label),
      roles,
      rows,
      trailer,
    });
    i = Math.max(end, i + 1);
  }
  return tables;
}

function overlaps(a: LayoutChunk, b: LayoutChunk): boolean {
  return Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
}

function headerAt(lines: LayoutLine[], i: number, options: LayoutOptions): Header | null {
  const line = lines[i]!;
  if (line.chunks.length < 2) return null;
  const base = line.chunks.map((c) => ({ ...c }));
  const below = lines[i + 1];
  const attempts: Array<{ chunks: LayoutChunk[]; next: number }> = [];
  if (
    below &&
    below.page === line.page &&
    below.top - line.top <= options.headerGap * line.size &&
    below.chunks.every((c) => !/\d/.test(c.text) && base.some((b) => overlaps(b, c)))
  ) {
    const merged = base.map((b) => {
      const extra = below.chunks.filter((c) => overlaps(b, c));
      if (extra.length === 0) return b;
      return {
        text: [b.text, ...extra.map((c) => c.text)].join(" "),
        x0: Math.min(b.x0, ...extra.map((c) => c.x0)),
        x1: Math.max(b.x1, ...extra.map((c) => c.x1)),
      };
    });
    attempts.push({ chunks: merged, next: i + 2 });
  }
  attempts.push({ chunks: base, next: i + 1 });
  for (const attempt of attempts) {
    const match = matchHeaderRow(attempt.chunks.map((c) => c.text));
    if (!match) continue;
    const columns = attempt.chunks
      .map((c, k) => ({ label: c.text, role: match.roles[k] ?? "other", x0: c.x0, x1: c.x1 }))
      .sort((a, b) => a.x0 - b.x0);
    return { columns, next: attempt.next };
  }
  return null;
}

function columnOf(x: number, bounds: number[]): number {
  let k = 0;
  while (k < bounds.length && x >= bounds[k]!) k++;
  return k;
}

/** Splits a chunk into words with positions estimated from character counts. */
function splitWords(chunk: LayoutChunk): LayoutChunk[] {
  const parts = chunk.text.split(/(\s+)/);
  const total = chunk.text.length || 1;
  const perChar = (chunk.x1 - chunk.x0) / total;
  const words: LayoutChunk[] = [];
  let offset = 0;
  for (const part of parts) {
    if (part.trim() !== "") {
      words.push({
        text: part,
        x0: chunk.x0 + offset * perChar,
        x1: chunk.x0 + (offset + part.length) * perChar,
      });
    }
    offset += part.length;
  }
  return words;
}

function assignCells(line: LayoutLine, bounds: number[], count: number): string[] {
  const parts: string[][] = Array.from({ length: count }, () => []);
  for (const chunk of line.chunks) {
    const first = columnOf(chunk.x0, bounds);
    const last = columnOf(Math.max(chunk.x0, chunk.x1 - 0.01), bounds);
    if (first === last) {
      parts[first]!.push(chunk.text);
      continue;
    }
    for (const word of splitWords(chunk)) {
      parts[columnOf((word.x0 + word.x1) / 2, bounds)]!.push(word.text);
    }
  }
  return parts.map((p) => p.join(" ").replace(/\s+/g, " ").trim());
}

function initialBounds(columns: Column[]): number[] {
  const bounds: number[] = [];
  for (let k = 0; k + 1 < columns.length; k++) {
    bounds.push((columns[k]!.x1 + columns[k + 1]!.x0) / 2);
  }
  return bounds;
}

/** Places each boundary in the gap between two header labels where the fewest data chunks cross it. */
function computeBounds(
  columns: Column[],
  lines: LayoutLine[],
  start: number,
  options: LayoutOptions,
): number[] {
  const bounds = initialBounds(columns);
  const page = lines[start - 1]?.page;
  const left = columns[0]?.x0 ?? 0;
  const right = columns[columns.length - 1]?.x1 ?? 0;
  const data: LayoutChunk[] = [];
  // The lines under the header up to the totals block: rows, wrapped lines, carry lines.
  for (let k = start; k < lines.length && k < start + 120; k++) {
    const line = lines[k]!;
    if (line.page !== page) break;
    const text = line.chunks.map((c) => c.text).join(" ");
    if (isCarryLine(text)) continue;
    if (isTotalsLine(text) || headerAt(lines, k, options)) break;
    const prose = line.chunks.length === 1 && line.chunks[0]!.x1 - line.chunks[0]!.x0 > 0.6 * (right - left);
    if (!prose) data.push(...line.chunks);
  }
  if (data.length === 0) return bounds;
  return bounds.map((initial, k) => {
    const lo = Math.min(columns[k]!.x1, columns[k + 1]!.x0);
    const hi = Math.max(columns[k]!.x1, columns[k + 1]!.x0);
    if (hi - lo < options.step) return initial;
    const xs: number[] = [];
    for (let x = lo; x <= hi + 1e-9; x += options.step) xs.push(x);
    const costs = xs.map((x) => data.filter((c) => c.x0 < x && c.x1 > x).length);
    const best = Math.min(...costs);
    let bestRun: [number, number] = [initial, initial];
    let bestLength = -1;
    let runStart = -1;
    costs.forEach((cost, idx) => {
      if (cost === best && runStart < 0) runStart = idx;
      const runEnds = cost !== best || idx === costs.length - 1;
      if (runStart >= 0 && runEnds) {
        const runEnd = cost === best ? idx : idx - 1;
        if (runEnd - runStart > bestLength) {
          bestLength = runEnd - runStart;
          bestRun = [xs[runStart]!, xs[runEnd]!];
        }
        runStart = -1;
      }
    });
    return (bestRun[0] + bestRun[1]) / 2;
  });
}

interface Body {
  rows: string[][];
  end: number;
  lastPage: number | null;
}

function parseBody(
  lines: LayoutLine[],
  start: number,
  columns: Column[],
  bounds: number[],
  options: LayoutOptions,
): Body {
  const roles = columns.map((c) => c.role);
  const rows: string[][] = [];
  let last: LayoutLine | null = null;
  let lastPage: number | null = null;
  let k = start;
  for (; k < lines.length; k++) {
    const line = lines[k]!;
    const cells = assignCells(line, bounds, columns.length);
    const text = line.chunks.map((c) => c.text).join(" ");
    const dataRow = isDataRow(cells, roles);
    if (!dataRow && isCarryLine(text)) continue;
    if (dataRow) {
      rows.push(cells);
      last = line;
      lastPage = line.page;
      continue;
    }
    if (
      last &&
      rows.length > 0 &&
      line.page === last.page &&
      line.top - last.top <= options.continuationGap * Math.max(line.size, last.size) &&
      !isTotalsLine(text) &&
      cells.some((c, idx) => c !== "" && (roles[idx] === "description" || roles[idx] === "other")) &&
      cells.every((c, idx) => c === "" || TEXT_ROLES.has(roles[idx] ?? "other"))
    ) {
      const prev = rows[rows.length - 1]!;
      cells.forEach((c, idx) => {
        if (c !== "") prev[idx] = prev[idx] ? `${prev[idx]} ${c}` : c;
      });
      last = line;
      continue;
    }
    break;
  }
  return { rows, end: k, lastPage };
}

function sameLabels(a: Column[], b: Column[]): boolean {
  const norm = (cols: Column[]) => cols.map((c) => normalizeLabel(c.label)).join("|");
  return norm(a) === norm(b);
}

/** Where a table goes on after a page break: a repeated header, or rows at the top of the next page. */
function findContinuation(
  lines: LayoutLine[],
  from: number,
  columns: Column[],
  bounds: number[],
  lastPage: number,
  options: LayoutOptions,
): { start: number; columns: Column[]; bounds: number[] } | null {
  const roles = columns.map((c) => c.role);
  let seenOnNextPage = 0;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    const text = line.chunks.map((c) => c.text).join(" ");
    if (line.page === lastPage) {
      if (isTotalsLine(text) && !isCarryLine(text)) return null;
      continue;
    }
    if (line.page !== lastPage + 1) return null;
    const header = headerAt(lines, k, options);
    if (header) {
      if (!sameLabels(header.columns, columns)) return null;
      return {
        start: header.next,
        columns: header.columns,
        bounds: computeBounds(header.columns, lines, header.next, options),
      };
    }
    seenOnNextPage++;
    if (isDataRow(assignCells(line, bounds, columns.length), roles)) {
      return seenOnNextPage <= 12 ? { start: k, columns, bounds } : null;
    }
    if (isTotalsLine(text) && !isCarryLine(text)) return null;
  }
  return null;
}
