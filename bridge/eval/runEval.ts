import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createExtractor } from "../extract/createExtractor.ts";
import type { LlmReader } from "../extract/llm/llmReader.ts";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { createMemorySeenStore } from "../extract/match/seenStore.ts";
import type { ScanReader } from "../extract/ocr/createScanReader.ts";
import { type AcceptanceFigures, acceptanceFigures } from "./acceptanceFigures.ts";
import { type ScoreReport, type ScoreRow, scoreDirectory } from "./score.ts";

export interface EvalOptions {
  casesDir: string;
  catalogDir: string;
  outDir: string;
  llm?: LlmReader | null;
  /** OCR for the scans; without it scans stay unread (review). */
  ocr?: ScanReader | null;
}

export interface EvalResult {
  all: ScoreReport;
  /** Cases whose documents a machine can read (pdf/xlsx/csv/text/html), not scans. */
  machineReadable: ScoreReport;
  /** The scanned cases (tags ocr/scan/image/image-pdf), read by OCR when `ocr` is given. */
  scans: ScoreReport;
  /** Scanned cases that reached `draft` with a wrong or missing line (must stay empty). */
  scanDraftsWrong: string[];
  rows: ScoreRow[];
  errors: Array<{ case: string; message: string }>;
  /** Issue #4's figures: calibration, share of sure orders, duplicates, amendments. */
  acceptance: AcceptanceFigures;
}

const MACHINE_TAGS = new Set(["pdf", "xlsx", "csv", "body-text", "body-html", "html-body", "ascii-table"]);
const SCAN_TAGS = new Set(["ocr", "scan", "image", "image-pdf"]);

export function isScanCase(tags: string[]): boolean {
  return tags.some((t) => SCAN_TAGS.has(t));
}

export function isMachineReadable(tags: string[]): boolean {
  return tags.some((t) => MACHINE_TAGS.has(t)) && !tags.some((t) => SCAN_TAGS.has(t));
}

/** Runs every case NNN/message.eml in order on a fresh SeenStore, writes outDir/NNN.json and scores them. */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  const catalog = await loadCsvCatalog(opts.catalogDir);
  const extractor = createExtractor({
    catalog,
    seen: createMemorySeenStore(),
    llm: opts.llm ?? null,
    ocr: opts.ocr ?? null,
  });
  mkdirSync(opts.outDir, { recursive: true });
  const ids = readdirSync(opts.casesDir)
    .filter((d) => existsSync(join(opts.casesDir, d, "message.eml")))
    .sort();
  const errors: EvalResult["errors"] = [];
  for (const id of ids) {
    try {
      const result = await extractor.extract(readFileSync(join(opts.casesDir, id, "message.eml")), {
        key: id,
      });
      writeFileSync(join(opts.outDir, `${id}.json`), `${JSON.stringify({ case: id, ...result }, null, 2)}\n`);
    } catch (err) {
      errors.push({ case: id, message: (err as Error).message });
    }
  }
  const productsCsv = join(opts.catalogDir, "products.csv");
  const scored = scoreDirectory(opts.casesDir, opts.outDir, existsSync(productsCsv) ? productsCsv : null);
  const machineIds = new Set(scored.rows.filter((r) => isMachineReadable(r.tags)).map((r) => r.case));
  const { scorePredictions, loadPriceCatalog } = await import("./score.ts");
  const preds = new Map<string, Record<string, unknown> | null>();
  for (const id of machineIds) {
    const p = join(opts.outDir, `${id}.json`);
    preds.set(id, existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>) : null);
  }
  const machine = scorePredictions(
    scored.truths.filter((t) => machineIds.has(t.id)),
    preds,
    loadPriceCatalog(existsSync(productsCsv) ? productsCsv : null),
  );
  const priceCatalog = loadPriceCatalog(existsSync(productsCsv) ? productsCsv : null);
  const scanRows = scored.rows.filter((r) => isScanCase(r.tags));
  const predOf = (id: string) => {
    const p = join(opts.outDir, `${id}.json`);
    return existsSync(p) ? (JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>) : null;
  };
  const scanIds = new Set(scanRows.map((r) => r.case));
  const scans = scorePredictions(
    scored.truths.filter((t) => scanIds.has(t.id)),
    new Map([...scanIds].map((id) => [id, predOf(id)])),
    priceCatalog,
  );
  const scanDraftsWrong = scanRows
    .filter((r) => r.predExpect === "draft")
    .filter((r) => {
      const one = scorePredictions(
        scored.truths.filter((t) => t.id === r.case),
        new Map([[r.case, predOf(r.case)]]),
        priceCatalog,
      );
      return one.report.lines.fp > 0 || one.report.lines.fn > 0;
    })
    .map((r) => r.case);
  return {
    all: scored.report,
    machineReadable: machine.report,
    scans: scans.report,
    scanDraftsWrong,
    rows: scored.rows,
    errors,
    acceptance: acceptanceFigures(opts.casesDir, opts.outDir, scored.rows, machineIds),
  };
}
