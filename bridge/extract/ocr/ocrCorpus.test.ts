import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isScanCase, runEval } from "../../eval/runEval.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createOcrEngine } from "./createOcrEngine.ts";
import { createScanReader } from "./createScanReader.ts";

const corpus = resolve(import.meta.dirname, "../../../../shared/corpus");

/** The scanned cases of the dev corpus (tags ocr/scan/image/image-pdf), by their truth. */
function scanCases(dev: string): string[] {
  return readdirSync(dev)
    .filter((id) => existsSync(join(dev, id, "truth.json")))
    .filter((id) => isScanCase(JSON.parse(readFileSync(join(dev, id, "truth.json"), "utf8")).tags ?? []))
    .sort();
}

describe.skipIf(!existsSync(join(corpus, "dev")))(
  "OCR on the scanned cases of the dev corpus (no model)",
  () => {
    it("reads their lines (F1 >= 0.90) and no scan reaches draft with a wrong line", {
      timeout: 240_000,
    }, async () => {
      const dev = join(corpus, "dev");
      const ids = scanCases(dev);
      expect(ids.length).toBeGreaterThan(0);
      // a corpus of just the scans (a link per case), scored by the same evaluation as `npm run eval`
      const cases = mkdtempSync(join(tmpdir(), "ocr-cases-"));
      for (const id of ids) symlinkSync(join(dev, id), join(cases, id));
      const catalogDir = join(corpus, "catalog");
      const engine = createOcrEngine({ concurrency: 1 });
      try {
        const ocr = createScanReader({ engine, catalog: await loadCsvCatalog(catalogDir) });
        const outDir = mkdtempSync(join(tmpdir(), "ocr-eval-"));
        const res = await runEval({ casesDir: cases, catalogDir, outDir, ocr });
        expect(res.errors).toEqual([]);
        expect(res.scans.cases).toBe(ids.length);
        expect(res.scans.lines.f1).toBeGreaterThanOrEqual(0.9);
        expect(res.scanDraftsWrong).toEqual([]);
        for (const id of ids) {
          const pred = JSON.parse(readFileSync(join(outDir, `${id}.json`), "utf8"));
          expect(
            pred.reasons.some((r: { code: string }) => r.code === "ocr.read"),
            id,
          ).toBe(true);
        }
      } finally {
        await engine.close();
      }
    });
  },
);
