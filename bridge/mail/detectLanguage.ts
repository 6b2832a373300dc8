export type Language = "en" | "de" | "fr" | "es";
export const languages: Language[] = ["en", "de", "fr", "es"];

const words: Record<Language, string[]> = {
  en: ["the", "and", "please", "order", "thank", "you", "with", "for", "regards", "we", "our", "kind"],
  de: [
    "und",
    "bitte",
    "bestellung",
    "wir",
    "mit",
    "für",
    "der",
    "die",
    "das",
    "grüße",
    "vielen",
    "dank",
    "ihre",
    "sie",
  ],
  fr: [
    "le",
    "la",
    "les",
    "et",
    "merci",
    "commande",
    "nous",
    "pour",
    "avec",
    "vous",
    "cordialement",
    "bonjour",
    "des",
  ],
  es: [
    "el",
    "los",
    "las",
    "y",
    "gracias",
    "pedido",
    "por",
    "favor",
    "para",
    "con",
    "saludos",
    "nuestro",
    "usted",
  ],
};

/** A supported language from a code such as "de_DE", "fr-CH" or "es"; null otherwise. */
export function normaliseLanguage(code: string | null | undefined): Language | null {
  const c = (code ?? "").slice(0, 2).toLowerCase();
  return (languages as string[]).includes(c) ? (c as Language) : null;
}

/** The customer's language (en, de, fr, es) guessed from the words of their email; English when unsure. */
export function detectLanguage(text: string): Language {
  const tokens = text.toLowerCase().match(/[a-zäöüßéèêàâçñíóúù]+/g) ?? [];
  const counts = new Map<Language, number>(languages.map((l) => [l, 0]));
  const sets = Object.fromEntries(languages.map((l) => [l, new Set(words[l])])) as Record<
    Language,
    Set<string>
  >;
  for (const t of tokens.slice(0, 2000)) {
    for (const l of languages) if (sets[l].has(t)) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  let best: Language = "en";
  let bestCount = 0;
  for (const l of languages) {
    const n = counts.get(l) ?? 0;
    if (n > bestCount) {
      best = l;
      bestCount = n;
    }
  }
  return bestCount >= 2 ? best : "en";
}
