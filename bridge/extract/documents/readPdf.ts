import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { findLayoutTables, type LayoutLine, layoutLineText } from "../tables/layoutTables.ts";
import { loadPdf } from "./loadPdf.ts";
import { findHiddenTextRuns, type HiddenRun, type PdfOps } from "./pdfHiddenText.ts";
import { buildPdfLines, type PdfTextItem } from "./pdfLines.ts";
import { emptyResult, type ReaderContext, type ReaderResult, reason } from "./readerResult.ts";
import { recoverPdfText } from "./recoverPdfText.ts";

/** Pages without text after the text pages are stopped at after this many (scanned drawings). */
const MAX_TRAILING_IMAGE_PAGES = 2;
const MIN_FONT_SIZE = 2;

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

function isRawItem(item: unknown): item is RawItem {
  return typeof item === "object" && item !== null && "str" in item && "transform" in item;
}

function normalize(s: string): string {
  return s.replace(/\s+/g, "");
}

function snippet(s: string): string {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

function matchesHidden(item: RawItem, runs: HiddenRun[]): boolean {
  const text = normalize(item.str);
  if (!text) return false;
  const x = item.transform[4] ?? 0;
  const y = item.transform[5] ?? 0;
  return runs.some((run) => {
    const near = Math.abs(run.x - x) < 2.5 && Math.abs(run.y - y) < 2.5;
    if (near && (run.text.startsWith(text) || text.startsWith(run.text))) return true;
    return text.length >= 4 && run.text === text;
  });
}

/**
 * Reads a PDF with pdf.js: text by position, order tables rebuilt from the layout, hidden text
 * (white, invisible, microscopic or off-page) reported and left out. Never renders images.
 */
export async function readPdf(content: Buffer, ctx: ReaderContext): Promise<ReaderResult> {
  const result = emptyResult();
  const path = `attachment:${ctx.filename}`;
  const loadingTask = loadPdf(content);
  const timer = setTimeout(() => void loadingTask.destroy(), Math.max(1, ctx.deadline - Date.now()));
  try {
    let doc: pdfjs.PDFDocumentProxy;
    try {
      doc = await loadingTask.promise;
    } catch (error) {
      return failed(error, content, path, Date.now() >= ctx.deadline);
    }
    result.pages = doc.numPages;
    const lines: LayoutLine[] = [];
    const hidden: string[] = [];
    let textPages = 0;
    let imagePagesInARow = 0;
    const last = Math.min(doc.numPages, ctx.limits.maxPdfPages);
    if (doc.numPages > ctx.limits.maxPdfPages) {
      result.reasons.push(
        reason(
          "pdf.page_limit",
          `Only the first ${last} of ${doc.numPages} pages were read.`,
          "warning",
          path,
        ),
      );
    }
    for (let p = 1; p <= last; p++) {
      if (Date.now() >= ctx.deadline) {
        result.reasons.push(
          reason("document.timeout", `Reading stopped at page ${p} (time limit).`, "warning", path),
        );
        break;
      }
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: RawItem[] = [];
      for (const it of content.items as unknown[]) if (isRawItem(it) && it.str.trim() !== "") items.push(it);
      if (items.length === 0) {
        imagePagesInARow++;
        page.cleanup();
        if (textPages > 0 && imagePagesInARow >= MAX_TRAILING_IMAGE_PAGES && p < last) {
          result.reasons.push(
            reason(
              "pdf.image_pages_skipped",
              `Pages ${p + 1}-${doc.numPages} were not read: the pages before them carry no text.`,
              "info",
              path,
            ),
          );
          break;
        }
        continue;
      }
      imagePagesInARow = 0;
      textPages++;
      const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = page.view;
      let runs: HiddenRun[] = [];
      try {
        const opList = await page.getOperatorList();
        runs = findHiddenTextRuns(opList.fnArray, opList.argsArray, pdfjs.OPS as unknown as PdfOps);
      } catch {
        runs = [];
      }
      const visible: PdfTextItem[] = [];
      for (const item of items) {
        const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
        const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
        const offPage = x > vx1 + 1 || x + item.width < vx0 - 1 || y > vy1 + 1 || y + size < vy0 - 1;
        if (size < MIN_FONT_SIZE || offPage || matchesHidden(item, runs)) {
          hidden.push(item.str);
          continue;
        }
        visible.push({ text: item.str, x, y, width: item.width, size });
      }
      lines.push(...buildPdfLines(visible, p, vy1));
      page.cleanup();
    }
    if (hidden.length > 0) {
      result.reasons.push(
        reason(
          "pdf.hidden_text",
          `The PDF contains text a reader cannot see (white, invisible, tiny or off the page), left out: "${snippet(hidden.join(" "))}".`,
          "hard",
          path,
        ),
      );
    }
    result.text = lines.map(layoutLineText).join("\n");
    result.tables = findLayoutTables(lines, ctx.filename, {
      continuationGap: 1.7,
      headerGap: 1.6,
      step: 0.5,
    });
    if (textPages === 0) {
      result.isScan = true;
      result.reasons.push(
        reason(
          "pdf.no_text_layer",
          "The PDF has no text layer (scanned image): OCR is needed.",
          "warning",
          path,
        ),
      );
    }
    if (!/%%EOF\s*$/.test(content.subarray(Math.max(0, content.length - 1024)).toString("latin1"))) {
      result.reasons.push(
        reason("pdf.truncated", "The PDF file does not end properly; it may be incomplete.", "warning", path),
      );
    }
    return result;
  } catch (error) {
    return failed(error, content, path, Date.now() >= ctx.deadline);
  } finally {
    clearTimeout(timer);
    await loadingTask.destroy().catch(() => undefined);
  }
}

function failed(error: unknown, content: Buffer, path: string, timedOut: boolean): ReaderResult {
  const result = emptyResult();
  result.unreadable = true;
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    result.reasons.push(
      reason("pdf.encrypted", "The PDF is password-protected and cannot be read.", "hard", path),
    );
    return result;
  }
  if (timedOut) {
    result.reasons.push(
      reason("document.timeout", "Reading the PDF took too long and was stopped.", "hard", path),
    );
  } else {
    result.reasons.push(
      reason(
        "pdf.corrupt",
        "The PDF is damaged or incomplete; only fragments of text could be recovered.",
        "hard",
        path,
      ),
    );
  }
  try {
    result.text = recoverPdfText(content);
  } catch {
    result.text = "";
  }
  return result;
}
