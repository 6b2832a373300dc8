import { createHash } from "node:crypto";
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Languages whose OCR models ship as npm packages (`@tesseract.js-data/<code>`). */
export const OCR_LANGUAGES = ["eng", "deu", "fra", "spa"] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

const require = createRequire(import.meta.url);

/** The file of a language model inside node_modules (LSTM, integer weights). */
export function traineddataFile(language: OcrLanguage): string {
  const root = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  return join(root, "4.0.0_best_int", `${language}.traineddata.gz`);
}

/**
 * tesseract.js reads every language of a worker from one folder; the npm packages keep one folder
 * each. This links them side by side in a private folder (no copy, no download) and returns it.
 */
export function tessdataDir(base: string = tmpdir()): string {
  const files = OCR_LANGUAGES.map((language) => [language, traineddataFile(language)] as const);
  const key = createHash("sha256")
    .update(files.map(([, f]) => f).join("\n"))
    .digest("hex")
    .slice(0, 12);
  const dir = join(base, `order-intake-tessdata-${key}`);
  mkdirSync(dir, { recursive: true });
  for (const [language, file] of files) {
    const link = join(dir, `${language}.traineddata.gz`);
    let current: string | null = null;
    try {
      current = readlinkSync(link);
    } catch {
      current = null;
    }
    if (current === file) continue;
    if (current !== null) rmSync(link, { force: true });
    try {
      symlinkSync(file, link);
    } catch (error) {
      // another process linked it at the same moment
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return dir;
}
