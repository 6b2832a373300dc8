import type { Catalog, Product } from "./catalog.ts";
import { type ProductTokens, productTokens } from "./productTokens.ts";

export interface ProductCandidate {
  product: Product;
  /** 0..1 similarity. */
  score: number;
}

export interface ProductMatch {
  product: Product | null;
  /** How the product was found. */
  via: "code" | "barcode" | "alias" | "description" | "none";
  /** 0..1: certainty of this match (exact code/barcode ~1; description from score and margin). */
  confidence: number;
  candidates: ProductCandidate[];
}

export interface ProductQuery {
  code?: string | null;
  barcode?: string | null;
  description?: string | null;
}

/**
 * Finds catalog products. An interface so that a PostgreSQL pg_trgm implementation can replace the
 * in-memory one without touching the order reader.
 */
export interface ProductMatcher {
  match(query: ProductQuery): Promise<ProductMatch>;
  /** Our product codes that occur in a piece of text, with their positions. */
  findCodes(text: string): Array<{ product: Product; index: number; raw: string }>;
  byCode(code: string): Product | null;
}

/** Words that tell otherwise identical products apart: a different one of the same group is a conflict. */
const DISCRIMINATING_GROUPS: string[][] = [
  ["black", "grey", "white", "brown", "clear", "silver", "blue", "red", "green"],
  ["warm", "cool"],
  ["size:xs", "size:s", "size:m", "size:l", "size:xl", "size:xxl"],
  ["b16", "c16", "b10", "c10", "b20", "c20"],
  ["cat5e", "cat6", "cat6a", "cat7"],
  ["oak", "walnut", "beech", "maple"],
  ["single", "dual"],
  ["wheat", "rye", "spelt"],
  ["cane", "icing"],
  ["sunflower", "rapeseed", "olive"],
  ["ethanol", "isopropanol"],
];
const GROUP_OF = new Map<string, number>();
DISCRIMINATING_GROUPS.forEach((g, i) => {
  for (const w of g) GROUP_OF.set(w, i);
});

/** Valid EAN-13 / GTIN-13 check digit. */
export function isValidEan13(s: string): boolean {
  if (!/^\d{13}$/.test(s)) return false;
  const digits = [...s].map(Number);
  const sum = digits.slice(0, 12).reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 1 : 3), 0);
  return (10 - (sum % 10)) % 10 === digits[12];
}

function similar(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length >= 5 && b.length >= 5) {
    const n = Math.min(a.length, b.length, 6);
    return a.slice(0, n) === b.slice(0, n);
  }
  return false;
}

/**
 * Similarity of a customer's description to a catalog product. Numbers are decisive: a product whose
 * numbers (size, length, ampere, pH, type) are absent while the description states other numbers is
 * almost certainly another variant.
 */
export function scoreTokens(q: ProductTokens, p: ProductTokens): number {
  const pWords = [...new Set(p.words)];
  const qWords = [...new Set(q.words)];
  if (pWords.length === 0 || qWords.length === 0) return 0;
  let common = 0;
  for (const w of pWords) if (qWords.some((x) => similar(x, w))) common++;
  const coverage = common / pWords.length;
  const precision = Math.min(1, common / qWords.length);
  let wordScore = 0.75 * coverage + 0.25 * precision;
  for (const w of pWords) {
    const g = GROUP_OF.get(w);
    if (g === undefined) continue;
    const rivals = qWords.filter((x) => GROUP_OF.get(x) === g);
    if (rivals.length > 0 && !rivals.includes(w)) wordScore *= 0.25;
  }
  const pNums = [...new Set(p.numbers)];
  const qNums = new Set(q.numbers);
  const qParts = new Set(q.numbers.flatMap((n) => n.split("x")));
  let numberScore: number;
  if (pNums.length === 0) numberScore = qNums.size === 0 ? 1 : 0.9;
  else if (qNums.size === 0) numberScore = 0.6;
  else {
    let matched = 0;
    for (const n of pNums) {
      if (qNums.has(n)) matched += 1;
      else if (n.includes("x")) {
        const parts = n.split("x");
        matched += (0.8 * parts.filter((x) => qParts.has(x)).length) / parts.length;
      }
    }
    numberScore = matched === 0 ? 0.05 : matched / pNums.length;
  }
  return wordScore * (0.35 + 0.65 * numberScore);
}

/**
 * The decision on a description among candidate products (all of them, or the nearest ones an index
 * found): the best score must be good enough and clearly beat the runner-up.
 */
export function decideByDescription(
  q: ProductTokens,
  indexed: Array<{ product: Product; tokens: ProductTokens }>,
): ProductMatch {
  const ranked = indexed
    .map((x) => ({ product: x.product, score: scoreTokens(q, x.tokens) }))
    .sort((a, b) => b.score - a.score);
  const candidates = ranked.slice(0, 3).filter((c) => c.score > 0.2);
  const best = ranked[0];
  const second = ranked[1]?.score ?? 0;
  if (!best || best.score < 0.45) return { product: null, via: "none", confidence: 0, candidates };
  const margin = best.score - second;
  if (margin < 0.04) return { product: null, via: "none", confidence: 0, candidates };
  // sure when the description covers the product well and clearly beats the runner-up
  const confidence = Math.max(0, Math.min(1, 0.45 + best.score * 0.35 + Math.min(margin, 0.3) * 1.2));
  return { product: best.product, via: "description", confidence, candidates };
}

export function createMemoryProductMatcher(catalog: Catalog): ProductMatcher {
  const byCode = new Map(catalog.products.map((p) => [p.default_code.toUpperCase(), p]));
  const byBarcode = new Map(catalog.products.filter((p) => p.barcode).map((p) => [p.barcode as string, p]));
  const indexed = catalog.products.map((p) => ({ product: p, tokens: productTokens(p.name) }));
  const codeRe = catalog.products.length
    ? new RegExp(
        `(?<![A-Z0-9-])(${catalog.products
          .map((p) => p.default_code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .sort((a, b) => b.length - a.length)
          .join("|")})(?![A-Z0-9])`,
        "gi",
      )
    : null;

  const describe = (description: string) => decideByDescription(productTokens(description), indexed);

  return {
    byCode: (code) => byCode.get(code.trim().toUpperCase()) ?? null,
    findCodes(text) {
      if (!codeRe) return [];
      const out: Array<{ product: Product; index: number; raw: string }> = [];
      for (const m of text.matchAll(codeRe)) {
        const p = byCode.get((m[1] ?? "").toUpperCase());
        if (p) out.push({ product: p, index: m.index ?? 0, raw: m[0] });
      }
      return out;
    },
    async match(query) {
      const code = query.code?.trim().toUpperCase();
      if (code) {
        const p = byCode.get(code);
        if (p) return { product: p, via: "code", confidence: 1, candidates: [{ product: p, score: 1 }] };
      }
      const bc = query.barcode?.replace(/\s/g, "");
      if (bc && isValidEan13(bc)) {
        const p = byBarcode.get(bc);
        if (p) return { product: p, via: "barcode", confidence: 1, candidates: [{ product: p, score: 1 }] };
      }
      const desc = query.description ?? "";
      if (codeRe) {
        const embedded = [...desc.matchAll(codeRe)].map((m) => byCode.get((m[1] ?? "").toUpperCase()));
        const unique = [...new Set(embedded.filter(Boolean))];
        if (unique.length === 1 && unique[0]) {
          return {
            product: unique[0],
            via: "code",
            confidence: 0.98,
            candidates: [{ product: unique[0], score: 1 }],
          };
        }
      }
      if (!desc.trim()) return { product: null, via: "none", confidence: 0, candidates: [] };
      return describe(desc);
    },
  };
}
