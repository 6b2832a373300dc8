/**
 * `npm run bench:bombs`: image bombs through `extract` (a PNG declaring 20000x20000, compressed to a
 * few hundred KB, and a 2 KB TIFF declaring 60000x60000), each in its own process beside the service's
 * HTTP app: time to the end of the extraction, peak RSS of the process, the slowest `/healthz`
 * answer while it ran, and the reason it ended with. A third case, a real 6000x6000 PNG within the
 * budget, shows the decode in the worker and the page preparation that follows.
 * Goals (P14): bombs within 10 s, under 1 GB peak RSS, /healthz under 1 s, ended with a reason.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseHandle } from "../bridge/db/connectDatabase.ts";
import { createExtractor } from "../bridge/extract/createExtractor.ts";
import { createMemorySeenStore } from "../bridge/extract/match/seenStore.ts";
import { smallCatalog } from "../bridge/extract/mime/__fixtures__/smallCatalog.ts";
import {
  mailWithAttachment,
  pngDeclaring,
  tiffDeclaring,
} from "../bridge/extract/ocr/__fixtures__/imageBombs.ts";
import type { OcrEngine } from "../bridge/extract/ocr/createOcrEngine.ts";
import { createScanReader } from "../bridge/extract/ocr/createScanReader.ts";
import { createApp } from "../bridge/http/createApp.ts";
import { createLogger } from "../bridge/log/createLogger.ts";

const CASES = {
  png: () => ({ name: "bomb.png", type: "image/png", content: pngDeclaring(20000, 20000, 20000) }),
  tiff: () => ({ name: "bomb.tif", type: "image/tiff", content: tiffDeclaring(60000, 60000) }),
  "png-6000": () => ({ name: "big.png", type: "image/png", content: pngDeclaring(6000, 6000, 6000) }),
} as const;
type CaseName = keyof typeof CASES;

interface Figures {
  case: string;
  bytes: number;
  ms: number;
  peakRssMb: number;
  healthChecks: number;
  healthMaxMs: number;
  reasons: string[];
}

async function runOne(name: CaseName, file: string): Promise<Figures> {
  // the mail was written by the parent: making a bomb is not part of the figures
  const raw = readFileSync(file);
  const size = Number(process.argv[process.argv.indexOf("--bytes") + 1]);
  // the service's own HTTP app (healthz needs no database)
  const app = createApp({
    handle: {} as DatabaseHandle,
    logger: createLogger({ level: "silent" }),
    webhooks: { secrets: ["bench"], maxSkewSeconds: 300 },
    secretBox: {} as never,
    workerAlive: async () => true,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
  // a stand-in OCR engine: what is measured is everything before the OCR
  const engine: OcrEngine = {
    workers: 0,
    recognize: async () => ({ words: [], confidence: 0 }),
    close: async () => {},
  };
  const extractor = createExtractor({
    catalog: smallCatalog,
    seen: createMemorySeenStore(),
    ocr: createScanReader({ engine, catalog: smallCatalog }),
  });
  // warm: the readers' modules (pdf.js, exceljs) are loaded once per process, not per mail
  await extractor.extract(
    mailWithAttachment("buyer@acme.example", "small.png", "image/png", pngDeclaring(64, 64)),
  );
  let running = true;
  let healthMaxMs = 0;
  let healthChecks = 0;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      const res = await fetch(url, { headers: { connection: "close" } });
      await res.text();
      healthMaxMs = Math.max(healthMaxMs, performance.now() - t);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = performance.now();
  const result = await extractor.extract(raw);
  const ms = performance.now() - started;
  // a few answers at least, even when the extraction ended at once
  while (healthChecks < 3) await new Promise((r) => setTimeout(r, 20));
  running = false;
  await probe;
  server.close();
  return {
    case: name,
    bytes: size,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    healthChecks,
    healthMaxMs: Math.round(healthMaxMs),
    reasons: result.reasons
      .filter((r) => r.path?.startsWith("attachment:") && r.severity !== "info")
      .map((r) => `${r.code}: ${r.message}`),
  };
}

const only = process.argv.indexOf("--case");
if (only >= 0) {
  const figures = await runOne(process.argv[only + 1] as CaseName, process.argv[only + 2] ?? "");
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.exit(0);
}

const self = fileURLToPath(import.meta.url);
let ok = true;
const dir = mkdtempSync(path.join(tmpdir(), "bench-bombs-"));
for (const name of Object.keys(CASES) as CaseName[]) {
  const input = CASES[name]();
  const file = path.join(dir, `${name}.eml`);
  writeFileSync(
    file,
    mailWithAttachment("Anna Buyer <buyer@acme.example>", input.name, input.type, input.content),
  );
  const args = [...process.execArgv, self, "--case", name, file, "--bytes", String(input.content.length)];
  const child = spawnSync(process.execPath, args, {
    encoding: "utf8",
    timeout: 120_000,
  });
  const line = child.stdout.trim().split("\n").pop() ?? "";
  if (child.status !== 0 || !line.startsWith("{")) {
    console.log(`${name}: failed (${child.status ?? child.signal}) ${child.stderr.slice(-500)}`);
    ok = false;
    continue;
  }
  const f = JSON.parse(line) as Figures;
  const bomb = name !== "png-6000";
  // the 6000x6000 page is no bomb: it is read (OCR stand-in), so its time is shown, not judged
  const pass =
    f.peakRssMb < 1024 && f.healthMaxMs < 1000 && (!bomb || (f.ms < 10_000 && f.reasons.length > 0));
  if (!pass) ok = false;
  console.log(
    `${f.case.padEnd(9)} ${(f.bytes / 1024).toFixed(0).padStart(6)} KB  extract ${String(f.ms).padStart(5)} ms  peak RSS ${String(f.peakRssMb).padStart(4)} MB  /healthz max ${String(f.healthMaxMs).padStart(4)} ms over ${f.healthChecks} checks  ${pass ? "ok" : "OVER GOAL"}`,
  );
  for (const r of f.reasons) console.log(`          reason ${r}`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
