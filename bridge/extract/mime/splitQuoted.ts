/** Separates a mail's own text from the quoted or forwarded message below it. */
const QUOTE_MARKERS: RegExp[] = [
  /^-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado)\s*-{2,}\s*$/im,
  /^begin forwarded message:/im,
  /^on .{5,120} wrote:\s*$/im,
  /^am .{5,120} schrieb .{0,80}:\s*$/im,
  /^le .{5,120} a écrit\s*:\s*$/im,
  /^el .{5,120} escribió:\s*$/im,
  /^(von|from|de)\s*:.*\n(gesendet|sent|envoyé|enviado)\s*:/im,
  /^>/m,
];

export function splitQuoted(text: string): { own: string; quoted: string } {
  let cut = text.length;
  for (const re of QUOTE_MARKERS) {
    const m = re.exec(text);
    if (m && (m.index ?? 0) < cut) cut = m.index ?? 0;
  }
  const quoted = text
    .slice(cut)
    .split(/\r?\n/)
    .map((l) => l.replace(/^(\s*>)+\s?/, ""))
    .join("\n");
  return { own: text.slice(0, cut), quoted };
}

/** Phrases by which a customer accepts all positions of a quotation ("alle Positionen gemäß Ihrem Angebot"). */
export const ACCEPTS_QUOTATION =
  /(all(e)?\s+(positions?|positionen|items|lines)|toutes\s+les\s+(positions|lignes)|todas\s+las\s+(posiciones|l[íi]neas)|as\s+(per|quoted\s+in)\s+your\s+(quotation|quote|offer)|gem[äa]ß\s+(ihrem\s+)?angebot|selon\s+votre\s+(offre|devis)|seg[úu]n\s+su\s+(oferta|presupuesto))/i;
