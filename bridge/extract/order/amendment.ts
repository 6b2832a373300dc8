import type { RawLine } from "./rawLine.ts";

/**
 * Applies change instructions written in a reply to the lines of the quoted original order:
 * "please change line 2 to 20 units", "Pos. 3 auf 15 Stück", "ligne 2 : 20", "ABC-100 to 8".
 */
export function applyChanges(
  lines: RawLine[],
  instructions: string,
): { lines: RawLine[]; applied: string[] } {
  const out = lines.map((l) => ({ ...l }));
  const applied: string[] = [];
  const byPosition =
    /\b(?:line|item|pos(?:ition)?\.?|zeile|ligne|l[íi]nea|posici[óo]n)\s*(\d{1,3})\b[^\n.]{0,40}?\b(?:to|auf|à|a|en|=|:)\s*(\d+(?:[.,]\d+)?)/gi;
  for (const m of instructions.matchAll(byPosition)) {
    const idx = Number(m[1]) - 1;
    const target = out[idx];
    const qty = Number((m[2] ?? "").replace(",", "."));
    if (target && Number.isFinite(qty)) {
      applied.push(`line ${idx + 1}: quantity ${target.quantity} -> ${qty}`);
      target.quantity = qty;
      target.amount = null;
    }
  }
  for (const l of out) {
    if (!l.code) continue;
    const re = new RegExp(`${l.code}[^\\n.]{0,40}?\\b(?:to|auf|à|a|en)\\s*(\\d+(?:[.,]\\d+)?)`, "i");
    const m = re.exec(instructions);
    if (m) {
      const qty = Number((m[1] ?? "").replace(",", "."));
      if (qty === l.quantity) continue;
      applied.push(`${l.code}: quantity ${l.quantity} -> ${qty}`);
      l.quantity = qty;
      l.amount = null;
    }
  }
  // "make it 6 of the dual arms (ABC-100) instead of 4", "ABC-100: 6 statt 4", "6 au lieu de 4":
  // taken only when the old number is the quantity the line has
  const INSTEAD = String.raw`\b(?:instead\s+of|rather\s+than|statt|anstatt|anstelle\s+von|au\s+lieu\s+de|en\s+lugar\s+de|en\s+vez\s+de)\s*(\d+(?:[.,]\d+)?)`;
  for (const l of out) {
    if (!l.code || applied.some((a) => a.startsWith(`${l.code}:`))) continue;
    const code = l.code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const before = new RegExp(
      String.raw`(?<![\w-])(\d+(?:[.,]\d+)?)(?![\d.,])[^\n.\d]{0,60}?${code}[^\n.\d]{0,30}?${INSTEAD}`,
      "i",
    );
    const after = new RegExp(
      String.raw`${code}[^\n.]{0,40}?(\d+(?:[.,]\d+)?)\s*(?:\p{L}+\s*)?${INSTEAD}`,
      "iu",
    );
    const m = before.exec(instructions) ?? after.exec(instructions);
    if (!m) continue;
    const qty = Number((m[1] ?? "").replace(",", "."));
    const was = Number((m[2] ?? "").replace(",", "."));
    if (!Number.isFinite(qty) || was !== l.quantity || qty === l.quantity) continue;
    applied.push(`${l.code}: quantity ${l.quantity} -> ${qty}`);
    l.quantity = qty;
    l.amount = null;
  }
  return { lines: out, applied };
}

const CANCEL_WORDS =
  /\b(cancel(?:l?ed|lation|s)?|stornier\w*|storno|annul(?:er|ez|ons|ation|ée?)|anula(?:r|mos|do|ción)?|cancela(?:r|mos|do|ción)?)\b/i;
const LINE_REFERENCE =
  /\b(line|item|pos(?:ition)?\.?|zeile|ligne|l[íi]nea|art(?:icle|ikel|[íi]culo)?\.?)\s*(?:no\.?\s*)?\d{1,3}\b/i;

/** Whether a change cancels the whole order ("please cancel PO 4711"), not one of its lines. */
export function cancelsWholeOrder(text: string): boolean {
  return CANCEL_WORDS.test(text) && !LINE_REFERENCE.test(text);
}
