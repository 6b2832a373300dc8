/**
 * Child process of bench:extract: reads the scanned emails given (and a generated 3-page TIFF fax)
 * through the whole extractor with OCR, and prints seconds per page and the peak resident memory of
 * the process (tesseract's worker thread included), with the baseline before the first scan.
 */
import { readFileSync } from "node:fs";
import { createExtractor, loadDefaultReaders } from "../../bridge/extract/createExtractor.ts";
import { loadCsvCatalog } from "../../bridge/extract/match/catalog.ts";
import { createMemorySeenStore } from "../../bridge/extract/match/seenStore.ts";
import { renderOrderPage, tiff } from "../../bridge/extract/ocr/__fixtures__/orderImages.ts";
import { createOcrEngine, type OcrEngine } from "../../bridge/extract/ocr/createOcrEngine.ts";
import { createScanReader } from "../../bridge/extract/ocr/createScanReader.ts";
import { readScan } from "../../bridge/extract/ocr/readScan.ts";

/** One scan read, as printed to bench:extract. */
export interface OcrPeakCase {
  name: string;
  pages: number;
  passes: number;
  seconds: number;
  ocrSeconds: number;
  lines: number;
}

/** What this child prints (JSON on stdout). */
export interface OcrPeakReport {
  baselineKb: number;
  maxRssKb: number;
  seconds: number;
  cases: OcrPeakCase[];
}

const [catalogDir, ...emls] = process.argv.slice(2);
const catalog = await loadCsvCatalog(catalogDir!);
const readers = await loadDefaultReaders();
const pool = createOcrEngine({ concurrency: 1 });
let passes = 0;
let ocrMs = 0;
const engine: OcrEngine = {
  get workers() {
    return pool.workers;
  },
  async recognize(image, options) {
    const t = performance.now();
    try {
      return await pool.recognize(image, options);
    } finally {
      passes++;
      ocrMs += performance.now() - t;
    }
  },
  close: () => pool.close(),
};
const baselineKb = process.resourceUsage().maxRSS;
const extractor = createExtractor({
  catalog,
  seen: createMemorySeenStore(),
  readers,
  ocr: createScanReader({ engine, catalog }),
});
const cases: OcrPeakCase[] = [];
const started = performance.now();
for (const eml of emls) {
  const [p0, m0, t0] = [passes, ocrMs, performance.now()];
  const result = await extractor.extract(readFileSync(eml));
  const read = result.reasons.find((r) => r.code === "ocr.read")?.message ?? "";
  cases.push({
    name: eml,
    pages: Number(/(\d+) pages?/.exec(read)?.[1] ?? 0),
    passes: passes - p0,
    seconds: (performance.now() - t0) / 1000,
    ocrSeconds: (ocrMs - m0) / 1000,
    lines: result.orders.flatMap((o) => o.lines).length,
  });
}
// a fax of three pages (generated: 200 dpi, uncompressed grey)
const fax = tiff(
  [1, 2, 3].map((n) =>
    renderOrderPage({
      company: "Fax Bench Ltd",
      po: `FX-100${n}`,
      date: "2026-11-05",
      lines: [{ code: `FXB-10${n}0`, description: "Bench item", quantity: n * 3, unit: "pcs", price: 4.5 }],
    }),
  ),
);
{
  const [p0, m0, t0] = [passes, ocrMs, performance.now()];
  const read = await readScan(fax, engine, {
    filename: "fax.tif",
    languages: ["eng"],
    deadline: Date.now() + 300_000,
    maxPages: 10,
    pageTimeoutMs: 60_000,
  });
  cases.push({
    name: "generated fax.tif",
    pages: read.ocr.pages,
    passes: passes - p0,
    seconds: (performance.now() - t0) / 1000,
    ocrSeconds: (ocrMs - m0) / 1000,
    lines: read.tables.flatMap((t) => t.rows).length,
  });
}
await pool.close();
const report: OcrPeakReport = {
  baselineKb,
  maxRssKb: process.resourceUsage().maxRSS,
  seconds: (performance.now() - started) / 1000,
  cases,
};
process.stdout.write(JSON.stringify(report));
