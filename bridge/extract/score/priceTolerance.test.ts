import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { demoCustomerMail } from "../pipeline/__fixtures__/testing.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;
const mail = (lines: string[]) =>
  demoCustomerMail("Purchase order LD-9001", ["Hello, please deliver (PO LD-9001):", "", ...lines]);

describe("prices against the list price", () => {
  it("names a price beyond the tolerance, warns when it is a fraction of the list, and follows the setting", async () => {
    const catalog = await loadCsvCatalog(demoCatalog);
    const lines = [
      "4 x DSK-2002 Standing Desk Maple 160 at 430.00 EUR",
      "2 x CHR-3001 Task Chair Mesh Black at 215.00 EUR",
      "3 x LMP-4001 Desk Lamp LED Silver at 9.90 EUR",
    ];
    const run = (priceTolerance?: number) =>
      createExtractor({ catalog, seen: createMemorySeenStore(), priceTolerance }).extract(mail(lines));
    const r = await run();
    const price = r.reasons.filter((x) => x.code === "line.price_differs");
    // 430 vs 489 is -12 % (beyond 10 %), 215 vs 219 within, 9.90 vs 39.90 is -75 %
    expect(price.map((x) => [x.path, x.severity])).toEqual([
      ["order[0].lines[0].unit_price", "info"],
      ["order[0].lines[2].unit_price", "warning"],
    ]);
    expect(price[0]!.message).toContain("12.1% below the list price 489 EUR");
    expect(price[1]!.message).toContain("1/4.0 of the list price 39.9 EUR");
    const lenient = await run(0.15);
    expect(lenient.reasons.filter((x) => x.code === "line.price_differs").map((x) => x.path)).toEqual([
      "order[0].lines[2].unit_price",
    ]);
    expect(r.confidence).toBeLessThan(0.95);
  });

  it("a price ten times the list price or more (or a tenth or less) is a hard reason: always a person's", async () => {
    const catalog = await loadCsvCatalog(demoCatalog);
    const r = await createExtractor({ catalog, seen: createMemorySeenStore() }).extract(
      mail([
        "4 x DSK-2002 Standing Desk Maple 160 at 489000.00 EUR",
        "2 x CHR-3001 Task Chair Mesh Black at 21.90 EUR",
      ]),
    );
    const price = r.reasons.filter((x) => x.code === "line.price_differs");
    expect(price.map((x) => [x.path, x.severity])).toEqual([
      ["order[0].lines[0].unit_price", "hard"],
      ["order[0].lines[1].unit_price", "hard"],
    ]);
    expect(price[0]!.message).toMatch(/is 1000 times the list price 489 EUR .*a misread price/);
    expect(r.expect).not.toBe("draft");
  });
});
