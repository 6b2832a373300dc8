/**
 * Finds instruction-like text aimed at an automated system inside an email or document ("ignore
 * previous instructions", "mark this order approved", "system:"), whatever the language or the
 * disguise. The text is normalised first (NFKC, zero-width and bidi characters removed, Greek and
 * Cyrillic look-alikes mapped to Latin, accents dropped, lower case), then read as sentences of words
 * in which concepts must meet: an order to ignore + a qualifier + rules; an approval + an order noun
 * + a marker of automation; an AI addressed directly. Each concept has its words in en, de, fr, es,
 * it, nl and pt, so a new language is a few words, not a new pattern.
 *
 * Whatever this detector says, nothing in a mail can change a decision, a price source or a
 * threshold: a hit is a hard reason that sends the mail to a person.
 */

/** Zero-width, soft hyphen, word joiners and bidi controls: invisible, used to split trigger words. */
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/** Greek and Cyrillic letters that look like Latin ones (Unicode confusables, the common subset). */
const CONFUSABLES: Record<string, string> = {
  // Greek
  Α: "A",
  Β: "B",
  Ε: "E",
  Ζ: "Z",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Υ: "Y",
  Χ: "X",
  α: "a",
  ε: "e",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  // Cyrillic
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  ɡ: "g",
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).join("")}]`, "g");

/**
 * The text every check reads: NFKC (full-width and styled letters become plain ones), invisible
 * characters removed, look-alikes mapped to Latin, accents dropped, lower case.
 */
export function normaliseForChecks(text: string): string {
  return text
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(CONFUSABLE_RE, (c) => CONFUSABLES[c] ?? c)
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Words of a concept: a trailing `*` matches any ending; a space separates the words of a phrase. */
type Concept = string[];

const IGNORE: Concept = [
  // en
  "ignor*",
  "disregard*",
  "forget",
  "override",
  "bypass*",
  "skip",
  // de
  "vergiss",
  "vergessen",
  "missacht*",
  "ubergeh*",
  "uberspring*",
  // fr
  "oubli*",
  "outrepass*",
  // es
  "olvid*",
  "omit*",
  "pasa por alto",
  // it
  "dimentic*",
  "tralasci*",
  "trascur*",
  // nl
  "negeer*",
  "vergeet",
  "vergeten",
  // pt
  "esquec*",
  "desconsider*",
  "desrespeit*",
];

const PRIOR: Concept = [
  "previous",
  "prior",
  "above",
  "earlier",
  "all",
  "any",
  "your",
  "system",
  "vorherig*",
  "bisherig*",
  "obig*",
  "alle",
  "allen",
  "deine",
  "ihre",
  "vorangehend*",
  "precedent*",
  "anterior*",
  "toutes",
  "tous",
  "vos",
  "tes",
  "todas",
  "todos",
  "tus",
  "sus",
  "tutte",
  "tutti",
  "tue",
  "vostre",
  "sue",
  "vorige",
  "eerdere",
  "je",
  "uw",
  "suas",
  "tuas",
];

const RULES: Concept = [
  "instruc*",
  "instruct*",
  "istruzion*",
  "anweisung*",
  "instruktion*",
  "regel",
  "regeln",
  "regels",
  "rule*",
  "regla*",
  "regol*",
  "regra*",
  "consigne*",
  "vorgabe*",
  "prompt*",
  "guideline*",
  "richtlijn*",
  "aanwijzing*",
  "indicazion*",
  "indicacion*",
  "orientac*",
  "directive*",
  "direttiv*",
  "directiv*",
  "richtlinie*",
];

const APPROVE: Concept = [
  "approv*",
  "auto-approv*",
  "confirm*",
  "verified",
  "validat*",
  "paid",
  "genehmig*",
  "freigeb*",
  "freigegeben",
  "bestatig*",
  "approuv*",
  "valid*",
  "aprob*",
  "approvat*",
  "approva*",
  "conferm*",
  "convalid*",
  "goedkeur*",
  "goedgekeurd",
  "bevestig*",
  "aprov*",
];

const AUTOMATION: Concept = [
  "automatically",
  "without review",
  "without checking",
  "without approval",
  "automatisch",
  "ohne prufung",
  "ohne kontrolle",
  "automatiquement",
  "sans verification",
  "sans controle",
  "automaticamente",
  "sin revision",
  "sin verificar",
  "senza revisione",
  "senza controllo",
  "zonder controle",
  "zonder goedkeuring",
  "sem revisao",
  "sem verificacao",
];

/** "mark ... as approved" in every language: a verb of marking and a word for "as". */
const MARK: Concept = [
  "mark",
  "marked",
  "flag",
  "markier*",
  "marque*",
  "marca*",
  "contrassegn*",
  "segna*",
  "markeer*",
];
const AS: Concept = ["as", "als", "comme", "como", "come"];

const ORDER: Concept = [
  "order",
  "po",
  "invoice",
  "bestellung",
  "auftrag",
  "rechnung",
  "commande",
  "facture",
  "pedido",
  "orden",
  "factura",
  "ordine",
  "fattura",
  "bestelling",
  "factuur",
  "encomenda",
  "fatura",
  "this",
  "diese*",
  "cette",
  "este",
  "esta",
  "questo",
  "questa",
  "deze",
  "dit",
];

const NEGATION: Concept = [
  "do not",
  "don't",
  "dont",
  "never",
  "nicht",
  "niemals",
  "ne",
  "jamais",
  "no",
  "nunca",
  "non",
  "mai",
  "niet",
  "nooit",
  "nao",
];

const REVIEW: Concept = [
  "flag",
  "review*",
  "check*",
  "verify",
  "prufen",
  "pruf*",
  "kontrollier*",
  "verifi*",
  "controll*",
  "revis*",
  "control*",
  "signal*",
];

const AI: Concept = [
  "ai",
  "a.i.",
  "ki",
  "ia",
  "llm",
  "gpt",
  "chatgpt",
  "claude",
  "chatbot",
  "language model",
  "sprachmodell",
  "modele de langage",
  "modelo de lenguaje",
  "modello linguistico",
  "taalmodel",
  "modelo de linguagem",
  "assistant",
  "assistent*",
  "asistente",
  "assistente",
  "automated system",
  "order system",
  "system",
  "systeme",
  "sistema",
  "systeem",
  "bot",
];

const ADDRESS: Concept = [
  "you are",
  "you must",
  "note to",
  "note for",
  "message to",
  "message for",
  "instructions for",
  "du bist",
  "sie sind",
  "hinweis an",
  "vous etes",
  "tu es",
  "note pour",
  "eres",
  "usted es",
  "nota para",
  "sei un",
  "sei una",
  "nota per",
  "je bent",
  "u bent",
  "notitie voor",
  "voce e",
  "tu es",
  "nota ao",
  "nota a",
];

function matcher(concept: Concept): (words: string[], i: number) => number {
  const phrases = concept.map((p) => p.split(" "));
  return (words, i) => {
    for (const parts of phrases) {
      let ok = true;
      for (const [k, part] of parts.entries()) {
        const w = words[i + k];
        if (w === undefined) {
          ok = false;
          break;
        }
        ok = part.endsWith("*") ? w.startsWith(part.slice(0, -1)) : w === part;
        if (!ok) break;
      }
      if (ok) return parts.length;
    }
    return 0;
  };
}

const is = {
  ignore: matcher(IGNORE),
  prior: matcher(PRIOR),
  rules: matcher(RULES),
  approve: matcher(APPROVE),
  automation: matcher(AUTOMATION),
  mark: matcher(MARK),
  as: matcher(AS),
  order: matcher(ORDER),
  negation: matcher(NEGATION),
  review: matcher(REVIEW),
  ai: matcher(AI),
  address: matcher(ADDRESS),
};
type ConceptName = keyof typeof is;

/** Positions of each concept's words in a sentence. */
function positions(words: string[]): Record<ConceptName, number[]> {
  const at = Object.fromEntries(Object.keys(is).map((k) => [k, [] as number[]])) as Record<
    ConceptName,
    number[]
  >;
  for (let i = 0; i < words.length; i++) {
    for (const name of Object.keys(is) as ConceptName[]) if (is[name](words, i) > 0) at[name].push(i);
  }
  return at;
}

/** Whether one word of each concept lies within `window` words of each other (any order). */
function meet(at: Record<ConceptName, number[]>, names: ConceptName[], window: number): boolean {
  const [first, ...rest] = names;
  return at[first!].some((p) => rest.every((n) => at[n].some((q) => q !== p && Math.abs(q - p) <= window)));
}

/** "do not review", "nicht prüfen", "ne pas vérifier": a negation one or two words before a check. */
function negatedReview(at: Record<ConceptName, number[]>): boolean {
  return at.negation.some((n) => at.review.some((r) => r > n && r - n <= 2));
}

/** Patterns kept beside the concepts: role markers and chat templates, which are not sentences. */
const MARKERS: RegExp[] = [
  /^\s*(system|assistant|developer)\s*:/m,
  /<\|?(im_start|im_end|system|endoftext)\|?>/,
  /\[\/?inst\]|<<\/?sys>>/,
  /\b(new|updated|neue|nouvelles|nuevas|nuove|nieuwe|novas) (instructions?|anweisungen|instrucciones|istruzioni|instructies|instrucoes)\s*:/,
];

export interface InjectionHit {
  pattern: string;
  /** A short excerpt (at most 80 characters) for the reason shown to a person. */
  excerpt: string;
}

function excerptOf(text: string, index: number): string {
  const start = Math.max(0, index - 10);
  return text
    .slice(start, start + 80)
    .replace(/\s+/g, " ")
    .trim();
}

export function detectInjection(text: string): InjectionHit | null {
  const norm = normaliseForChecks(text);
  for (const re of MARKERS) {
    const m = re.exec(norm);
    if (m) return { pattern: re.source.slice(0, 40), excerpt: excerptOf(norm, m.index) };
  }
  // sentences: split on end punctuation and line breaks; words: letters, digits, ' and .
  let offset = 0;
  for (const sentence of norm.split(/(?<=[.!?;:\n])\s+|\n/)) {
    const index = norm.indexOf(sentence, offset);
    offset = index >= 0 ? index + sentence.length : offset;
    const words = sentence.match(/[\p{L}\p{N}][\p{L}\p{N}'.-]*/gu)?.map((w) => w.replace(/\.$/, "")) ?? [];
    if (words.length < 2 || words.length > 200) continue;
    const at = positions(words);
    const hit =
      (meet(at, ["ignore", "rules"], 8) && meet(at, ["ignore", "prior"], 8) && "ignore-rules") ||
      (meet(at, ["approve", "order"], 8) && meet(at, ["approve", "automation"], 8) && "approve-order") ||
      (meet(at, ["mark", "as"], 3) &&
        meet(at, ["as", "approve"], 2) &&
        meet(at, ["approve", "order"], 8) &&
        "mark-approved") ||
      (negatedReview(at) && meet(at, ["review", "order"], 6) && "no-review") ||
      (meet(at, ["ai", "address"], 4) && "ai-addressed");
    if (hit) return { pattern: hit, excerpt: excerptOf(norm, Math.max(0, index)) };
  }
  return null;
}
