import { type HTMLElement, parse } from "node-html-parser";
import type { LineTable } from "../types.ts";
import { cleanCell, findGridTables } from "./gridTables.ts";
import { findLayoutTables, type LayoutChunk, type LayoutLine } from "./layoutTables.ts";

/** Order tables in HTML: every <table> that holds no nested table, with colspans expanded. */
export function readHtmlTables(html: string, source: string): LineTable[] {
  let root: HTMLElement;
  try {
    root = parse(html.replace(/<br\s*\/?>/gi, " "), {
      comment: false,
      blockTextElements: { script: false, style: false },
    });
  } catch {
    return [];
  }
  const tables: LineTable[] = [];
  for (const table of root.querySelectorAll("table")) {
    if (table.querySelector("table")) continue;
    const grid: string[][] = [];
    for (const tr of table.querySelectorAll("tr")) {
      const row: string[] = [];
      for (const cell of tr.childNodes) {
        const el = cell as HTMLElement;
        const tag = el.rawTagName?.toLowerCase();
        if (tag !== "td" && tag !== "th") continue;
        const text = cleanCell(el.text);
        const span = Math.min(Number.parseInt(el.getAttribute("colspan") ?? "1", 10) || 1, 20);
        row.push(text);
        for (let s = 1; s < span; s++) row.push("");
      }
      grid.push(row);
    }
    for (const found of findGridTables(grid, source, { joinContinuationRows: true }))
      tables.push(found.table);
  }
  return tables;
}

const BORDER_LINE = /^\s*[+|]?[-=+:|\s_]{3,}[+|]?\s*$/;

function isPipeLine(line: string): boolean {
  return (line.match(/\|/g)?.length ?? 0) >= 2 || (line.match(/¦/g)?.length ?? 0) >= 2;
}

function pipeCells(line: string): string[] {
  const cells = line.split(/[|¦]/).map((c) => c.trim());
  if (cells.length > 0 && cells[0] === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
  return cells;
}

/** Plain-text cells: runs separated by two or more spaces (or a tab), with their character columns. */
function textChunks(line: string): LayoutChunk[] {
  const chunks: LayoutChunk[] = [];
  const re = /\S+(?: \S+)*/g;
  const expanded = line.replace(/\t/g, "    ");
  for (let m = re.exec(expanded); m; m = re.exec(expanded)) {
    chunks.push({ text: m[0], x0: m.index, x1: m.index + m[0].length });
  }
  return chunks;
}

/**
 * Order tables in a plain-text body: ASCII-art or Markdown tables with pipes, tab-separated lines,
 * and column-aligned text whose header carries order vocabulary.
 */
export function readTextTables(text: string, source: string): LineTable[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const tables: LineTable[] = [];
  const free: Array<{ line: string; index: number }> = [];
  let k = 0;
  while (k < lines.length) {
    const line = lines[k]!;
    const stripped = line.replace(/^(\s*>)+\s?/, "");
    if (
      isPipeLine(stripped) ||
      (BORDER_LINE.test(stripped) && /[-=]{3,}/.test(stripped) && isPipeBlockAt(lines, k))
    ) {
      const grid: string[][] = [];
      for (; k < lines.length; k++) {
        const l = lines[k]!.replace(/^(\s*>)+\s?/, "");
        // a Markdown separator "|-----|:---|" is a border, not a row of cells
        if (BORDER_LINE.test(l) && /[-=]{3,}/.test(l)) continue;
        if (isPipeLine(l)) grid.push(pipeCells(l));
        else break;
      }
      const found = findGridTables(grid, source, { joinContinuationRows: true });
      for (const f of found) tables.push(f.table);
      const lastTable = found[found.length - 1]?.table;
      for (let n = k; lastTable && n < lines.length && lastTable.trailer.length < 40; n++) {
        const after = lines[n]!.replace(/^(\s*>)+\s?/, "").trim();
        if (isPipeLine(after)) break;
        if (after !== "") lastTable.trailer.push(after);
      }
      continue;
    }
    if ((stripped.match(/\t/g)?.length ?? 0) >= 2) {
      const grid: string[][] = [];
      for (; k < lines.length; k++) {
        const l = lines[k]!.replace(/^(\s*>)+\s?/, "");
        if ((l.match(/\t/g)?.length ?? 0) >= 1) grid.push(l.split("\t"));
        else break;
      }
      const found = findGridTables(grid, source, { joinContinuationRows: true });
      if (found.length > 0) {
        for (const f of found) tables.push(f.table);
        continue;
      }
      k -= grid.length;
      for (let g = 0; g < grid.length; g++, k++) free.push({ line: lines[k]!, index: k });
      continue;
    }
    free.push({ line: stripped, index: k });
    k++;
  }
  const layout: LayoutLine[] = free.map(({ line, index }) => ({
    chunks: textChunks(line),
    top: index,
    size: 1,
    page: 1,
  }));
  const aligned = findLayoutTables(
    layout.filter((l) => l.chunks.length > 0),
    source,
    { continuationGap: 1.01, headerGap: 1.01, step: 0.5 },
  );
  for (const table of aligned) {
    delete table.page;
    tables.push(table);
  }
  return tables;
}

function isPipeBlockAt(lines: string[], k: number): boolean {
  const next = lines[k + 1];
  return next !== undefined && isPipeLine(next.replace(/^(\s*>)+\s?/, ""));
}
