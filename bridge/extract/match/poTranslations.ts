/**
 * Translations in the PO format Odoo exports and imports (Settings > Translations > Export): entries
 * whose occurrence `model:product.template,name:<xmlid>` says they translate a product's name. A CSV
 * catalog (products.csv) carries them in PO files beside it, as the catalog sync reads them from Odoo
 * per language: they become the products' further wordings.
 */
export interface PoEntry {
  /** "model:product.template,name:__import__.product_fur_1042" */
  occurrences: string[];
  msgid: string;
  msgstr: string;
}

function unquote(s: string): string {
  const body = s.trim().replace(/^"|"$/g, "");
  return body.replace(/\\(["\\nt])/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c));
}

/** Parses a PO file (comments, occurrences, multi-line msgid/msgstr). */
export function parsePo(text: string): PoEntry[] {
  const out: PoEntry[] = [];
  let cur: PoEntry = { occurrences: [], msgid: "", msgstr: "" };
  let field: "msgid" | "msgstr" | null = null;
  const flush = () => {
    if (cur.msgid) out.push(cur);
    cur = { occurrences: [], msgid: "", msgstr: "" };
    field = null;
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    if (line.startsWith("#:")) {
      if (field === "msgstr") flush();
      cur.occurrences.push(...line.slice(2).trim().split(/\s+/));
    } else if (line.startsWith("#")) {
      if (field === "msgstr") flush();
    } else if (line.startsWith("msgid ")) {
      if (field === "msgstr") flush();
      field = "msgid";
      cur.msgid = unquote(line.slice(6));
    } else if (line.startsWith("msgstr ")) {
      field = "msgstr";
      cur.msgstr = unquote(line.slice(7));
    } else if (line.startsWith('"') && field) {
      cur[field] += unquote(line);
    }
  }
  flush();
  return out;
}

const PRODUCT_TEXT = /^model:product\.(template|product),(name|description_sale):/;

/**
 * The translations of product names and sales descriptions, by source text (msgid): Odoo's PO import
 * matches a term to its record; a CSV catalog has no external ids, so the source text (the product's
 * name as written in products.csv) is the key, and a translation for another catalog's product applies
 * to nothing.
 */
export function productTranslations(entries: PoEntry[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of entries) {
    if (!e.msgstr.trim() || !e.occurrences.some((o) => PRODUCT_TEXT.test(o))) continue;
    out.set(e.msgid, [...(out.get(e.msgid) ?? []), e.msgstr.trim()]);
  }
  return out;
}
