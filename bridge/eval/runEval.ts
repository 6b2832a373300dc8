import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createExtractor } from "../extract/createExtractor.ts";
import type { LlmReader } from "../extract/llm/llmReader.ts";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { createMemorySeenStore } from "../extract/match/seenStore.ts";
import { type ScoreReport, type ScoreRow, scoreDirectory } from "./score.ts";

export interface EvalOptions {
  casesDir: string;
  catalogDir: string;
  outDir: string;
  llm?: LlmReader | null;
}

export interface EvalResult {
  all: ScoreReport;
  /** Cases whose documents a machine can read (pdf/xlsx/csv/text/html), not scans. */
  machineReadable: ScoreReport;
  rows: ScoreRow[];
  errors: Array<{ case: string; message: string }>;
}

const MACHINE_TAGS = new Set(["pdf", "xlsx", "csv", "body-text", "body-html", "html-body", "ascii-table"]);
const SCAN_TAGS = new Set(["ocr", "scan", "image", "image-pdf"]);

export function isMachineReadable(tags: string[]): boolean {
  return tags.some((t) => MACHINE_TAGS.has(t)) && !tags.some((t) => SCAN_TAGS.has(t));
}

/** Runs every case NNN/message.eml in order on a fresh SeenStore, writes outDir/NNN.json and scores them. */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  const catalog = await loadCsvCatalog(opts.catalogDir);
  const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), llm: opts.llm ?? null });
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
  return { all: scored.report, machineReadable: machine.report, rows: scored.rows, errors };
}
