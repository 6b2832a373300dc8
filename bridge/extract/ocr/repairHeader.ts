import type { LayoutLine } from "../tables/layoutTables.ts";

/**
 * Column labels of order tables as printed (EN, DE, FR, ES). OCR misreads a letter or two of a label
 * now and then ("Quanuie" for "Quantité"), and one unread label loses the whole table; these words
 * are put back before the table reader looks for its header.
 */
const LABELS = [
  "Position",
  "Menge",
  "Anzahl",
  "Quantity",
  "Quantité",
  "Cantidad",
  "Einheit",
  "Unité",
  "Unidad",
  "Unit",
  "Units",
  "Total",
  "Code",
  "Item",
  "Preis",
  "Einzelpreis",
  "Price",
  "Prix",
  "Precio",
  "Betrag",
  "Gesamtpreis",
  "Amount",
  "Montant",
  "Importe",
  "Bezeichnung",
  "Beschreibung",
  "Description",
  "Désignation",
  "Descripción",
  "Artikel",
  "Article",
  "Artículo",
  "Référence",
  "Reference",
  "Referencia",
  "Réf",
  "Qté",
  "Qty",
  "Pos",
  "Art",
];

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

const FOLDED = LABELS.map((l) => [fold(l), l] as const);

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The label a misread word stands for, or null (exact words and short words are left alone). */
export function labelFor(word: string): string | null {
  const w = fold(word.replace(/[^\p{L}]/gu, ""));
  if (w.length < 3 || FOLDED.some(([f]) => f === w)) return null;
  const max = w.length >= 7 ? 2 : 1;
  const hits = FOLDED.filter(([f]) => Math.abs(f.length - w.length) <= max)
    .map(([f, label]) => ({ f, label, d: distance(f, w) }))
    .filter((h) => h.d <= max);
  const best = Math.min(...hits.map((h) => h.d));
  const nearest = hits.filter((h) => h.d === best);
  return new Set(nearest.map((h) => h.f)).size === 1 ? nearest[0]!.label : null;
}

/**
 * Copies of the lines where, on a line that reads like a table header (three or more cells, two of
 * them known labels once repaired), misread labels are replaced by the label. Null when nothing
 * was repaired.
 */
export function repairHeaderLabels(lines: LayoutLine[]): LayoutLine[] | null {
  let changed = false;
  const out = lines.map((line) => {
    if (line.chunks.length < 3) return line;
    let known = 0;
    let fixes = 0;
    const chunks = line.chunks.map((c) => {
      const words = c.text.split(" ").map((w) => {
        const label = labelFor(w);
        if (label) {
          fixes++;
          known++;
          return label;
        }
        if (FOLDED.some(([f]) => f === fold(w.replace(/[^\p{L}]/gu, "")))) known++;
        return w;
      });
      return { ...c, text: words.join(" ") };
    });
    if (fixes === 0 || known < 2) return line;
    changed = true;
    return { ...line, chunks };
  });
  return changed ? out : null;
}
