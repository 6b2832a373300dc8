import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { createMemoryProductMatcher } from "../extract/match/productMatcher.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createPgProductMatcher } from "./createPgProductMatcher.ts";
import { upsertCatalogProducts } from "./upsertCatalogProducts.ts";

const corpus = new URL("../../../shared/corpus/", import.meta.url);
const available = existsSync(new URL("catalog/products.csv", corpus));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!available)("product matching in PostgreSQL (pg_trgm)", () => {
  it("decides like the in-memory matcher on every described line of the corpus, and finds codes", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    await upsertCatalogProducts(
      db,
      "odoo",
      catalog.products.map((p, i) => ({ ...p, odooId: i + 1, wordings: p.names ?? [] })),
    );
    const memory = createMemoryProductMatcher(catalog);
    const pg = await createPgProductMatcher({ handle: db, odooDatabase: "odoo" });
    const descriptions: string[] = [];
    const dev = new URL("dev/", corpus);
    for (const c of readdirSync(dev)) {
      const truthFile = new URL(`${c}/truth.json`, dev);
      if (!existsSync(truthFile)) continue;
      const truth = JSON.parse(readFileSync(truthFile, "utf8")) as {
        orders: Array<{ lines: Array<{ description: string }> }>;
      };
      for (const o of truth.orders) for (const l of o.lines) descriptions.push(l.description);
    }
    expect(descriptions.length).toBeGreaterThan(100);
    let decided = 0;
    for (const description of descriptions) {
      const a = await memory.match({ description });
      const b = await pg.match({ description });
      expect(b.product?.default_code ?? null, description).toBe(a.product?.default_code ?? null);
      if (a.product) decided++;
    }
    expect(decided).toBeGreaterThan(descriptions.length / 2);
    const first = catalog.products[0]!;
    expect(pg.byCode(first.default_code.toLowerCase())?.name).toBe(first.name);
    expect(
      pg.findCodes(`please send 3 x ${first.default_code}, thanks`).map((c) => c.product.default_code),
    ).toEqual([first.default_code]);
    expect((await pg.match({ code: first.default_code })).via).toBe("code");
  });
});
