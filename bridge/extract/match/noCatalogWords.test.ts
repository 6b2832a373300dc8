import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

/**
 * The product knowledge of the code is generic: what products are called comes from the catalog (names
 * per language, vendors' names, learned wordings), never from the code. These checks fail when the dev
 * corpus's catalog leaks into the production tree.
 */
const BRIDGE = new URL("../../", import.meta.url).pathname;
const CORPUS_PRODUCTS = new URL("../../../../shared/corpus/catalog/products.csv", import.meta.url).pathname;

/** Production files of bridge/: tests, fixtures, generated evaluation sets and test infrastructure left out. */
function productionFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (["__fixtures__", "fixtures", "holdout", "unseen", "node_modules"].includes(name)) continue;
      if (relative(BRIDGE, path) === "test") continue;
      productionFiles(path, out);
    } else if (!/\.test\.ts$/.test(name) && /\.(ts|js|json|md|csv|txt|po)$/.test(name)) out.push(path);
  }
  return out;
}

describe.runIf(existsSync(CORPUS_PRODUCTS))("no catalog in the code", () => {
  const products = parse(readFileSync(CORPUS_PRODUCTS, "utf8"), { columns: true }) as Array<{ name: string }>;

  it("names none of the corpus catalog's products outside tests and fixtures", () => {
    const files = productionFiles(BRIDGE);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8").toLowerCase();
      for (const p of products)
        if (text.includes(p.name.toLowerCase())) found.push(`${relative(BRIDGE, file)}: ${p.name}`);
    }
    expect(found).toEqual([]);
  });

  it("keeps no product word in vocabulary.ts: only stop words, size words, units and endings", () => {
    const source = readFileSync(new URL("./vocabulary.ts", import.meta.url), "utf8")
      .replace(/\/\*\*[\s\S]*?\*\//g, "")
      .toLowerCase();
    const quoted = new Set([...source.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    const words = new Set(products.flatMap((p) => p.name.toLowerCase().match(/[a-zà-ÿ]{3,}/g) ?? []));
    // generic words the catalog happens to use too: a size word, a piece unit, a preposition, units
    const generic = new Set(["size", "pcs", "with", "pole", "port"]);
    expect([...words].filter((w) => quoted.has(w) && !generic.has(w))).toEqual([]);
  });
});
