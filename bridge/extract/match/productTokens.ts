import { PHRASES, STOP_WORDS, WORDS } from "./vocabulary.ts";

/** A description reduced to comparable tokens: English words and normalised numbers. */
export interface ProductTokens {
  words: string[];
  numbers: string[];
}

const UNIT_SUFFIX = /^(\d+(?:\.\d+)?)(mm|cm|m|ml|l|µl|ul|μl|a|w|ma|kg|g|µm|μm|p|pcs|port|fach|er)$/;
const DIMENSIONS = /^\d+(?:\.\d+)?(?:x\d+(?:\.\d+)?)+(?:mm|cm|m)?$/;
const SIZE_LETTERS = new Set(["xs", "s", "m", "l", "xl", "xxl"]);

const strip = (s: string) => s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");

const WORDS_PLAIN = new Map<string, string>();
for (const [k, v] of Object.entries(WORDS)) WORDS_PLAIN.set(strip(k), v);

function normNumber(s: string): string {
  const n = Number(s);
  return Number.isFinite(n) ? String(n) : s;
}

/** English singular, crude but symmetric (applied to catalog and customer words alike). */
function stem(w: string): string {
  if (w.length <= 3) return w;
  if (/(sh|ch|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) return w.slice(0, -1);
  return w;
}

function translateWord(w: string): string | null {
  const plain = strip(w);
  const direct = WORDS_PLAIN.get(plain);
  if (direct) return direct;
  // plural / inflected forms: Gläser, desks, cajones, tiroirs
  for (const suffix of ["s", "es", "en", "n", "e", "er"]) {
    if (plain.length > suffix.length + 3 && plain.endsWith(suffix)) {
      const t = WORDS_PLAIN.get(plain.slice(0, -suffix.length));
      if (t) return t;
    }
  }
  // German compounds: Weizen|mehl, Patch|kabel, Nitril|handschuhe (with linking s)
  if (plain.length >= 8) {
    for (let i = plain.length - 3; i >= 3; i--) {
      const head = plain.slice(0, i);
      const tail = plain.slice(i);
      const t = translateWord(tail);
      if (!t) continue;
      const h =
        WORDS_PLAIN.get(head) ?? WORDS_PLAIN.get(head.replace(/s$/, "")) ?? (head.length >= 3 ? head : null);
      if (h) return `${h} ${t}`;
    }
  }
  return null;
}

/** Turns a product description in any of the supported languages into comparable tokens. */
export function productTokens(description: string): ProductTokens {
  let s = ` ${description.toLowerCase().replace(/[²³]/g, "")} `;
  s = s.replace(/(\d)\s*,\s*(\d)/g, "$1.$2").replace(/(\d)\s*[x×*]\s*(\d)/g, "$1x$2");
  s = s.replace(/(\d)\s+(mm|cm|ml|µl|μl|kg|ma|a|w|m|l)\b/g, "$1$2");
  for (const [from, to] of PHRASES) {
    if (s.includes(from)) s = s.split(from).join(` ${to} `);
  }
  const words: string[] = [];
  const numbers: string[] = [];
  const raw = s.match(/[\p{L}\p{N}µμ]+(?:[.-][\p{L}\p{N}µμ]+)*/gu) ?? [];
  let prev = "";
  for (const tok0 of raw) {
    const pieces = WORDS[tok0] || /^\d+(?:\.\d+)?$/.test(tok0) || /^\d/.test(tok0) ? [tok0] : tok0.split("-");
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
      if (prev === "size" && SIZE_LETTERS.has(tok)) {
        words.push(`size:${tok}`);
        prev = tok;
        continue;
      }
      if (STOP_WORDS.has(tok) || tok.length < 2) {
        prev = tok;
        continue;
      }
      const translated = translateWord(tok);
      for (const w of (translated ?? tok).split(" ")) {
        const st = stem(strip(w));
        if (st && !STOP_WORDS.has(st)) words.push(st);
      }
      prev = translated ?? tok;
    }
  }
  return { words, numbers };
}
