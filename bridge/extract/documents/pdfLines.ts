import type { LayoutChunk, LayoutLine } from "../tables/layoutTables.ts";

/** A visible text item of a PDF page in page space (y grows upwards, as in PDF). */
export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/**
 * Groups the text items of one page into visual lines (top to bottom) of chunks (left to right);
 * items closer than a third of the font size are one chunk.
 */
export function buildPdfLines(items: PdfTextItem[], page: number, pageTop: number): LayoutLine[] {
  const sorted = items.filter((it) => it.text.trim() !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfTextItem[][] = [];
  let lineY = Number.NaN;
  let lineSize = 0;
  for (const item of sorted) {
    const current = groups[groups.length - 1];
    if (current && Math.abs(item.y - lineY) <= 0.4 * Math.max(item.size, lineSize)) {
      current.push(item);
      lineSize = Math.max(lineSize, item.size);
      continue;
    }
    groups.push([item]);
    lineY = item.y;
    lineSize = item.size;
  }
  return groups.map((group) => {
    group.sort((a, b) => a.x - b.x);
    const chunks: LayoutChunk[] = [];
    let size = 0;
    let last: { chunk: LayoutChunk; size: number } | null = null;
    for (const item of group) {
      size = Math.max(size, item.size);
      const text = item.text.replace(/\s+/g, " ");
      const x1 = item.x + Math.max(item.width, 0);
      if (last) {
        const gap = item.x - last.chunk.x1;
        const unit = Math.max(item.size, last.size);
        if (gap < 0.35 * unit) {
          const joiner =
            gap > 0.12 * unit && !last.chunk.text.endsWith(" ") && !text.startsWith(" ") ? " " : "";
          last.chunk.text += joiner + text;
          last.chunk.x1 = Math.max(last.chunk.x1, x1);
          continue;
        }
      }
      const chunk = { text, x0: item.x, x1 };
      chunks.push(chunk);
      last = { chunk, size: item.size };
    }
    for (const c of chunks) c.text = c.text.trim();
    const y = group.reduce((s, it) => s + it.y, 0) / group.length;
    return { chunks: chunks.filter((c) => c.text !== ""), top: pageTop - y, size: size || 10, page };
  });
}
