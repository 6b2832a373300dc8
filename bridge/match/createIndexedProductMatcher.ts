import type { Product } from "../extract/match/catalog.ts";
import {
  decideByDescription,
  isValidEan13,
  learnRivals,
  OTHER_CODE_CONFIDENCE,
  otherCodes,
  type ProductMatcher,
  productWordings,
} from "../extract/match/productMatcher.ts";
import {
  catalogTokens,
  type ProductTokens,
  productTokens,
  splitCompounds,
} from "../extract/match/productTokens.ts";

const CODE_TOKEN = /[A-Z0-9][A-Z0-9._/-]{2,}/gi;

/**
 * The index keys of a token, disjoint per token so a product is counted once per query token. They
 * mirror the scorer's notion of similar words (equal, or the same first 5-6 letters for long words):
 * short words by themselves; 5-letter words by their 5 letters (a 5-letter query word is similar to
 * every word starting with it); longer words by their first 6 letters, plus, for a query word, the
 * 5-letter words it starts with. Numbers by value and by their parts (180x90 -> 180, 90).
 */
function productKeys(t: ProductTokens): string[] {
  const keys = new Set<string>();
  for (const w of t.words) {
    if (w.length < 5) keys.add(`w:${w}`);
    else {
      keys.add(`p5:${w.slice(0, 5)}`);
      if (w.length === 5) keys.add(`e5:${w}`);
      else keys.add(`p6:${w.slice(0, 6)}`);
    }
  }
  for (const n of t.numbers) {
    keys.add(`n:${n}`);
    if (n.includes("x")) for (const part of n.split("x")) keys.add(`n:${part}`);
  }
  return [...keys];
}

function queryKeys(t: ProductTokens): string[] {
  const keys = new Set<string>();
  for (const w of t.words) {
    if (w.length < 5) keys.add(`w:${w}`);
    else if (w.length === 5) keys.add(`p5:${w}`);
    else {
      keys.add(`p6:${w.slice(0, 6)}`);
      keys.add(`e5:${w.slice(0, 5)}`);
    }
  }
  for (const n of t.numbers) {
    keys.add(`n:${n}`);
    if (n.includes("x")) for (const part of n.split("x")) keys.add(`n:${part}`);
  }
  return [...keys];
}

/** The k-th largest value of `a` (1-based), by Hoare's selection; reorders `a`. */
export function kthLargest(a: Float64Array, k: number): number {
  const target = a.length - k;
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/**
 * Product matching for large catalogs (100,000 products and more), in memory: exact maps for codes and
 * barcodes, and an inverted index of name tokens weighted by rarity (IDF). A description collects the
 * products sharing its tokens, keeps the `candidates` best by summed weight, and the shared scorer
 * (decideByDescription) decides among them exactly as it does over a whole small catalog.
 */
export function createIndexedProductMatcher(
  products: Product[],
  options: { candidates?: number } = {},
): ProductMatcher & { size: number } {
  const k = options.candidates ?? 60;
  const byCode = new Map<string, Product>();
  const byBarcode = new Map<string, Product>();
  /** Every wording of every product (name, translations, vendors' names), and whose it is. */
  const tokens: ProductTokens[] = [];
  const owner: number[] = [];
  const lists = new Map<string, number[]>();
  for (const p of products) {
    if (p.default_code) byCode.set(p.default_code.toUpperCase(), p);
    if (p.barcode) byBarcode.set(p.barcode, p);
  }
  for (const [i, p] of products.entries()) {
    for (const wording of productWordings(p)) {
      tokens.push(catalogTokens(wording));
      owner.push(i);
    }
  }
  const byOtherCode = otherCodes(products, byCode);
  const rivals = learnRivals(tokens);
  const known = new Set(tokens.flatMap((t) => t.words));
  for (const [i, t] of tokens.entries()) {
    for (const key of productKeys(t)) {
      let list = lists.get(key);
      if (!list) {
        list = [];
        lists.set(key, list);
      }
      list.push(i);
    }
  }
  const n = tokens.length;
  const postings = new Map<string, { ids: Int32Array; weight: number }>();
  for (const [key, ids] of lists) {
    postings.set(key, { ids: Int32Array.from(ids), weight: Math.log(1 + n / ids.length) });
  }
  lists.clear();
  const acc = new Float64Array(n);
  const common = Math.max(1000, n * 0.05);

  /** The `k` products with the highest summed weight of shared tokens. */
  function nearest(q: ProductTokens): number[] {
    const touched: number[] = [];
    // rarest first; a token in more than `common` of the catalog (a colour every product has) only
    // counts when nothing rarer was found: it would touch most products and decide nothing
    const found = queryKeys(q)
      .map((key) => postings.get(key))
      .filter((p): p is { ids: Int32Array; weight: number } => Boolean(p))
      .sort((a, b) => a.ids.length - b.ids.length);
    for (const post of found) {
      if (post.ids.length > common && touched.length > 0) continue;
      for (const id of post.ids) {
        if (acc[id] === 0) touched.push(id);
        acc[id] = (acc[id] ?? 0) + post.weight;
      }
    }
    let top: number[];
    if (touched.length <= k) top = touched;
    else {
      // the k-th best weight (selection in linear time), then every product at or above it (ties kept)
      const cut = kthLargest(
        Float64Array.from(touched, (id) => acc[id] ?? 0),
        k,
      );
      top = touched.filter((id) => (acc[id] ?? 0) > cut);
      // products tied at the cut share the same tokens: a few of them decide like all of them (the
      // scorer sees the tie), so at most 3k in all
      for (const id of touched) {
        if (top.length >= 3 * k) break;
        if (acc[id] === cut) top.push(id);
      }
    }
    for (const id of touched) acc[id] = 0;
    return top;
  }

  const findCodes = (text: string) => {
    const out: Array<{ product: Product; index: number; raw: string }> = [];
    for (const m of text.matchAll(CODE_TOKEN)) {
      const raw = m[0].replace(/[.,;:/-]+$/, "");
      const p = byCode.get(raw.toUpperCase()) ?? byOtherCode.get(raw.toUpperCase());
      if (p) out.push({ product: p, index: m.index ?? 0, raw });
    }
    return out;
  };

  return {
    size: products.length,
    byCode: (code) => byCode.get(code.trim().toUpperCase()) ?? null,
    findCodes,
    async match(query) {
      const code = query.code?.trim().toUpperCase();
      const exact = code ? byCode.get(code) : undefined;
      if (exact)
        return { product: exact, via: "code", confidence: 1, candidates: [{ product: exact, score: 1 }] };
      const other = code ? byOtherCode.get(code) : undefined;
      if (other)
        return {
          product: other,
          via: "code",
          confidence: OTHER_CODE_CONFIDENCE,
          candidates: [{ product: other, score: 1 }],
        };
      const bc = query.barcode?.replace(/\s/g, "");
      const byBc = bc && isValidEan13(bc) ? byBarcode.get(bc) : undefined;
      if (byBc)
        return { product: byBc, via: "barcode", confidence: 1, candidates: [{ product: byBc, score: 1 }] };
      const desc = query.description ?? "";
      const embedded = [...new Set(findCodes(desc).map((c) => c.product))];
      if (embedded.length === 1 && embedded[0]) {
        const p = embedded[0];
        return { product: p, via: "code", confidence: 0.98, candidates: [{ product: p, score: 1 }] };
      }
      if (!desc.trim()) return { product: null, via: "none", confidence: 0, candidates: [] };
      const q = splitCompounds(productTokens(desc), known);
      const near = nearest(q).map((id) => ({ product: products[owner[id]!]!, tokens: tokens[id]! }));
      return decideByDescription(q, near, rivals);
    },
  };
}
