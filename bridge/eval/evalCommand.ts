import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { claudeReaderFromEnv } from "../extract/llm/createClaudeReader.ts";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { createOcrEngine } from "../extract/ocr/createOcrEngine.ts";
import { createScanReader } from "../extract/ocr/createScanReader.ts";
import { formatAcceptance } from "./acceptanceFigures.ts";
import { runEval } from "./runEval.ts";
import { formatReport } from "./score.ts";

/** The corpus beside the repository: ../shared/corpus from the working directory (the repo root). */
export function defaultCorpusDir(): string {
  for (const base of [process.cwd(), resolve(process.cwd(), "..")]) {
    const candidate = resolve(base, "../shared/corpus");
    if (existsSync(candidate)) return candidate;
  }
  return resolve(process.cwd(), "../shared/corpus");
}

/** Our own generated holdout set (bridge/eval/holdout/README.md): cases the extractor was not tuned on. */
export const HOLDOUT_DIR = resolve(import.meta.dirname, "holdout");

/**
 * `order-intake eval [DIR | --dir DIR] [--catalog DIR] [--out PRED_DIR] [--per-case]`; without a DIR the
 * dev corpus is scored, then the holdout set, so both figures are seen side by side.
 */
export async function evalCommand(argv: string[]): Promise<number> {
  let dir: string | null = null;
  let catalog: string | null = null;
  let out: string | null = null;
  let perCase = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--catalog") catalog = argv[++i] ?? null;
    else if (a === "--out") out = argv[++i] ?? null;
    else if (a === "--per-case") perCase = true;
    else if (a === "--dir") dir = argv[++i] ?? null;
    else if (a && !a.startsWith("--")) dir = a;
    else {
      process.stderr.write(
        `unknown option ${a}\nusage: eval [DIR | --dir DIR] [--catalog DIR] [--out PRED_DIR] [--per-case]\n`,
      );
      return 2;
    }
  }
  const corpus = defaultCorpusDir();
  const casesDir = resolve(dir ?? join(corpus, "dev"));
  const catalogDir = resolve(catalog ?? join(corpus, "catalog"));
  const outDir = resolve(out ?? mkdtempSync(join(tmpdir(), "order-intake-eval-")));
  const llm = claudeReaderFromEnv(process.env);
  const engine = createOcrEngine({ concurrency: 1 });
  const ocr = createScanReader({ engine, catalog: await loadCsvCatalog(catalogDir) });
  const res = await runEval({ casesDir, catalogDir, outDir, llm, ocr }).finally(() => engine.close());
  for (const e of res.errors) process.stderr.write(`case ${e.case} failed: ${e.message}\n`);
  process.stdout.write(
    `predictions: ${outDir}${llm ? ` (model ${llm.model})` : " (deterministic, no model)"}\n\n`,
  );
  process.stdout.write(`${formatReport(res.all, perCase ? res.rows : undefined)}\n`);
  process.stdout.write("\nmachine-readable cases (pdf/xlsx/csv/text/html, no scans):\n");
  process.stdout.write(`${formatReport(res.machineReadable)}\n`);
  process.stdout.write("\nscanned cases (images, image-only PDFs, faxes; read by OCR):\n");
  process.stdout.write(`${formatReport(res.scans)}\n`);
  process.stdout.write(
    `scans that reached draft with a wrong line: ${res.scanDraftsWrong.length ? res.scanDraftsWrong.join(", ") : "none"}\n`,
  );
  process.stdout.write(`\n${formatAcceptance(res.acceptance)}\n`);
  let failed = res.errors.length > 0;
  if (dir === null && existsSync(HOLDOUT_DIR)) {
    const holdOut = mkdtempSync(join(tmpdir(), "order-intake-holdout-"));
    const h = await runEval({ casesDir: HOLDOUT_DIR, catalogDir, outDir: holdOut, llm });
    for (const e of h.errors) process.stderr.write(`holdout case ${e.case} failed: ${e.message}\n`);
    process.stdout.write(
      `\nholdout (${HOLDOUT_DIR}, generated cases not in the dev corpus; predictions: ${holdOut}):\n`,
    );
    process.stdout.write(`${formatReport(h.all, perCase ? h.rows : undefined)}\n`);
    failed ||= h.errors.length > 0;
  }
  return failed ? 1 : 0;
}
