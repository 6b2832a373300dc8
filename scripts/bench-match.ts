/**
 * `npm run bench:match`: matching one 50-line order against a catalog cache of 100,000 products in
 * PostgreSQL, read into the token index (createIndexedProductMatcher: IDF-weighted nearest products,
 * then the scorer). Prints the time to build the index from the cache and the time per order (the
 * matching is in memory, CPU-bound: lines one after another, as the extractor does).
 */
import { existsSync } from "node:fs";
import { loadCsvCatalog, type Product } from "../bridge/extract/match/catalog.ts";
import { createPgProductMatcher } from "../bridge/match/createPgProductMatcher.ts";
import { upsertCatalogProducts } from "../bridge/match/upsertCatalogProducts.ts";
import { benchDatabase } from "./lib/benchDatabase.ts";

const size = Number(process.env.BENCH_PRODUCTS ?? 100_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);

// A deterministic synthetic catalog: variants of goods that differ in one word or number, the hard case.
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  // the high bits: the low bits of this generator repeat with a short period (every colour was Black)
  return Math.floor(seed / 2 ** 16) % n;
};
const kinds = [
  "Desk",
  "Chair",
  "Cabinet",
  "Shelf",
  "Cable",
  "Fuse",
  "Breaker",
  "Bulb",
  "Box",
  "Tape",
  "Film",
  "Flour",
  "Sugar",
  "Oil",
  "Beaker",
  "Flask",
  "Pipette",
  "Gloves",
  "Buffer",
  "Dish",
  "Lamp",
  "Socket",
  "Bracket",
];
const materials = [
  "Oak",
  "Walnut",
  "Beech",
  "Steel",
  "Aluminium",
  "Glass",
  "Nitrile",
  "Paper",
  "Plastic",
  "Copper",
];
const colours = ["Black", "Grey", "White", "Blue", "Red", "Green", "Clear", "Brown"];
const units = ["mm", "cm", "m", "ml", "l", "kg", "g", "A", "W"];
const synthetic: Array<Product & { odooId: number }> = [];
for (let i = 0; i < size; i++) {
  const name = `${kinds[rand(kinds.length)]} ${materials[rand(materials.length)]} ${colours[rand(colours.length)]} ${
    5 + rand(400)
  }${units[rand(units.length)]}`;
  synthetic.push({
    odooId: i + 1,
    default_code: `SYN-${String(i + 1).padStart(6, "0")}`,
    name,
    list_price: 1 + rand(50000) / 100,
    currency: "EUR",
    uom: "Units",
    barcode: null,
    category: "Synthetic",
  });
}
const corpusCatalog = "../shared/corpus/catalog";
const real = existsSync(corpusCatalog) ? (await loadCsvCatalog(corpusCatalog)).products : [];
const products = [
  ...synthetic.slice(0, size - real.length),
  ...real.map((p, i) => ({ ...p, odooId: size + i + 1 })),
];

// One order of 50 lines: descriptions written the customer's way (words reordered, lower case, a code in some).
const lines: string[] = [];
for (let i = 0; i < 50; i++) {
  const p = products[rand(products.length)]!;
  const words = p.name.toLowerCase().split(" ");
  lines.push(i % 10 === 0 ? `${p.default_code} ${p.name}` : [...words.slice(1), words[0]].join(" "));
}

const db = await benchDatabase();
const t0 = performance.now();
await upsertCatalogProducts(db, "odoo", products);
await db.sql`analyze order_intake.catalog_products`;
const loadS = (performance.now() - t0) / 1000;
const t1 = performance.now();
const matcher = await createPgProductMatcher({ handle: db, odooDatabase: "odoo" });
const indexS = (performance.now() - t1) / 1000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const serial: number[] = [];
let found = 0;
for (let r = 0; r < runs; r++) {
  const t = performance.now();
  found = 0;
  for (const description of lines) if ((await matcher.match({ description })).product) found++;
  serial.push(performance.now() - t);
}
console.log(
  `catalog cache: ${products.length} products (${real.length} from the corpus), loaded in ${loadS.toFixed(1)} s`,
);
console.log(
  `index built from the cache in ${indexS.toFixed(1)} s (once per worker, again after a catalog sync)`,
);
console.log(
  `one 50-line order, median of ${runs} runs (${found}/50 lines matched to a product; the synthetic catalog ` +
    "repeats the same words in many products, so most descriptions are rightly left undecided):",
);
console.log(
  `  ${median(serial).toFixed(0)} ms per order (lines matched one after another, as the extractor does)`,
);
console.log(`goal: under 200 ms per order -> ${median(serial) < 200 ? "met" : "NOT met"}`);
await db.drop();
process.exit(0);
