import type { Catalog, Partner } from "../match/catalog.ts";
import { findStatedNetTotal } from "../order/headerFields.ts";
import { OCR_WEIGHTS } from "../score/weights.ts";
import { detectDecimalSeparator, parseNumber } from "../text/parseNumber.ts";
import type { ExtractedOrder, ReadDocument, Reason } from "../types.ts";
import type { OcrEngine } from "./createOcrEngine.ts";
import { resize } from "./grayImage.ts";
import { BudgetExceededError, readImageHeader } from "./imageBudget.ts";
import { ocrLanguages } from "./ocrLanguages.ts";
import { encodePng, rasterKind, rasterPages } from "./rasterize.ts";
import { type PlacedOcrItem, readScan, type ScanReading } from "./readScan.ts";
import { codeIndex, confusionKey, repairTable } from "./repairDigits.ts";

export interface ScanHints {
  /** The sender, when known as a customer: its language and country choose the OCR languages. */
  partner?: Pick<Partner, "language" | "country"> | null;
  /** Languages set on the mailbox ("de", "fr", ...), before the sender's. */
  mailboxLanguages?: string[] | null;
}

export interface ScanReaderOptions {
  engine: OcrEngine;
  catalog: Pick<Catalog, "products">;
  /** Time limit for the OCR of one page (default 30 s). */
  pageTimeoutMs?: number;
  /** Time limit for the whole document (default 120 s). */
  documentTimeoutMs?: number;
  /** Pages read at most per document (default 10). */
  maxPages?: number;
}

/**
 * Reads scans with OCR inside the extraction. `read` replaces what the document readers left empty
 * (an image, a PDF without a text layer) with the OCR text and tables; `review` runs once the lines
 * are built: it lowers line confidences by the OCR word confidences and lets a scanned order through
 * to a draft only when every line matches the catalog by its code and the stated total adds up.
 */
export interface ScanReader {
  read(doc: ReadDocument, content: Buffer, hints: ScanHints): Promise<ReadDocument>;
  review(orders: ExtractedOrder[], documents: ReadDocument[], reasons: Reason[]): void;
  /**
   * The attachments as the model can take them: TIFF faxes and other image formats it does not
   * read become PNG pages (at most `maxPages`, longest side 1568 px); everything else is unchanged.
   */
  forModel(documents: ModelDocument[]): Promise<ModelDocument[]>;
}

export interface ModelDocument {
  filename: string;
  contentType: string;
  content: Buffer;
}

const MODEL_IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const MODEL_MAX_SIDE = 1568;

/** Images smaller than this (logos, signatures, icons) are not read. */
const MIN_SIDE = 300;

export function createScanReader(options: ScanReaderOptions): ScanReader {
  const readings = new WeakMap<ReadDocument, ScanReading>();
  const codes = options.catalog.products.map((p) => p.default_code);
  const codeSet = new Set(codes);
  const byKey = codeIndex(codes);
  const listPrice = new Map(options.catalog.products.map((p) => [p.default_code, p.list_price]));

  return {
    async read(doc, content, hints) {
      if (!doc.isScan || doc.unreadable) return doc;
      if (doc.detectedType === "image" && tooSmall(content)) return doc;
      const languages = ocrLanguages({
        mailboxLanguages: hints.mailboxLanguages ?? null,
        partnerLanguage: hints.partner?.language ?? null,
        partnerCountry: hints.partner?.country ?? null,
      });
      const path = `attachment:${doc.filename}`;
      const deadline = Date.now() + (options.documentTimeoutMs ?? 120_000);
      const readAt = async (scale: number) => {
        const r = await readScan(content, options.engine, {
          filename: doc.filename,
          languages,
          deadline,
          maxPages: options.maxPages ?? 10,
          pageTimeoutMs: options.pageTimeoutMs ?? 30_000,
          scale,
        });
        const decimal = detectDecimalSeparator(r.text);
        const repairs: Reason[] = [];
        for (const t of r.tables) {
          repairs.push(...repairTable(t, { codesByKey: byKey, codes: codeSet, listPrice, decimal, path }));
        }
        return { reading: r, repairs, check: checkTables(r, codeSet) };
      };
      let reading: ScanReading;
      let repairs: Reason[];
      try {
        let first = await readAt(1);
        // some rows carry one of our codes and others not (OCR noise, more likely than the
        // customer's own numbers), or the rows do not add up to the stated total: a short scan is
        // read once more, enlarged, and the better reading kept
        const c = first.check;
        const doubtful = (c.known > 0 && c.known < c.rows) || c.totalAgrees === false;
        if (doubtful && (first.reading.pages ?? 1) <= 3 && Date.now() < deadline) {
          const second = await readAt(1.4).catch(() => null);
          if (second && second.check.score > c.score) {
            second.reading.reasons.push({
              code: "ocr.second_reading",
              severity: "info",
              message: `A second, enlarged reading was kept: ${second.check.known} of ${second.check.rows} rows with our product codes${second.check.totalAgrees ? ", adding up to the stated total" : ""} (the first: ${c.known} of ${c.rows}${c.totalAgrees ? ", adding up" : ""}).`,
              path,
            });
            first = second;
          }
        }
        reading = first.reading;
        repairs = first.repairs;
      } catch (error) {
        if (error instanceof BudgetExceededError) {
          // over its budget: not read, and not tried again (a permanent reason, not a failure)
          return {
            ...doc,
            isScan: false,
            unreadable: true,
            reasons: [
              ...doc.reasons.filter((r) => r.code !== "image.needs_ocr"),
              { code: error.code, severity: "hard", message: error.message, path },
            ],
          };
        }
        const detail = error instanceof Error ? error.message.slice(0, 160) : "unknown error";
        return {
          ...doc,
          reasons: [
            ...doc.reasons,
            { code: "ocr.failed", severity: "warning", message: `OCR failed (${detail}).`, path },
          ],
        };
      }
      const kept = doc.reasons.filter((r) => r.code !== "image.needs_ocr" && r.code !== "pdf.no_text_layer");
      const read: ReadDocument = {
        ...doc,
        text: reading.text,
        tables: reading.tables,
        // read now: no longer waiting for OCR
        isScan: reading.ocr.items.length === 0,
        reasons: [...kept, ...reading.reasons, ...repairs],
      };
      if (reading.pages !== undefined) read.pages = reading.pages;
      readings.set(read, reading);
      return read;
    },

    async forModel(documents) {
      const out: ModelDocument[] = [];
      for (const d of documents) {
        const kind = d.content.length > 0 ? rasterKind(d.content) : "pdf";
        const convert = kind === "tiff" || (kind === "image" && !MODEL_IMAGE.test(d.contentType));
        if (!convert || !/^(image\/|application\/octet-stream)/.test(d.contentType)) {
          out.push(d);
          continue;
        }
        try {
          let n = 0;
          for await (const page of rasterPages(d.content, {
            maxPages: options.maxPages ?? 10,
            pdfDpi: 150,
            deadline: Date.now() + 30_000,
          })) {
            n++;
            const longest = Math.max(page.image.width, page.image.height);
            const f = Math.min(1, MODEL_MAX_SIDE / longest);
            const img =
              f < 1
                ? resize(page.image, Math.round(page.image.width * f), Math.round(page.image.height * f))
                : page.image;
            out.push({
              filename: `${d.filename}.page${n}.png`,
              contentType: "image/png",
              content: encodePng(img),
            });
          }
        } catch (error) {
          // an image over its budget is not handed to the model either
          if (!(error instanceof BudgetExceededError)) out.push(d);
        }
      }
      return out;
    },

    review(orders, documents, reasons) {
      const scanned = documents.filter((d) => readings.has(d));
      if (scanned.length === 0) return;
      const items = scanned.flatMap((d) => readings.get(d)?.ocr.items ?? []);
      const text = scanned.map((d) => d.text).join("\n");
      const mean = scanned.reduce((s, d) => s + (readings.get(d)?.ocr.confidence ?? 0), 0) / scanned.length;
      for (const [i, order] of orders.entries()) {
        let byCode = 0;
        for (const [j, line] of order.lines.entries()) {
          const path = `order[${i}].lines[${j}]`;
          const row = line.default_code ? rowOf(items, line.default_code) : [];
          if (row.length > 0) byCode++;
          // the words the line is built from: its code, quantity, price and amount (the description
          // only names the product, which the code identifies); other figures when those are not found
          const rowWords = row.length > 0 ? row : rowByDescription(items, line.description);
          const values = [line.quantity, line.unit_price, (line.unit_price ?? 0) * line.quantity];
          const key = line.default_code ? confusionKey(line.default_code) : null;
          const figures = rowWords.filter((w) => /\d/.test(w.text));
          const matter = figures.filter(
            (w) =>
              (key !== null &&
                confusionKey(w.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")) === key) ||
              values.some((v) => v !== null && v !== 0 && readsAs(w.text, v)),
          );
          const words = matter.length >= 2 ? matter : figures;
          const conf = words.length > 0 ? Math.min(...words.map((w) => w.confidence)) : mean;
          if (line.confidence !== undefined) {
            const floor = OCR_WEIGHTS.lineFloor;
            line.confidence = Math.round(line.confidence * (floor + (1 - floor) * conf) * 1000) / 1000;
          }
          if (conf < OCR_WEIGHTS.lineUnsure) {
            reasons.push({
              code: "ocr.line_unsure",
              severity: "warning",
              message: `OCR is unsure of this line (lowest word confidence ${Math.round(conf * 100)} %).`,
              path,
            });
          }
        }
        if (order.lines.length > 0 && byCode < order.lines.length) {
          reasons.push({
            code: "ocr.lines_not_by_code",
            severity: "hard",
            message: `${order.lines.length - byCode} of ${order.lines.length} scanned lines are not identified by one of our product codes; a person must check them.`,
            path: `order[${i}]`,
          });
        }
        const priced = order.lines.filter((l) => l.unit_price !== null);
        const sum = priced.reduce((s, l) => s + (l.unit_price ?? 0) * l.quantity, 0);
        const stated = findStatedNetTotal(text.split("\n"), detectDecimalSeparator(text));
        const adds =
          priced.length === order.lines.length && stated !== null && Math.abs(stated - sum) <= 0.02;
        if (!adds && order.lines.length > 0) {
          reasons.push({
            code: "ocr.totals_unconfirmed",
            severity: "hard",
            message:
              stated === null
                ? "No net total could be read from the scan to check the lines against."
                : `The scanned lines add up to ${sum.toFixed(2)}, the scan states ${stated.toFixed(2)}.`,
            path: `order[${i}].total_untaxed`,
          });
        }
      }
    },
  };
}

/**
 * How sound a reading's order table looks: rows, rows holding one of our codes, and whether the
 * rows' amounts (or quantity x price) add up to the net total the text states (null: no total).
 */
function checkTables(
  reading: ScanReading,
  codes: Set<string>,
): { known: number; rows: number; totalAgrees: boolean | null; score: number } {
  const decimal = detectDecimalSeparator(reading.text);
  let known = 0;
  let rows = 0;
  let sum = 0;
  const first = reading.tables.find((t) => t.rows.length > 0);
  const tables = first ? reading.tables.filter((t) => t.roles.join("|") === first.roles.join("|")) : [];
  for (const t of tables) {
    const col = (role: string) => t.roles.indexOf(role as never);
    const [c, q, p, a] = [col("code"), col("quantity"), col("unit_price"), col("amount")];
    for (const row of t.rows) {
      rows++;
      if (c >= 0 && codes.has((row[c] ?? "").trim())) known++;
      const amount = a >= 0 ? parseNumber(row[a] ?? "", decimal) : null;
      const qty = q >= 0 ? parseNumber(row[q] ?? "", decimal) : null;
      const price = p >= 0 ? parseNumber(row[p] ?? "", decimal) : null;
      sum += amount ?? (qty !== null && price !== null ? qty * price : 0);
    }
  }
  const stated = findStatedNetTotal(
    [...tables.flatMap((t) => t.trailer), ...reading.text.split("\n")],
    decimal,
  );
  const totalAgrees = stated === null || rows === 0 ? null : Math.abs(stated - sum) <= 0.02;
  return { known, rows, totalAgrees, score: (totalAgrees ? 1000 : 0) + known * 10 + rows };
}

/** The OCR words on the same visual row as the word holding `code`. */
function rowOf(items: PlacedOcrItem[], code: string): PlacedOcrItem[] {
  const key = confusionKey(code);
  const anchor = items.find(
    (it) => confusionKey(it.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")) === key,
  );
  if (!anchor) return [];
  return items.filter((it) => it.page === anchor.page && Math.abs(it.y - anchor.y) <= anchor.size * 0.5);
}

function rowByDescription(items: PlacedOcrItem[], description: string): PlacedOcrItem[] {
  const first = description.split(/\s+/).find((w) => w.length >= 4);
  const anchor = first ? items.find((it) => it.text === first) : undefined;
  if (!anchor) return [];
  return items.filter((it) => it.page === anchor.page && Math.abs(it.y - anchor.y) <= anchor.size * 0.5);
}

/** True when a word is the number `value` in either decimal convention ("7,80", "7.80", "1.249,00"). */
function readsAs(text: string, value: number): boolean {
  return [",", "."].some((d) => {
    const n = parseNumber(text.replace(/[^\d.,'-]/g, ""), d as "," | ".");
    return n !== null && Math.abs(n - value) < 0.005;
  });
}

function tooSmall(content: Buffer): boolean {
  if (rasterKind(content) !== "image") return false;
  // read from the header: decoding a whole image only to learn its size is what an image bomb wants
  const size = readImageHeader(content)?.sizes[0];
  return size !== undefined && size.width < MIN_SIDE && size.height < MIN_SIDE;
}
