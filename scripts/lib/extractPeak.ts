/**
 * Child process of bench:extract: reads one email through the whole extractor and prints the peak
 * resident memory of the process, with the baseline once every module is loaded.
 */
import { readFileSync } from "node:fs";
import { createExtractor, loadDefaultReaders } from "../../bridge/extract/createExtractor.ts";
import { loadCsvCatalog } from "../../bridge/extract/match/catalog.ts";
import { createMemorySeenStore } from "../../bridge/extract/match/seenStore.ts";

const [emlPath, catalogDir] = process.argv.slice(2);
const catalog = await loadCsvCatalog(catalogDir!);
const readers = await loadDefaultReaders();
const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), readers });
// Warm up on a tiny PDF so the PDF engine's own code is loaded before the baseline is taken.
await readers.readDocument(
  {
    filename: "warmup.pdf",
    contentType: "application/pdf",
    content: Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
    ),
  },
  { maxAttachmentBytes: 1e6, maxPdfPages: 1, maxSpreadsheetRows: 10, timeoutMs: 5000 },
);
const baselineKb = process.resourceUsage().maxRSS;
const result = await extractor.extract(readFileSync(emlPath!));
process.stdout.write(
  JSON.stringify({
    baselineKb,
    maxRssKb: process.resourceUsage().maxRSS,
    lines: result.orders.flatMap((o) => o.lines).length,
  }),
);
