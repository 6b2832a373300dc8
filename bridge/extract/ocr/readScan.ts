import { buildPdfLines } from "../documents/pdfLines.ts";
import { emptyResult, type ReaderResult, reason } from "../documents/readerResult.ts";
import { OCR_WEIGHTS } from "../score/weights.ts";
import { findLayoutTables, type LayoutLine, layoutLineText } from "../tables/layoutTables.ts";
import type { LineTable } from "../types.ts";
import { type OcrEngine, type OcrPageText, OcrTimeoutError } from "./createOcrEngine.ts";
import {
  crop,
  type GrayImage,
  inkBox,
  normalizeContrast,
  removeRules,
  removeSpecks,
  rotateQuarter,
  scaleRotate,
} from "./grayImage.ts";
import { type OcrTextItem, ocrTextItems } from "./ocrTextItems.ts";
import { detectOrientation, findPaper, unwarp } from "./pageGeometry.ts";
import { encodePgm, rasterKind, rasterPages } from "./rasterize.ts";
import { repairHeaderLabels } from "./repairHeader.ts";
import type { OcrLanguage } from "./tessdataDir.ts";

export interface ScanOptions {
  filename: string;
  /** OCR languages, most likely first. */
  languages: OcrLanguage[];
  /** Epoch ms after which no further page is read. */
  deadline: number;
  maxPages: number;
  /** Time limit for the OCR of one page. */
  pageTimeoutMs: number;
  /** Enlarges every page by this factor before OCR (a second reading); default 1. */
  scale?: number;
}

/** An OCR item with the page it is on. */
export interface PlacedOcrItem extends OcrTextItem {
  page: number;
}

export interface ScanReading extends ReaderResult {
  ocr: {
    pages: number;
    /** Mean word confidence over the pages read, 0..1. */
    confidence: number;
    languages: OcrLanguage[];
    /** Every word kept, in points (y upwards), with its confidence. */
    items: PlacedOcrItem[];
    /** Page corrections applied, for the reasons ("rotated 90°", "deskewed 0.8°", "perspective"). */
    corrections: string[];
  };
}

const LAYOUT = { continuationGap: 1.7, headerGap: 1.6, step: 0.5 };
/** Pages kept for a second reading. */
const SECOND_READING_PAGES = 3;
const SECOND_READING_SCALE = 1.4;

/**
 * The order tables of the lines; a misread column label loses a column (or the whole table), so
 * the header is also read with near misses taken as the label they resemble, and whichever reading
 * recognises more columns is kept.
 */
function tablesOf(lines: LayoutLine[], source: string): { tables: LineTable[]; headerRepaired: boolean } {
  const tables = findLayoutTables(lines, source, LAYOUT);
  const repaired = repairHeaderLabels(lines);
  if (repaired) {
    const other = findLayoutTables(repaired, source, LAYOUT);
    if (recognised(other) > recognised(tables)) return { tables: other, headerRepaired: true };
  }
  return { tables, headerRepaired: false };
}

/** Reads the kept pages again at a larger scale; null when time runs out. */
async function secondReading(
  kept: Array<{ image: GrayImage; dpi: number; page: number }>,
  engine: OcrEngine,
  options: ScanOptions,
): Promise<{ lines: LayoutLine[]; items: PlacedOcrItem[] } | null> {
  const lines: LayoutLine[] = [];
  const items: PlacedOcrItem[] = [];
  for (const k of kept) {
    if (Date.now() >= options.deadline) return null;
    const image = scaleRotate(k.image, SECOND_READING_SCALE, 0);
    const dpi = k.dpi * SECOND_READING_SCALE;
    const box = inkBox(image, Math.round(dpi / 6));
    const page = await engine.recognize(encodePgm(crop(image, box.x0, box.y0, box.x1, box.y1)), {
      languages: options.languages,
      timeoutMs: options.pageTimeoutMs,
      dpi,
    });
    const words = page.words.map((w) => ({
      ...w,
      x0: w.x0 + box.x0,
      x1: w.x1 + box.x0,
      y0: w.y0 + box.y0,
      y1: w.y1 + box.y0,
      baseline: w.baseline + box.y0,
    }));
    const pageItems = ocrTextItems(words, image.height, dpi);
    for (const it of pageItems) items.push({ ...it, page: k.page });
    lines.push(...buildPdfLines(pageItems, k.page, (image.height * 72) / dpi));
  }
  return { lines, items };
}

/** How many columns of the first order table with rows have a role (-1: no such table). */
function recognised(tables: LineTable[]): number {
  const t = tables.find((x) => x.rows.length > 0);
  return t ? t.roles.filter((r) => r !== "other").length : -1;
}

/** Resolution pages are brought to before OCR (tesseract reads best around 300 dpi). */
const TARGET_DPI = 300;
const MIN_CONFIDENT = 62;

interface PreparedPage {
  image: GrayImage;
  dpi: number;
  corrections: string[];
}

/** Straightens and cleans one page: photo perspective, lighting, specks, quarter turns, skew. */
export function preparePage(input: GrayImage, inputDpi: number, scale = 1): PreparedPage {
  const corrections: string[] = [];
  let image = input;
  let dpi = inputDpi;
  const paper = findPaper(image);
  if (paper) {
    image = unwarp(image, paper);
    corrections.push("perspective corrected");
    dpi = Math.max(72, Math.round(Math.min(image.width, image.height) / 8.35));
  }
  image = normalizeContrast(image);
  const unit = dpi / 150;
  image = removeSpecks(image, Math.round(6 * unit * unit), Math.round(7 * unit));
  let orientation = detectOrientation(image);
  if (orientation.quarters === 1) {
    image = rotateQuarter(image, 1);
    corrections.push("turned 90°");
    orientation = detectOrientation(image);
  }
  const skew = Math.abs(orientation.skew) >= 0.2 ? orientation.skew : 0;
  if (skew !== 0) corrections.push(`deskewed ${Math.abs(skew).toFixed(1)}°`);
  // small type at fax and low scan resolutions: tesseract reads best at about 300 dpi
  // (and a 12-megapixel phone photo need not be read at 450 dpi)
  const factor = (dpi < 190 ? Math.min(2.5, TARGET_DPI / dpi) : dpi > 400 ? TARGET_DPI / dpi : 1) * scale;
  if (factor !== 1 || skew !== 0) {
    image = scaleRotate(image, factor, skew);
    dpi = Math.round(dpi * factor);
  }
  image = removeRules(image, Math.round(dpi * 0.3));
  return { image, dpi, corrections };
}

/**
 * Reads a scan (an image, a multi-page TIFF, or a PDF without a text layer) with OCR and rebuilds
 * its text and order tables with the same line and table code as text PDFs.
 */
export async function readScan(
  content: Buffer,
  engine: OcrEngine,
  options: ScanOptions,
): Promise<ScanReading> {
  const result = emptyResult();
  const path = `attachment:${options.filename}`;
  const lines: LayoutLine[] = [];
  const items: PlacedOcrItem[] = [];
  const corrections: string[] = [];
  let pages = 0;
  let confidenceSum = 0;
  let pageIndex = 0;
  const kind = rasterKind(content);
  let total = 0;
  // the first pages, upright, kept for a second reading when the first finds no order table
  const kept: Array<{ image: GrayImage; dpi: number; page: number }> = [];
  for await (const raster of rasterPages(content, {
    maxPages: options.maxPages,
    pdfDpi: TARGET_DPI,
    deadline: options.deadline,
    onPageCount: (n) => {
      total = n;
    },
  })) {
    pageIndex++;
    if (Date.now() >= options.deadline) {
      result.reasons.push(
        reason("ocr.timeout", `OCR stopped before page ${pageIndex} (time limit).`, "warning", path),
      );
      break;
    }
    const prepared = preparePage(raster.image, raster.dpi, options.scale ?? 1);
    let page: OcrPageText;
    // OCR reads only the printed part of the page; its words are put back in page coordinates
    const box = inkBox(prepared.image, Math.round(prepared.dpi / 6));
    let image = crop(prepared.image, box.x0, box.y0, box.x1, box.y1);
    try {
      const read = (img: GrayImage) =>
        engine.recognize(encodePgm(img), {
          languages: options.languages,
          timeoutMs: options.pageTimeoutMs,
          dpi: prepared.dpi,
        });
      page = await read(image);
      if (page.confidence < MIN_CONFIDENT) {
        // upside down? 180 degrees cannot be told from the ink profile: let the OCR confidence decide
        const flipped = rotateQuarter(image, 2);
        const other = await read(flipped);
        if (other.confidence > page.confidence + 5) {
          page = other;
          image = flipped;
          prepared.corrections.push("turned 180°");
        }
      }
    } catch (error) {
      if (error instanceof OcrTimeoutError) {
        result.reasons.push(
          reason("ocr.page_timeout", `Page ${pageIndex}: ${error.message}`, "warning", path),
        );
        continue;
      }
      throw error;
    }
    pages++;
    confidenceSum += page.confidence;
    for (const c of prepared.corrections) corrections.push(pageIndex > 1 ? `page ${pageIndex} ${c}` : c);
    const flipped = prepared.corrections.includes("turned 180°");
    const words = page.words.map((w) => {
      // back into the coordinates of the whole (upright) page
      const dx = flipped ? prepared.image.width - box.x1 : box.x0;
      const dy = flipped ? prepared.image.height - box.y1 : box.y0;
      return { ...w, x0: w.x0 + dx, x1: w.x1 + dx, y0: w.y0 + dy, y1: w.y1 + dy, baseline: w.baseline + dy };
    });
    const pageItems = ocrTextItems(words, prepared.image.height, prepared.dpi);
    for (const it of pageItems) items.push({ ...it, page: pageIndex });
    if (pageIndex <= SECOND_READING_PAGES) {
      kept.push({
        image: flipped ? rotateQuarter(prepared.image, 2) : prepared.image,
        dpi: prepared.dpi,
        page: pageIndex,
      });
    }
    lines.push(...buildPdfLines(pageItems, pageIndex, (prepared.image.height * 72) / prepared.dpi));
  }
  result.pages = Math.max(total, pageIndex);
  if (
    pageIndex < Math.min(total, options.maxPages) &&
    !result.reasons.some((r) => r.code === "ocr.timeout")
  ) {
    result.reasons.push(
      reason("ocr.timeout", `OCR stopped after page ${pageIndex} of ${total} (time limit).`, "warning", path),
    );
  }
  if (total > options.maxPages) {
    result.reasons.push(
      reason(
        "ocr.page_limit",
        `Only the first ${options.maxPages} of ${total} pages were read by OCR.`,
        "warning",
        path,
      ),
    );
  }
  result.isScan = true;
  result.text = lines.map(layoutLineText).join("\n");
  const first = tablesOf(lines, options.filename);
  result.tables = first.tables;
  let headerRepaired = first.headerRepaired;
  if (
    recognised(result.tables) < 0 &&
    kept.length > 0 &&
    kept.length === pages &&
    Date.now() < options.deadline
  ) {
    // no order table: small or faint print is often read better larger; read the first pages again
    const again = await secondReading(kept, engine, options).catch(() => null);
    if (again) {
      const second = tablesOf(again.lines, options.filename);
      if (recognised(second.tables) > recognised(result.tables)) {
        result.tables = second.tables;
        headerRepaired = second.headerRepaired;
        result.text = again.lines.map(layoutLineText).join("\n");
        items.splice(0, items.length, ...again.items);
        result.reasons.push(
          reason(
            "ocr.second_reading",
            "The order table was found on a second, enlarged reading.",
            "info",
            path,
          ),
        );
      }
    }
  }
  if (headerRepaired) {
    result.reasons.push(
      reason(
        "ocr.header_repaired",
        "A misread column label of the order table was read as the label it resembles.",
        "info",
        path,
      ),
    );
  }
  const confidence = pages > 0 ? confidenceSum / pages / 100 : 0;
  if (pages === 0 || items.length === 0) {
    result.reasons.push(reason("ocr.no_text", "OCR found no readable text in the scan.", "hard", path));
  } else {
    const what = kind === "pdf" ? "PDF without a text layer" : kind === "tiff" ? "TIFF" : "image";
    result.reasons.push(
      reason(
        "ocr.read",
        `Read by OCR (${what}, ${pages} page${pages > 1 ? "s" : ""}, ${options.languages.join("+")}, mean word confidence ${Math.round(confidence * 100)} %${corrections.length ? `; ${corrections.join(", ")}` : ""}).`,
        "info",
        path,
      ),
    );
    if (confidence < OCR_WEIGHTS.scanUnsure) {
      result.reasons.push(
        reason(
          "ocr.low_confidence",
          `The OCR is unsure of this scan (mean word confidence ${Math.round(confidence * 100)} %).`,
          "warning",
          path,
        ),
      );
    }
  }
  return {
    ...result,
    ocr: { pages, confidence, languages: options.languages, items, corrections },
  };
}
