/**
 * `npm run bench:extract`: documents per second by format (the readers alone, then whole emails
 * through the extractor), and the peak memory of a process reading the largest attachment of the
 * corpus through the full extraction path. Corpus: ../shared/corpus/dev (or BENCH_CORPUS).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { readDocument } from "../bridge/extract/documents/readDocument.ts";
import { parseEmail } from "../bridge/extract/mime/parseEmail.ts";
import { defaultReadLimits } from "../bridge/extract/types.ts";
import type { OcrPeakReport } from "./lib/ocrPeak.ts";

const corpus = path.resolve(process.env.BENCH_CORPUS ?? "../shared/corpus/dev");
const seconds = Number(process.env.BENCH_SECONDS ?? 2);

if (!existsSync(corpus)) {
  console.error(`no corpus at ${corpus}: set BENCH_CORPUS`);
  process.exit(1);
}

interface Doc {
  format: string;
  filename: string;
  contentType: string;
  content: Buffer;
  eml: string;
}
const docs: Doc[] = [];
for (const c of readdirSync(corpus).sort()) {
  const eml = path.join(corpus, c, "message.eml");
  if (!existsSync(eml)) continue;
  const email = await parseEmail(readFileSync(eml));
  for (const a of email.attachments) {
    if (a.inline) continue;
    const d = await readDocument({ filename: a.filename, contentType: a.contentType, content: a.content });
    const format = d.unreadable ? "unreadable" : d.isScan ? "scan" : d.detectedType;
    docs.push({ format, filename: a.filename, contentType: a.contentType, content: a.content, eml });
  }
}

const byFormat = new Map<string, Doc[]>();
for (const d of docs) byFormat.set(d.format, [...(byFormat.get(d.format) ?? []), d]);

console.log(`extraction benchmark over ${corpus} (${docs.length} attachments), ~${seconds} s per format`);
console.log(`${"format".padEnd(12)} ${"docs".padStart(5)} ${"docs/s".padStart(9)} ${"MB/s".padStart(8)}`);
for (const [format, list] of [...byFormat].sort()) {
  let n = 0;
  let bytes = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const d = list[n % list.length]!;
    await readDocument(
      { filename: d.filename, contentType: d.contentType, content: d.content },
      defaultReadLimits,
    );
    n++;
    bytes += d.content.length;
  }
  const s = (performance.now() - start) / 1000;
  console.log(
    `${format.padEnd(12)} ${String(list.length).padStart(5)} ${(n / s).toFixed(1).padStart(9)} ${(bytes / s / 1e6).toFixed(1).padStart(8)}`,
  );
}

const largest = docs.reduce((a, b) => (b.content.length > a.content.length ? b : a));
// The peak is measured on the compiled bridge (as deployed with `npm run build`), in its own process:
// under tsx, the loader's in-memory transforms of pdf.js alone add some 300 MB that production has not.
const bundle = path.resolve(".data/bench/extractPeak.mjs");
await build({
  entryPoints: [fileURLToPath(new URL("lib/extractPeak.ts", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  outfile: bundle,
  logLevel: "silent",
});
const child = spawnSync(process.execPath, [bundle, largest.eml, path.join(corpus, "..", "catalog")], {
  encoding: "utf8",
});
const peak = JSON.parse(child.stdout || "{}") as { baselineKb?: number; maxRssKb?: number; lines?: number };
const mb = (peak.maxRssKb ?? 0) / 1024;
console.log(
  `peak memory for the largest attachment (${largest.filename}, ${(largest.content.length / 1e6).toFixed(1)} MB, ` +
    `whole email through the extractor, ${peak.lines ?? "?"} lines): ${mb.toFixed(0)} MB RSS of the process ` +
    `(${((peak.baselineKb ?? 0) / 1024).toFixed(0)} MB before the email) - ${mb < 300 ? "under" : "OVER"} the 300 MB goal`,
);

// OCR: the scans of the corpus and a generated 3-page fax through the extractor, in a process of
// their own (bundled like the bridge): seconds per page and peak memory with tesseract's worker.
const scanEmails = [...new Set(docs.filter((d) => d.format === "scan").map((d) => d.eml))];
const ocrBundle = path.resolve(".data/bench/ocrPeak.mjs");
await build({
  entryPoints: [fileURLToPath(new URL("lib/ocrPeak.ts", import.meta.url))],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  outfile: ocrBundle,
  logLevel: "silent",
});
const ocrChild = spawnSync(process.execPath, [ocrBundle, path.join(corpus, "..", "catalog"), ...scanEmails], {
  encoding: "utf8",
});
if (ocrChild.status !== 0) console.error(ocrChild.stderr);
const ocr = JSON.parse(ocrChild.stdout || "{}") as Partial<OcrPeakReport>;
console.log(
  "\nOCR (tesseract.js, 1 worker; the first case includes starting the worker and loading its models)",
);
console.log(
  `${"scan".padEnd(40)} ${"pages".padStart(5)} ${"passes".padStart(6)} ${"s/page".padStart(7)} ${"OCR s/page".padStart(10)} ${"lines".padStart(5)}`,
);
let ocrPages = 0;
let ocrSeconds = 0;
for (const c of ocr.cases ?? []) {
  ocrPages += c.pages;
  ocrSeconds += c.seconds;
  const name = c.name.includes(corpus) ? path.relative(corpus, c.name) : c.name;
  console.log(
    `${name.slice(-40).padEnd(40)} ${String(c.pages).padStart(5)} ${String(c.passes).padStart(6)} ${(c.seconds / Math.max(1, c.pages)).toFixed(2).padStart(7)} ${(c.ocrSeconds / Math.max(1, c.pages)).toFixed(2).padStart(10)} ${String(c.lines).padStart(5)}`,
  );
}
const ocrMb = (ocr.maxRssKb ?? 0) / 1024;
console.log(
  `OCR overall: ${(ocrSeconds / Math.max(1, ocrPages)).toFixed(2)} s per page over ${ocrPages} pages; peak memory ` +
    `${ocrMb.toFixed(0)} MB RSS of the process (${((ocr.baselineKb ?? 0) / 1024).toFixed(0)} MB before the first scan)`,
);
