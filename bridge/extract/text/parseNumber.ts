/**
 * Locale-aware number parsing: "1.234,56" (de/es), "1,234.56" (en), "1'234.50" (ch),
 * "1 234,56" with a (narrow) no-break space (fr).
 */

/** Which character separates decimals in a document, when known. */
export type DecimalSeparator = "," | ".";

const SPACES = /[\s\u00a0\u202f\u2009\u2007]/g;

/**
 * Parses a number as printed. `decimal` is the document's decimal separator if known; it decides
 * ambiguous forms like "1,350" or "1.350" (one separator followed by exactly three digits).
 */
export function parseNumber(raw: string, decimal?: DecimalSeparator): number | null {
  let s = raw.trim();
  if (!s) return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/(EUR|USD|GBP|CHF|Fr\.|SFr\.|[€$£%])/gi, "").trim();
  // a space inside a number only groups thousands ("1 596,00"); "800 1,38" is two numbers
  const groups = s.split(SPACES).filter(Boolean);
  if (groups.length > 1 && !groups.slice(1).every((g) => /^\d{3}(?:[.,]\d*)?-?$/.test(g))) return null;
  s = groups.join("");
  s = s.replace(/['’`´]/g, "");
  if (s.startsWith("-") || s.startsWith("−")) {
    negative = true;
    s = s.slice(1);
  }
  s = s.replace(/-$/, "");
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  let normalized: string;
  if (lastComma >= 0 && lastDot >= 0) {
    const dec = lastComma > lastDot ? "," : ".";
    const thou = dec === "," ? "." : ",";
    normalized = s.split(thou).join("").replace(dec, ".");
  } else if (lastComma >= 0 || lastDot >= 0) {
    const sep = lastComma >= 0 ? "," : ".";
    const parts = s.split(sep);
    const groupedThousands =
      parts.length > 1 && parts.slice(1).every((p) => p.length === 3) && parts[0] !== "";
    if (parts.length > 2) {
      // several of the same separator: thousands grouping ("1.234.567")
      if (!groupedThousands) return null;
      normalized = parts.join("");
    } else if (groupedThousands && parts[0] !== "0") {
      // "1,350" / "1.350": thousands unless the document uses this separator for decimals
      normalized = decimal === sep ? parts.join(".") : parts.join("");
    } else {
      normalized = parts.join(".");
    }
  } else {
    normalized = s;
  }
  const n = Number(normalized);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

/**
 * Guesses a text's decimal separator from the numbers printed in it: "12,50" votes for a comma,
 * "12.50" for a dot; a number with both separators decides by the last one.
 */
export function detectDecimalSeparator(text: string): DecimalSeparator | undefined {
  let comma = 0;
  let dot = 0;
  for (const m of text.matchAll(/\d[\d.,'\u00a0\u202f]*\d/g)) {
    const s = m[0];
    const lc = s.lastIndexOf(",");
    const ld = s.lastIndexOf(".");
    if (lc >= 0 && ld >= 0) {
      if (lc > ld) comma += 2;
      else dot += 2;
      continue;
    }
    const tail = s.length - 1 - Math.max(lc, ld);
    if (lc >= 0 && tail !== 3) comma++;
    if (ld >= 0 && tail !== 3 && !/^\d{1,2}\.\d{1,2}\.\d{2,4}$/.test(s)) dot++;
  }
  if (comma === dot) return undefined;
  return comma > dot ? "," : ".";
}

const NUMBER_WORDS: Record<string, number> = {
  // en
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  hundred: 100,
  a: 1,
  an: 1,
  single: 1,
  couple: 2,
  pair: 2,
  // de
  ein: 1,
  eine: 1,
  einen: 1,
  eins: 1,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
  zehn: 10,
  elf: 11,
  zwölf: 12,
  zwanzig: 20,
  dreißig: 30,
  vierzig: 40,
  fünfzig: 50,
  hundert: 100,
  // fr
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  quinze: 15,
  vingt: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  cent: 100,
  // es
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  quince: 15,
  veinte: 20,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  cien: 100,
};

/** Words that multiply: "two dozen" = 24. */
export const MULTIPLIER_WORDS: Record<string, number> = {
  dozen: 12,
  dozens: 12,
  dutzend: 12,
  douzaine: 12,
  douzaines: 12,
  docena: 12,
  docenas: 12,
  score: 20,
  gross: 144,
};

/** Parses a quantity word or compound ("twenty-four", "vingt-quatre", "two dozen"); null if not a number word. */
export function parseNumberWords(raw: string): number | null {
  const words = raw
    .toLowerCase()
    .replace(/[-‑]/g, " ")
    .split(/\s+/)
    .filter((w) => w && w !== "and" && w !== "und" && w !== "et" && w !== "y" && w !== "of");
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    const n = NUMBER_WORDS[w] ?? (/^\d+$/.test(w) ? Number(w) : undefined);
    const mult = MULTIPLIER_WORDS[w];
    if (n !== undefined) {
      if (n === 100) current = (current || 1) * 100;
      else current += n;
      seen = true;
    } else if (mult !== undefined) {
      current = (current || 1) * mult;
      seen = true;
    } else {
      return null;
    }
  }
  total += current;
  return seen ? total : null;
}
