import { isValidEan13, type ProductMatcher } from "../match/productMatcher.ts";
import type { SkippedRow } from "../pipeline/parsedOrder.ts";
import { WEIGHTS } from "../score/weights.ts";
import {
  type DecimalSeparator,
  MULTIPLIER_WORDS,
  parseNumber,
  parseNumberWords,
} from "../text/parseNumber.ts";
import { emptyRawLine, type RawLine } from "./rawLine.ts";
import { parseUnit } from "./units.ts";

const NUM = String.raw`\d{1,3}(?:[.,'\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;
const CUR = String.raw`(?:EUR|USD|GBP|CHF|SFr\.|Fr\.|€|£|\$)`;
const UNIT_WORD = String.raw`(?:box(?:es)?(?:\s+of\s+10)?|bo[iî]tes?(?:\s+de\s+10)?|cajas?(?:\s+de\s+10)?|paquets?(?:\s+de\s+10)?|paquetes?(?:\s+de\s+10)?|lots?\s+de\s+10|VE|packs?(?:\s+of\s+10)?|dozens?|dz|doz|dutzend|douzaines?|docenas?|pcs?|pces?|pi[eè]ces?|Stk\.?|St[uü]ck|ea|each|units?|uds?\.?|unidad(?:es)?|kg|kilos?|g|l|liters?|litres?|litros?|m|meters?|metres?|metros?|rolls?|rollen|rouleaux|pal)`;
const WORD_NUMBERS = String.raw`(?:(?:twenty|thirty|forty|fifty|sixty|vingt|trente|quarante|cinquante|veinte|treinta|cuarenta|cincuenta|zwanzig|dreißig|vierzig|fünfzig)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine|un|deux|trois|quatre|cinq|six|sept|huit|neuf|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|deux|trois|quatre|cinq|sept|huit|neuf|dix|douze|quinze|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|quince|a|one|half\s+a|ein|eine|einen|un|une|una|uno)`;
const MULT = "(?:dozens?|dutzend|douzaines?|docenas?)";

const SAME_AS_BEFORE =
  /\b(the\s+same\s+(number|quantity|amount)|same\s+qty|ebenso\s+viele|die\s+gleiche\s+(anzahl|menge)|la\s+m[êe]me\s+quantit[ée]|autant\s+de|la\s+misma\s+cantidad|el\s+mismo\s+n[úu]mero)\b/i;

/** A phrase that only states the price of the item before it. */
const PRICE_TAIL = new RegExp(
  String.raw`^(?:(?:einzel|stück|stueck|stk\.?-?)?preis|netto(?:preis)?|(?:unit\s+)?price|(?:unit\s+)?cost|prix(?:\s+unitaire)?|p\.\s?u\.|precio(?:\s+unitario)?|je|each|à|@|zu|at|pour|por)\b\.?\s*[:.]?\s*(?:${CUR}\s*)?\d`,
  "i",
);

const BULLET = /^\s*(?:[-*•·–]\s+|\d{1,3}[.)]\s+|pos\.?\s*\d+\s*[:.)]?\s+|item\s+\d+\s*[:.]?\s+)/i;

/** Splits a prose sentence into item phrases when it lists several ("12 x A, 12 x B and 4 x C"). */
function splitItems(line: string): string[] {
  const parts = line.split(/,\s+(?!\d{3}\b)|;\s+|\s+(?:and|und|et|y|as well as|sowie|plus)\s+/i);
  if (parts.length <= 1) return [line];
  // ", Einzelpreis 209,00 EUR" / ", unit price £4.00" belongs to the item before it
  const out: string[] = [];
  for (const p of parts) {
    const prev = out.length - 1;
    if (prev >= 0 && PRICE_TAIL.test(p)) out[prev] = `${out[prev]} ${p}`;
    else out.push(p);
  }
  return out;
}

interface TextLineOptions {
  source: string;
  decimal?: DecimalSeparator;
  matcher: ProductMatcher;
}

/** Reads one phrase as an order line, or returns null when it does not look like one. */
function readPhrase(phrase: string, opts: TextLineOptions): RawLine | null {
  let s = phrase.replace(BULLET, " ").replace(/\s+$/, "");
  const line = emptyRawLine(opts.source);
  // a GTIN/EAN-13 ("EAN 4260731554005") identifies the product; it is never a quantity
  const ean = /(?:\b(?:ean|gtin|barcode|ean-?13)\s*[:#.]?\s*)?(?<![\d.,])(\d{13})(?![\d.,])/i.exec(s);
  if (ean && isValidEan13(ean[1] ?? "")) {
    line.barcode = ean[1] ?? null;
    s = `${s.slice(0, ean.index)} ${s.slice(ean.index + ean[0].length)}`.replace(/^[\s\-–—:|]+/, "");
  }
  const codes = opts.matcher.findCodes(s);
  if (codes.length > 1) return null;
  const code = codes[0];
  if (code) {
    line.code = code.product.default_code;
    s = `${s.slice(0, code.index)} ${s.slice(code.index + code.raw.length)}`
      .replace(/\(\s*(?:art\.?-?\s*nr\.?|ref\.?|item|code)?\s*[:.]?\s*\)/gi, " ")
      .replace(/\b(?:art\.?-?\s*nr\.?|ref\.?)\s*[:.]?\s*(?=\s|$)/gi, " ");
  }
  // "(= 5 boxes of 10)": the customer already gives the quantity in our unit
  const explicit = new RegExp(String.raw`\(\s*=?\s*(${NUM})\s*(${UNIT_WORD})\s*\)`, "i").exec(s);
  if (explicit) {
    const q = parseNumber(explicit[1] ?? "", opts.decimal);
    const u = parseUnit(explicit[2]);
    if (q !== null && u) line.explicit = { quantity: q, unit: u };
    s = s.replace(explicit[0], " ");
  }
  // amount "= 425,00 €"
  const amount = new RegExp(String.raw`=\s*(${NUM})\s*${CUR}|=\s*${CUR}\s*(${NUM})`, "i").exec(s);
  if (amount) {
    line.amount = parseNumber(amount[1] ?? amount[2] ?? "", opts.decimal);
    s = s.replace(amount[0], " ");
  }
  // price: a number tied to a currency, optionally "je VE" / "per m"
  const priceCurFirst = new RegExp(
    String.raw`(?:@|\bà|\bzu|\bat|\bfor)?\s*${CUR}\s*(${NUM})(?:\s*(?:je|per|pro|par|por|/)\s*(${UNIT_WORD})\b)?`,
    "i",
  ).exec(s);
  const price: { 0: string; 1?: string; 2?: string; 3?: string; index: number } | null = priceCurFirst
    ? { 0: priceCurFirst[0], 1: priceCurFirst[1], 3: priceCurFirst[2], index: priceCurFirst.index }
    : new RegExp(
        String.raw`(?:@|\bà|\bzu|\bat|\ba|\bfor|\bpour|\bpor)?\s*(?:${CUR}\s*(${NUM})|(${NUM})\s*${CUR})(?:\s*(?:je|per|pro|par|por|/)\s*(${UNIT_WORD})\b)?(?:\s+(?:à|a|of|de)\s+10(?:\s+\w+)?)?`,
        "i",
      ).exec(s);
  if (price) {
    line.unitPrice = parseNumber(price[1] ?? price[2] ?? "", opts.decimal);
    // "66,00 € pro 100 Stk" / "£12 per 1000": a price for a round batch of pieces
    const per =
      /^\s*(?:je|per|pro|par|por|\/)\s*(100|1000|1\.000|1,000)\b(?!\s*(?:g|gr|ml|kg|l|m|cm|mm)\b)\s*(?:stk\.?|st[uü]ck|pcs?|pieces?|pi[eè]ces?|units?|uds?\.?)?/i.exec(
        s.slice((price.index ?? 0) + price[0].length),
      );
    if (per && line.unitPrice !== null) {
      line.unitPrice = line.unitPrice / Number((per[1] ?? "1").replace(/[.,]/, ""));
      price[0] += per[0];
    }
    if (price[3])
      line.priceUnit = parseUnit(
        price[0].includes("10") && /ve|box|bo[iî]te|caja/i.test(price[3]) ? "box of 10" : price[3],
      );
    s = `${s.slice(0, price.index)} ${s.slice((price.index ?? 0) + price[0].length)}`;
  }
  // a line discount written after the price: "79,90 € abzgl. 5 % Rabatt", "less 10% discount"
  const discount = new RegExp(
    String.raw`(?:abzgl\.?|abzüglich|minus|less|moins|menos|[-–])?\s*(${NUM})\s*%\s*(?:rabatt|nachlass|discount|remise|descuento|dto\.?)\b`,
    "i",
  ).exec(s);
  if (discount && line.unitPrice !== null) {
    const pct = parseNumber(discount[1] ?? "", opts.decimal);
    if (pct !== null && pct > 0 && pct < 100) line.unitPrice = line.unitPrice * (1 - pct / 100);
    s = `${s.slice(0, discount.index)} ${s.slice(discount.index + discount[0].length)}`;
  }
  if (SAME_AS_BEFORE.test(s)) {
    line.sameAsPrevious = true;
    s = s.replace(SAME_AS_BEFORE, " ");
  }
  // "1 AB-104 Widget 160 2 519,00 1.038,00" (a table row whose cells lost their spacing, as PDF
  // text often does): the last three numbers multiply (quantity x price = amount), so they are the
  // quantity, price and amount, and a small number at the start is the row's position, not a quantity
  let rest = s;
  const tail = line.sameAsPrevious || line.unitPrice !== null ? null : arithmeticTail(s, opts.decimal);
  if (tail) {
    line.quantity = tail.quantity;
    if (tail.unit) line.unit = parseUnit(tail.unit.replace(/\.$/, ""));
    line.unitPrice = tail.price;
    if (line.amount === null) line.amount = tail.amount;
    rest = tail.before.replace(/^\s*\d{1,3}\s+(?=\S)/, " ");
  }
  // quantity: at the start ("12 x", "250 m", "two dozen of the"), else an aligned column ("  400 pce  ")
  const start = new RegExp(
    String.raw`^\s*(?:.*?\b(?:need|want|like|require|order|send|ship|supply|bestellen|liefern|benötigen|brauchen|commander|livrer|pedir|enviar|necesitamos)\w*\s+|[^:]*:\s+(?=\d+\s*(?:x|×)\s))?(?:(${NUM})|(${WORD_NUMBERS}))\s*(?:more|additional|extra|further|weitere|mehr)?\s*(${MULT})?\s*(?:(x|×)\s*|(${UNIT_WORD})\b\.?\s*)?(?:of\s+(?:the\s+|our\s+)?|de\s+|des\s+|del?\s+)?`,
    "i",
  ).exec(s);
  if (!tail && !line.sameAsPrevious && start && (start[1] || start[2])) {
    const numeric = start[1] ? parseNumber(start[1], opts.decimal) : parseNumberWords(start[2] ?? "");
    const hasMarker = Boolean(start[3] || start[4] || start[5] || /\bof\b|\bde\b/i.test(start[0]));
    if (numeric !== null && (start[1] ? true : hasMarker)) {
      line.quantity = numeric;
      const mult = start[3]?.toLowerCase();
      if (mult) line.unit = "Dozens";
      else if (start[5]) line.unit = parseUnit(start[5]);
      rest = s.slice(start[0].length);
      if (mult && MULTIPLIER_WORDS[mult] !== 12) line.quantity = numeric * (MULTIPLIER_WORDS[mult] ?? 1);
    }
  }
  if (line.quantity === null && !line.sameAsPrevious) {
    const cols = s.split(/\s{2,}|\t/).map((c) => c.trim());
    // "20   4,70   94,00": quantity, unit price and amount when the first two multiply to the third
    const nums = cols.map((c, i) => ({
      i,
      n: i >= 1 && /^[\d.,'\s]+$/.test(c) ? parseNumber(c, opts.decimal) : null,
    }));
    const numeric = nums.filter((x): x is { i: number; n: number } => x.n !== null);
    const triple = numeric.slice(-3);
    const [q, p, a] = triple;
    if (triple.length === 3 && q && p && a && q.n > 0 && multiplies(q.n, p.n, a.n)) {
      line.quantity = q.n;
      if (line.unitPrice === null) line.unitPrice = p.n;
      if (line.amount === null) line.amount = a.n;
      rest = cols.filter((_, i) => i !== q.i && i !== p.i && i !== a.i).join("  ");
    } else if (
      numeric.length === 2 &&
      q &&
      p &&
      line.unitPrice === null &&
      /^\d+$/.test(cols[q.i] ?? "") &&
      /[.,]\d{2}$/.test(cols[p.i] ?? "")
    ) {
      // "800   1,38": a whole number then a price with cents is quantity then unit price
      line.quantity = q.n;
      line.unitPrice = p.n;
      rest = cols.filter((_, i) => i !== q.i && i !== p.i).join("  ");
    }
  }
  if (line.quantity === null && !line.sameAsPrevious) {
    const cols = s.split(/\s{2,}|\t/).map((c) => c.trim());
    for (let i = cols.length - 1; i >= 1; i--) {
      const m = new RegExp(String.raw`^(${NUM})\s*(${UNIT_WORD})?\.?$`, "i").exec(cols[i] ?? "");
      if (m) {
        line.quantity = parseNumber(m[1] ?? "", opts.decimal);
        line.unit = parseUnit(m[2]);
        cols.splice(i, 1);
        rest = cols.join("  ");
        break;
      }
    }
  }
  if (line.quantity === null && !line.sameAsPrevious && line.code) {
    // "könnten Sie uns noch zwei Aktenschränke (FUR-1201) schicken": a number word anywhere in a phrase
    // that names one of our codes (digits are not taken: "180x90", "3 Schubladen" are descriptions)
    const word = new RegExp(
      String.raw`(?<![\p{L}\d])(${WORD_NUMBERS.replace(/\|a\|/, "|")})(?![\p{L}\d])`,
      "iu",
    ).exec(s);
    const n = word ? parseNumberWords(word[1] ?? "") : null;
    if (word && n !== null) {
      line.quantity = n;
      rest = `${s.slice(0, word.index)} ${s.slice(word.index + word[0].length)}`;
    }
  }
  if (line.quantity === null && !line.sameAsPrevious) {
    // "Office Chair – qty 12 – £249.00 each": a labelled quantity anywhere in the phrase
    const labelled = new RegExp(
      String.raw`(?:^|[\s\-–—,;|(])(?:qty|quantity|menge|anzahl|anz\.|qt[ée]|quantit[ée]|cantidad|cant\.)\s*[:.=]?\s*(${NUM})(?:\s*(${UNIT_WORD})(?![\w/]))?\.?`,
      "i",
    ).exec(s);
    if (!labelled && line.code) {
      // "ELC-2103 x 100": the quantity after the code
      const times = new RegExp(
        String.raw`^\s*(?:x|×)\s*(${NUM})(?:\s*(${UNIT_WORD})(?![\w/]))?\.?\s*$`,
        "i",
      ).exec(s);
      if (times) {
        line.quantity = parseNumber(times[1] ?? "", opts.decimal);
        line.unit = parseUnit(times[2]);
        rest = "";
      }
    }
    if (labelled) {
      line.quantity = parseNumber(labelled[1] ?? "", opts.decimal);
      line.unit = parseUnit(labelled[2]);
      rest = `${s.slice(0, labelled.index)} ${s.slice(labelled.index + labelled[0].length)}`;
    }
  }
  if (line.quantity === null && !line.sameAsPrevious) {
    // "EAN … - Sugar fine - 200 kg" / "Farine type 550 – 300 kg": one number with a unit word; without
    // a code it must stand apart from the description (after a dash or colon)
    const lead = line.barcode || line.code ? String.raw`(?<![\w.,])` : String.raw`(?<=[-–—:|]\s*)`;
    const withUnit = [
      ...s.matchAll(new RegExp(String.raw`${lead}(${NUM})\s*(${UNIT_WORD})(?![\w/])\.?`, "gi")),
    ];
    const only = withUnit.length === 1 ? withUnit[0] : undefined;
    if (only) {
      line.quantity = parseNumber(only[1] ?? "", opts.decimal);
      line.unit = parseUnit(only[2]);
      rest = `${s.slice(0, only.index)} ${s.slice((only.index ?? 0) + only[0].length)}`.replace(
        /\s+[-–—]\s*(?=[-–—]|$)/g,
        " ",
      );
    }
  }
  if (line.quantity === null && !line.sameAsPrevious) return null;
  line.description = rest
    .replace(/^\s*(?:x|×|of the|of)\s+/i, "")
    .replace(/\s*[,.;:!?\-–—]+\s*$/, "")
    .replace(/^\s*[-–—:]+\s*/, "")
    .replace(/\s+(?:please|bitte|svp|por favor)\b.*$/i, "")
    .replace(/\s{2,}/g, " ")
    .trim();
  if (!line.description && line.code) line.description = line.code;
  if (!line.description) return null;
  // the quantity is the only number of the phrase besides the printed price (no position number, no
  // second count left in the description): with a price that checks out, its role is beyond doubt
  line.soleQuantity =
    line.quantity !== null &&
    line.unitPrice !== null &&
    !line.sameAsPrevious &&
    !FREE_NUMBER.test(line.description);
  return line;
}

/** quantity x price = amount, to the cent or 0.1 % of the amount. */
const multiplies = (q: number, p: number, a: number) => Math.abs(q * p - a) <= Math.max(0.011, a * 0.001);

/**
 * The last three whitespace-separated numbers of a phrase when they read as quantity, unit price and
 * amount: quantity x price = amount (to the cent or 0.1 %), a positive quantity, money written with
 * decimals, and words before them (the item). `before` is the phrase without them.
 */
export function arithmeticTail(
  phrase: string,
  decimal: TextLineOptions["decimal"],
): { quantity: number; price: number; amount: number; unit: string | null; before: string } | null {
  const tokens = phrase.trim().split(/\s+/);
  if (tokens.length < 4) return null;
  const num = (t: string | undefined) => (t && /^\d[\d.,']*$/.test(t) ? parseNumber(t, decimal) : null);
  // "12 St 42,00 504,00": a unit word may stand between the quantity and the price
  const unitWord = new RegExp(String.raw`^${UNIT_WORD}\.?$`, "i");
  const withUnit = tokens.length >= 5 && unitWord.test(tokens[tokens.length - 3] ?? "");
  const q = num(tokens[tokens.length - (withUnit ? 4 : 3)]);
  const p = num(tokens[tokens.length - 2]);
  const a = num(tokens[tokens.length - 1]);
  if (q == null || p == null || a == null || q <= 0 || p <= 0) return null;
  if (!tokens.slice(-2).every((t) => /[.,]\d{2}$/.test(t))) return null;
  if (!multiplies(q, p, a)) return null;
  const before = tokens.slice(0, withUnit ? -4 : -3).join(" ");
  if (!/\p{L}{2}/u.test(before)) return null;
  const unit = withUnit ? (tokens[tokens.length - 3] ?? null) : null;
  return { quantity: q, price: p, amount: a, unit, before };
}

/**
 * A number standing alone in a description ("Patch Panel 24 Port", "1. 40 x"), not part of a size or a
 * name ("300x200x150", "3m", "6-Way", "CAT6", "Type 550" is alone too: conservative).
 */
export const FREE_NUMBER = /(?<![\p{L}\d.,x×/-])\d+(?:[.,]\d+)?(?![\p{L}\d.,x×/%°²³-])/u;

const BLOCK_ITEM =
  /^\s*(?:artikel(?:-?nr\.?|nummer)?|art\.?-?nr\.?|article|item|product|produkt|produit|r[ée]f(?:[ée]rence)?\.?|art[íi]culo|producto|referencia|bezeichnung|d[ée]signation|descripci[óo]n|description)\s*:\s*(.+)$/i;
const BLOCK_QTY = /^\s*(?:menge|anzahl|qty|quantity|qt[ée]|quantit[ée]|cantidad|cant\.?)\s*:\s*(.+)$/i;
const BLOCK_PRICE =
  /^\s*(?:(?:einzel|stück)?preis|unit\s+price|price|prix(?:\s+unitaire)?|p\.\s?u\.|precio(?:\s+unitario)?)\s*:\s*(.+)$/i;

/**
 * One item written as a key/value block ("Artikel: X" / "Menge: 3 VE" / "Preis: 3,20 € / VE") becomes one
 * line "3 VE X à 3,20 € / VE"; other lines pass unchanged.
 */
function joinItemBlocks(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const item = BLOCK_ITEM.exec(lines[i] ?? "");
    if (!item) {
      out.push(lines[i] ?? "");
      continue;
    }
    let qty: string | null = null;
    let price: string | null = null;
    let j = i + 1;
    for (; j < lines.length && j <= i + 3; j++) {
      const l = lines[j] ?? "";
      const q = BLOCK_QTY.exec(l);
      const p = BLOCK_PRICE.exec(l);
      if (q && qty === null) qty = q[1] ?? null;
      else if (p && price === null) price = p[1] ?? null;
      else break;
    }
    if (qty === null || !/^\s*\d/.test(qty)) {
      out.push(lines[i] ?? "");
      continue;
    }
    out.push(`${qty.trim()} ${(item[1] ?? "").trim()}${price ? ` à ${price.trim()}` : ""}`);
    i = j - 1;
  }
  return out;
}

/** A column-aligned row that starts with a part number: "BL-0042  Oak desk 1600mm   6". */
const SKU_ROW = /^\s*(?:[-*•]\s*)?([A-Z]{1,5}[-.]?\d{3,}[A-Z0-9.-]*)(?:\s{2,}|\t)\S/;

/** An article-number-like token: letters then digits ("BLX-7730", "AB1234"), not a phone or a date. */
const CODE_LIKE = /(?<![\p{L}\d-])([A-Z]{2,6}-?\d{3,}[A-Z0-9]*(?:-[A-Z0-9]+)?)(?![\p{L}\d])/u;

export interface TextReading {
  lines: RawLine[];
  /** Text lines that name one of our codes but were not read as a line: a doubt. */
  unexplained: SkippedRow[];
}

/**
 * Order lines written in a text body: bullet lists, "12 x ABC-100", "40 x Cable 3m (ABC-200) @ £4.00",
 * "two dozen of the oak desks", column-aligned lines without a table header. A line is kept when it
 * names one of our codes, its description matches a catalog product, or it names an article number
 * with a quantity ("4 x BLX-7730": a product we do not carry is a line to review, never dropped).
 */
export async function readTextItems(text: string, opts: TextLineOptions): Promise<TextReading> {
  const out: TextReading = { lines: [], unexplained: [] };
  for (const [row, rawLine] of joinItemBlocks(text.split(/\r?\n/)).entries()) {
    const trimmed = rawLine.trim();
    if (!trimmed || trimmed.length > 400) continue;
    if (/^(tel|fax|phone|mobile|t|m|e|www|iban|bic|ust|vat|sitz)\b[.:]?\s/i.test(trimmed)) continue;
    const before = out.lines.length;
    for (const phrase of splitItems(trimmed)) {
      const line = readPhrase(phrase, opts);
      if (!line) continue;
      line.row = row;
      line.rowText = trimmed;
      if (!line.code) {
        // "BL-0042  Oak desk 1600mm  6": the customer's part number leads the row
        const sku = SKU_ROW.exec(phrase);
        if (sku && line.quantity !== null) {
          line.customerSku = sku[1] ?? null;
          line.description = line.description.replace(sku[1] ?? "", "").trim();
          if (!line.description) continue;
        }
        const match = await opts.matcher.match({ description: line.description, barcode: line.barcode });
        if ((!match.product || match.confidence < WEIGHTS.textLineMatch) && !line.customerSku) {
          // "4 x BLX-7730": an article number we do not carry, with a quantity, is a line (unknown product)
          const token = CODE_LIKE.exec(phrase);
          if (!token || line.quantity === null || line.sameAsPrevious) {
            // "6 x ergonomic footrests", "20 kg of the usual flour": reads like an item (a quantity with a
            // unit, a times sign or a price) but names nothing we know; it must not vanish silently
            if (
              line.quantity !== null &&
              (line.unit !== null || line.unitPrice !== null || /\d\s*[x×]\s/i.test(phrase))
            )
              out.unexplained.push({
                text: phrase.slice(0, 160),
                why: "reads like an item but matches no product",
                from: { reader: "text", source: opts.source, row, text: phrase.slice(0, 160) },
              });
            continue;
          }
          line.customerSku = token[1] ?? null;
        }
      }
      out.lines.push(line);
    }
    if (
      out.lines.length === before &&
      opts.matcher.findCodes(trimmed).length > 0 &&
      !out.unexplained.some((u) => u.from?.row === row)
    ) {
      out.unexplained.push({
        text: trimmed.slice(0, 160),
        why: "names one of our codes but was not read as a line",
        from: { reader: "text", source: opts.source, row, text: trimmed.slice(0, 160) },
      });
    }
  }
  return out;
}

/** The order lines of a text (see readTextItems). */
export async function readTextLines(text: string, opts: TextLineOptions): Promise<RawLine[]> {
  return (await readTextItems(text, opts)).lines;
}
