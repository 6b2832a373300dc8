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

/** `order-intake eval [DIR] [--catalog DIR] [--out PRED_DIR] [--per-case]` */
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
    else if (a && !a.startsWith("--")) dir = a;
    else {
      process.stderr.write(
        `unknown option ${a}\nusage: eval [DIR] [--catalog DIR] [--out PRED_DIR] [--per-case]\n`,
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
  return res.errors.length > 0 ? 1 : 0;
}
