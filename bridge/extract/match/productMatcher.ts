import type { Catalog, Product } from "./catalog.ts";
import { catalogTokens, type ProductTokens, productTokens, splitCompounds } from "./productTokens.ts";

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
  /**
   * Found by our code or barcode while the line's wording names another of our products beyond doubt
   * (the code says "... Black", the words "... Grey"): the customer wrote one of them wrongly.
   */
  wordingNames?: Product;
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

/**
 * Words that tell otherwise identical products apart, learned from the catalog's own wordings: two
 * wordings that differ in exactly one word ("Hex Nut M8 Zinc Plated" / "Hex Nut M8 Stainless",
 * "Kabelbinder schwarz" / "Kabelbinder natur") make those words rivals. A description
 * naming a rival of a product's word, and not the word itself, names another variant.
 */
export type Rivals = ReadonlyMap<string, ReadonlySet<string>>;

export function learnRivals(wordings: Iterable<ProductTokens>): Rivals {
  const byKey = new Map<string, Set<string>>();
  const add = (key: string, w: string) => {
    let set = byKey.get(key);
    if (!set) {
      set = new Set();
      byKey.set(key, set);
    }
    set.add(w);
  };
  for (const t of wordings) {
    const words = [...new Set(t.words)];
    if (words.length < 2 || words.length > 12) continue;
    const nums = [...new Set(t.numbers)].sort().join(",");
    for (const w of words) {
      const rest = words
        .filter((x) => x !== w)
        .sort()
        .join(" ");
      // with and without the numbers: "Cable Tie Black 4.8x200" / "Cable Tie Natural 3.6x140" differ in both
      add(`${rest}|${nums}`, w);
      add(`${rest}|*`, w);
    }
  }
  const rivals = new Map<string, Set<string>>();
  for (const set of byKey.values()) {
    if (set.size < 2 || set.size > 40) continue;
    for (const w of set) {
      let r = rivals.get(w);
      if (!r) {
        r = new Set();
        rivals.set(w, r);
      }
      for (const x of set) if (x !== w) r.add(x);
    }
  }
  return rivals;
}

/** Every wording of a product: its name first, then the catalog's further wordings (languages, vendors). */
export function productWordings(p: Product): string[] {
  return [...new Set([p.name, ...(p.names ?? [])].map((s) => s.trim()).filter(Boolean))];
}

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
export function scoreTokens(q: ProductTokens, p: ProductTokens, rivals?: Rivals): number {
  const pWords = [...new Set(p.words)];
  const qWords = [...new Set(q.words)];
  if (pWords.length === 0 || qWords.length === 0) return 0;
  let common = 0;
  for (const w of pWords) if (qWords.some((x) => similar(x, w))) common++;
  const coverage = common / pWords.length;
  // a bracketed note of the product ("(Box of 200)") named by the description counts for precision
  let softCommon = 0;
  for (const w of new Set(p.soft?.words ?? [])) if (qWords.some((x) => similar(x, w))) softCommon++;
  const precision = Math.min(1, (common + softCommon) / qWords.length);
  let wordScore = 0.75 * coverage + 0.25 * precision;
  if (rivals) {
    const qSet = new Set(qWords);
    for (const w of pWords) {
      const r = rivals.get(w);
      if (!r || qSet.has(w)) continue;
      for (const x of qSet) {
        if (r.has(x)) {
          wordScore *= 0.25;
          break;
        }
      }
    }
  }
  const pNums = [...new Set(p.numbers)];
  const softNums = new Set(p.soft?.numbers ?? []);
  const qNums = new Set(q.numbers.filter((n) => !softNums.has(n)));
  const qParts = new Set([...qNums].flatMap((n) => n.split("x")));
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
  rivals?: Rivals,
): ProductMatch {
  // a product with several wordings (languages, vendors' names) scores by its best one
  const best0 = new Map<Product, number>();
  const wordingOf = new Map<Product, ProductTokens>();
  for (const x of indexed) {
    const score = scoreTokens(q, x.tokens, rivals);
    if (score > (best0.get(x.product) ?? -1)) {
      best0.set(x.product, score);
      wordingOf.set(x.product, x.tokens);
    }
  }
  const ranked = [...best0].map(([product, score]) => ({ product, score })).sort((a, b) => b.score - a.score);
  const candidates = ranked.slice(0, 3).filter((c) => c.score > 0.2);
  const best = ranked[0];
  const second = ranked[1]?.score ?? 0;
  if (!best || best.score < 0.45) return { product: null, via: "none", confidence: 0, candidates };
  const margin = best.score - second;
  if (margin < 0.04) return { product: null, via: "none", confidence: 0, candidates };
  // sure when the description covers the product well and clearly beats the runner-up
  let confidence = Math.max(0, Math.min(1, 0.45 + best.score * 0.35 + Math.min(margin, 0.3) * 1.2));
  // a word of the product the description lacks AND a word of the description the product lacks
  // ("Panel Felt Blue" for our "Panel Felt Grey"): maybe a variant we do not have; never sure of it
  const p = wordingOf.get(best.product);
  if (p && substitutes(q, p)) confidence = Math.min(confidence, SUBSTITUTED_WORD_CONFIDENCE);
  return { product: best.product, via: "description", confidence, candidates };
}

/**
 * Below "an unambiguous description" (weights.ts descriptionUnambiguous): a wording that swaps one of
 * the product's words for another is a match a person confirms (then learned as an alias).
 */
export const SUBSTITUTED_WORD_CONFIDENCE = 0.85;

/** The description drops a word of the product and brings one of its own in its place. */
export function substitutes(q: ProductTokens, p: ProductTokens): boolean {
  const soft = p.soft?.words ?? [];
  const lacks = p.words.some((w) => !q.words.some((x) => similar(x, w)));
  const adds = q.words.some(
    (x) => x.length >= 3 && !p.words.some((w) => similar(x, w)) && !soft.some((w) => similar(x, w)),
  );
  return lacks && adds;
}

/** Further codes (vendors', customers') of the catalog, where they name one product only. */
export function otherCodes(products: Product[], byCode: ReadonlyMap<string, Product>): Map<string, Product> {
  const out = new Map<string, Product | null>();
  for (const p of products) {
    for (const c of p.codes ?? []) {
      const key = c.trim().toUpperCase();
      if (key.length < 3 || byCode.has(key)) continue;
      const seen = out.get(key);
      out.set(key, seen === undefined || seen === p ? p : null);
    }
  }
  return new Map([...out].filter((e): e is [string, Product] => e[1] !== null));
}

/** A match by a further code Odoo holds (a vendor's or customer's code for the product): exact, not ours. */
export const OTHER_CODE_CONFIDENCE = 0.98;

export function createMemoryProductMatcher(catalog: Catalog): ProductMatcher {
  const byCode = new Map(catalog.products.map((p) => [p.default_code.toUpperCase(), p]));
  const byOtherCode = otherCodes(catalog.products, byCode);
  const byBarcode = new Map(catalog.products.filter((p) => p.barcode).map((p) => [p.barcode as string, p]));
  const indexed = catalog.products.flatMap((p) =>
    productWordings(p).map((w) => ({ product: p, tokens: catalogTokens(w) })),
  );
  const rivals = learnRivals(indexed.map((x) => x.tokens));
  const known = new Set(indexed.flatMap((x) => x.tokens.words));
  const codeRe = catalog.products.length
    ? new RegExp(
        `(?<![A-Z0-9-])(${catalog.products
          .map((p) => p.default_code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .sort((a, b) => b.length - a.length)
          .join("|")})(?![A-Z0-9])`,
        "gi",
      )
    : null;

  const describe = (description: string) =>
    decideByDescription(splitCompounds(productTokens(description), known), indexed, rivals);

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
        const other = byOtherCode.get(code);
        if (other)
          return {
            product: other,
            via: "code",
            confidence: OTHER_CODE_CONFIDENCE,
            candidates: [{ product: other, score: 1 }],
          };
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
