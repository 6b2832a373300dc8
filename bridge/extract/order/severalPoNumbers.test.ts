import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";

const corpus = new URL("../../../../shared/corpus/", import.meta.url);
const available = existsSync(new URL("catalog/products.csv", corpus));

const mail = (body: string) =>
  Buffer.from(
    [
      "From: Mike Alvarez <malvarez@greenfieldpkg.example>",
      "To: orders@ourcompany.example",
      "Subject: orders",
      "Date: Mon, 23 Nov 2026 11:00:00 -0500",
      "Message-ID: <two-pos@greenfieldpkg.example>",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      body,
      "",
    ].join("\r\n"),
  );

describe.skipIf(!available)("a text body naming several PO numbers", () => {
  it("is not drafted as one order", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });
    const two = await extractor.extract(
      mail(
        "Two separate POs please:\n\nPO GPC-56010:\n500 x PKG-3012 @ $1.40\n\nPO GPC-56011:\n72 x PKG-3202 @ $1.90\n",
      ),
      { key: "two" },
    );
    expect(two.expect).toBe("review");
    expect(two.reasons.map((r) => r.code)).toContain("order.several_po_numbers");
    const one = await extractor.extract(mail("PO GPC-56012:\n500 x PKG-3012 @ $1.40\n"), { key: "one" });
    expect(one.reasons.map((r) => r.code)).not.toContain("order.several_po_numbers");
  });
});
