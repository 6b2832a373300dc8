import {
  NUMBER_UNIT_SUFFIXES,
  SIZE_LETTERS,
  SIZE_NAMES,
  SIZE_WORDS,
  STEM_SUFFIXES,
  STOP_WORDS,
} from "./vocabulary.ts";

/** A description reduced to comparable tokens: stemmed words (accents folded) and normalised numbers. */
export interface ProductTokens {
  words: string[];
  numbers: string[];
  /**
   * Tokens of a note in brackets ("(Box of 200)", "(100 pcs)"): they count where a description names
   * them, but a description without them still names the product.
   */
  soft?: { words: string[]; numbers: string[] };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const UNIT_SUFFIX = new RegExp(
  `^(\\d+(?:\\.\\d+)?)(${[...NUMBER_UNIT_SUFFIXES]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join("|")})$`,
);
const NUMBER_THEN_UNIT = new RegExp(
  `(\\d)\\s+(${NUMBER_UNIT_SUFFIXES.filter((u) => !["in", "er", "t", "p", "a", "v"].includes(u))
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join("|")})(?![\\p{L}\\p{N}])`,
  "gu",
);
const DIMENSIONS = /^\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+(?:mm|cm|m)?$/;

/** Lower case without accents; ß as ss. */
export const foldAccents = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss");

function normNumber(s: string): string {
  const n = Number(s);
  return Number.isFinite(n) ? String(n) : s;
}

/** A light stemmer for the languages of the catalog: symmetric, applied to catalog and customer words. */
export function stem(word: string): string {
  const w = foldAccents(word);
  if (w.length <= 4 || /\d/.test(w)) return w;
  for (const suffix of STEM_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      return suffix === "ies" ? `${w.slice(0, -3)}y` : w.slice(0, -suffix.length);
    }
  }
  return w;
}

/** Turns a product description, in any language, into comparable tokens. */
export function productTokens(description: string): ProductTokens {
  return tokensOf(description);
}

/**
 * A catalog wording's tokens: a note in brackets ("(Box of 200)") is soft, so a customer's description
 * need not repeat it. A customer's own brackets ("(180 wide)") are what they mean: productTokens.
 */
export function catalogTokens(description: string): ProductTokens {
  const notes = [...description.matchAll(/\(([^()]*)\)/g)].map((m) => m[1] ?? "");
  if (notes.length > 0) {
    const main = tokensOf(description.replace(/\([^()]*\)/g, " "));
    const soft = tokensOf(notes.join(" "));
    // a description that is all note ("(100 pcs)") keeps its tokens
    if (main.words.length + main.numbers.length === 0) return soft;
    return { ...main, soft };
  }
  return tokensOf(description);
}

function tokensOf(description: string): ProductTokens {
  let s = ` ${description.toLowerCase().replace(/[²³]/g, "")} `;
  s = s.replace(/(\d)\s*,(\d)/g, "$1.$2").replace(/(\d)\s*[x×*]\s*(\d)/g, "$1x$2");
  s = s.replace(NUMBER_THEN_UNIT, "$1$2");
  const words: string[] = [];
  const numbers: string[] = [];
  const raw = s.match(/[\p{L}\p{N}µμ]+(?:[.-][\p{L}\p{N}µμ]+)*/gu) ?? [];
  let prev = "";
  for (const tok0 of raw) {
    const pieces = /^\d/.test(tok0) ? [tok0] : tok0.split(/[-.]/);
    for (const tok of pieces) {
      if (!tok) continue;
      if (/^\d+(?:\.\d+)?$/.test(tok)) {
        numbers.push(normNumber(tok));
        prev = tok;
        continue;
      }
      if (DIMENSIONS.test(tok)) {
        const dims = tok.replace(/(mm|cm|m)$/, "");
        numbers.push(dims.split("x").map(normNumber).join("x"));
        prev = tok;
        continue;
      }
      const unit = UNIT_SUFFIX.exec(tok);
      if (unit?.[1]) {
        numbers.push(normNumber(unit[1]));
        prev = tok;
        continue;
      }
      if (SIZE_WORDS.has(prev) && (SIZE_LETTERS.has(tok) || SIZE_NAMES[tok])) {
        words.push(`size:${SIZE_NAMES[tok] ?? tok}`);
        prev = tok;
        continue;
      }
      prev = tok;
      if (STOP_WORDS.has(tok) || tok.length < 2) continue;
      const st = stem(tok);
      if (st && !STOP_WORDS.has(st)) words.push(st);
    }
  }
  return { words, numbers };
}

/**
 * Splits a compound word of the customer (German "Nitrilhandschuhe", Dutch "bureaustoel") into words
 * the catalog uses, when it is not itself a catalog word: `known` holds the stemmed words of every
 * catalog wording. Generic: no word list, only the catalog's own words.
 */
export function splitCompounds(t: ProductTokens, known: ReadonlySet<string>): ProductTokens {
  const out: string[] = [];
  for (const w of t.words) {
    if (w.length < 7 || known.has(w) || w.startsWith("size:")) {
      out.push(w);
      continue;
    }
    let split: string[] | null = null;
    for (let i = w.length - 3; i >= 3 && !split; i--) {
      const head = w.slice(0, i);
      const tail = stem(w.slice(i));
      if (!known.has(tail)) continue;
      const h = [head, stem(head), head.replace(/s$/, "")].find((x) => x.length >= 3 && known.has(x));
      if (h) split = [h, tail];
    }
    out.push(...(split ?? [w]));
  }
  return { ...t, words: out };
}
