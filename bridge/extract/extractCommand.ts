import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { defaultCorpusDir } from "../eval/evalCommand.ts";
import { createExtractor } from "./createExtractor.ts";
import { claudeReaderFromEnv } from "./llm/createClaudeReader.ts";
import { loadCsvCatalog } from "./match/catalog.ts";
import { createMemorySeenStore } from "./match/seenStore.ts";
import { createOcrEngine } from "./ocr/createOcrEngine.ts";
import { createScanReader } from "./ocr/createScanReader.ts";
import { supplierDocumentReading } from "./structured/supplierDocumentReading.ts";

/** `order-intake extract <file.eml> [--catalog DIR] [--json]` */
export async function extractCommand(argv: string[]): Promise<number> {
  let file: string | null = null;
  let catalogDir: string | null = null;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--catalog") catalogDir = argv[++i] ?? null;
    else if (a === "--json") json = true;
    else if (a && !a.startsWith("--")) file = a;
    else {
      process.stderr.write(`unknown option ${a}\n`);
      return 2;
    }
  }
  if (!file) {
    process.stderr.write("usage: extract <file.eml> [--catalog DIR] [--json]\n");
    return 2;
  }
  const catalog = await loadCsvCatalog(resolve(catalogDir ?? join(defaultCorpusDir(), "catalog")));
  const llm = claudeReaderFromEnv(process.env);
  const engine = createOcrEngine({ concurrency: 1 });
  const ocr = createScanReader({ engine, catalog });
  const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), llm, ocr });
  const raw = await readFile(file);
  const result = await extractor.extract(raw).finally(() => engine.close());
  // a supplier's document (bill, credit note, order confirmation): what was read from it, order-shaped
  const supplier = await supplierDocumentReading(raw, result);
  if (json) {
    process.stdout.write(
      `${JSON.stringify(supplier ? { ...result, supplier_document: supplier } : result, null, 2)}\n`,
    );
    return 0;
  }
  const out: string[] = [];
  out.push(`kind: ${result.kind}   expect: ${result.expect}   confidence: ${result.confidence.toFixed(2)}`);
  out.push(
    `customer: ${result.customer_ref ?? "-"}   sender: ${result.sender_email ?? "-"}${result.vendor_ref ? `   vendor: ${result.vendor_ref}` : ""}`,
  );
  if (result.duplicate_of) out.push(`duplicate of: ${result.duplicate_of}`);
  if (result.amends) out.push(`amends PO: ${result.amends.customer_reference}`);
  for (const [i, o] of result.orders.entries()) {
    out.push(
      `order ${i + 1}: PO ${o.customer_reference ?? "-"}  date ${o.order_date ?? "-"}  delivery ${o.delivery_date ?? "-"}  ${o.currency ?? ""}  net ${o.total_untaxed ?? "-"}`,
    );
    for (const l of o.lines) {
      out.push(
        `  ${String(l.quantity).padStart(8)} ${l.uom.padEnd(9)} ${(l.default_code ?? "??").padEnd(9)} ${l.unit_price === null ? "-" : l.unit_price}  ${l.description.slice(0, 60)}`,
      );
    }
  }
  if (supplier) {
    out.push(
      `${supplier.kind} ${supplier.document_number ?? "-"}  date ${supplier.document_date ?? "-"}  due ${supplier.due_date ?? "-"}  vendor ${supplier.vendor.name ?? "-"}${supplier.vendor.vat ? ` (${supplier.vendor.vat})` : ""}  PO ${supplier.po_numbers.join(", ") || "-"}${supplier.standard ? `  [${supplier.standard}]` : ""}`,
    );
    for (const l of supplier.lines) {
      out.push(
        `  ${String(l.quantity ?? "-").padStart(8)} ${(l.uom ?? "").padEnd(9)} ${(l.default_code ?? "??").padEnd(9)} ${l.unit_price ?? "-"}  ${l.amount ?? "-"}  ${l.description.slice(0, 50)}`,
      );
    }
    for (const t of supplier.taxes)
      out.push(`  tax ${t.percent ?? "?"} % on ${t.base ?? "?"} = ${t.amount ?? "?"}`);
    out.push(
      `  untaxed ${supplier.total_untaxed ?? "-"}  tax ${supplier.total_tax ?? "-"}  total ${supplier.total ?? "-"} ${supplier.currency ?? ""}`,
    );
  }
  for (const r of result.reasons) out.push(`  [${r.severity}] ${r.code}: ${r.message}`);
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
