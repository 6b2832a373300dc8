// Run by offline.test.ts in a child process whose network is blocked: reads one generated page.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOcrEngine } from "../createOcrEngine.ts";
import { encodePng } from "../rasterize.ts";
import { readScan } from "../readScan.ts";
import { tessdataDir } from "../tessdataDir.ts";
import { renderOrderPage } from "./orderImages.ts";

const engine = createOcrEngine({ langPath: tessdataDir(mkdtempSync(join(tmpdir(), "ocr-offline-"))) });
const page = renderOrderPage({
  company: "Offline Test Ltd",
  po: "PO-5521",
  date: "2026-11-05",
  lines: [{ code: "TST-1001", description: "Test widget", quantity: 3, unit: "pcs", price: 12.5 }],
});
try {
  const read = await readScan(encodePng(page), engine, {
    filename: "offline.png",
    languages: ["deu", "eng"],
    deadline: Date.now() + 60_000,
    maxPages: 1,
    pageTimeoutMs: 60_000,
  });
  process.stdout.write(`${JSON.stringify({ text: read.text, rows: read.tables.flatMap((t) => t.rows) })}\n`);
} finally {
  await engine.close();
}
