import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HOLDOUT_DIR, UNSEEN_DIR, wrongAtAuto } from "./evalCommand.ts";
import { runEval } from "./runEval.ts";

const catalog = resolve(import.meta.dirname, "../../../shared/corpus/catalog");

describe.skipIf(!existsSync(catalog))("evaluation on our own holdout set (no model)", () => {
  it("keeps its figures", { timeout: 120_000 }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), "eval-holdout-"));
    const res = await runEval({ casesDir: HOLDOUT_DIR, catalogDir: catalog, outDir });
    expect(res.errors).toEqual([]);
    expect(res.all.cases).toBe(60);
    expect(res.all.fields.kind?.acc).toBe(1);
    expect(res.all.lines.f1).toBeGreaterThanOrEqual(0.97);
    expect(res.all.exact_case_rate).toBeGreaterThanOrEqual(0.9);
    // what is scored >= 0.95 is right
    expect(wrongAtAuto(res.rows, 0.95).wrong).toEqual([]);
  });
});

describe.skipIf(!existsSync(catalog))("evaluation on our unseen-layout set (no model)", () => {
  it("puts nothing wrong at or above the auto threshold", { timeout: 120_000 }, async () => {
    const outDir = mkdtempSync(join(tmpdir(), "eval-unseen-"));
    const res = await runEval({ casesDir: UNSEEN_DIR, catalogDir: catalog, outDir });
    expect(res.errors).toEqual([]);
    expect(res.all.cases).toBe(21);
    expect(wrongAtAuto(res.rows, 0.95).wrong).toEqual([]);
    // requests for quotation, status inquiries and forecasts in six languages are not orders
    expect(res.all.fields.kind?.acc).toBe(1);
  });
});
