import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";

const corpus = new URL("../../../../shared/corpus/", import.meta.url);
const available = existsSync(new URL("catalog/products.csv", corpus));

const rows: Array<[string, string, string, string]> = [
  ["50", "ELC-2103", "Patchkabel CAT6 3 m", "4,40 €"],
  ["2", "ELC-2201", "Patchpanel 24 Port CAT6", "61,00 €"],
];
const text = `Guten Tag,\n\nAuftrag HE-26-712:\n\nAnzahl | Artikel | Bezeichnung | Einzelpreis\n${rows.map((r) => r.join(" | ")).join("\n")}\n\nGruß\n`;
const html = `<html><body><p>Auftrag HE-26-712:</p><table><tr><th>Anzahl</th><th>Artikel</th><th>Bezeichnung</th><th>Einzelpreis</th></tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</table></body></html>`;
const message = Buffer.from(
  [
    "From: Materialwirtschaft <material@hofmann-elektrotechnik.example>",
    "To: orders@ourcompany.example",
    "Subject: Auftrag HE-26-712",
    "Date: Wed, 18 Nov 2026 10:00:00 +0100",
    "Message-ID: <alt-1@hofmann-elektrotechnik.example>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "--b",
    "Content-Type: text/html; charset=utf-8",
    "",
    html,
    "--b--",
    "",
  ].join("\r\n"),
);

describe.skipIf(!available)("an order table in both the HTML body and its text alternative", () => {
  it("is read once", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });
    const r = await extractor.extract(message, { key: "alt" });
    const order = r.orders[0]!;
    expect(order.lines.map((l) => [l.default_code, l.quantity, l.unit_price])).toEqual([
      ["ELC-2103", 50, 4.4],
      ["ELC-2201", 2, 61],
    ]);
    expect(order.total_untaxed).toBe(342);
  });
});
