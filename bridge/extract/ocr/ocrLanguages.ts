import { OCR_LANGUAGES, type OcrLanguage } from "./tessdataDir.ts";

const BY_LANGUAGE: Record<string, OcrLanguage> = {
  en: "eng",
  eng: "eng",
  de: "deu",
  deu: "deu",
  ger: "deu",
  fr: "fra",
  fra: "fra",
  fre: "fra",
  es: "spa",
  spa: "spa",
};

const BY_COUNTRY: Record<string, OcrLanguage> = {
  DE: "deu",
  AT: "deu",
  CH: "deu",
  LI: "deu",
  FR: "fra",
  BE: "fra",
  LU: "fra",
  MC: "fra",
  ES: "spa",
  MX: "spa",
  AR: "spa",
  CL: "spa",
  CO: "spa",
  PE: "spa",
};

function fromCode(code: string | null | undefined): OcrLanguage | null {
  if (!code) return null;
  const key = code.toLowerCase().split(/[-_]/)[0] ?? "";
  return BY_LANGUAGE[key] ?? null;
}

/**
 * The OCR languages for a document, most likely first: the mailbox's languages when set, else the
 * sender's language, else the language of the sender's country; English always comes last as the
 * fallback (order documents mix in English words, codes and units).
 */
export function ocrLanguages(hints: {
  mailboxLanguages?: string[] | null;
  partnerLanguage?: string | null;
  partnerCountry?: string | null;
}): OcrLanguage[] {
  const out: OcrLanguage[] = [];
  const add = (l: OcrLanguage | null) => {
    if (l && OCR_LANGUAGES.includes(l) && !out.includes(l)) out.push(l);
  };
  for (const m of hints.mailboxLanguages ?? []) add(fromCode(m));
  if (out.length === 0) add(fromCode(hints.partnerLanguage));
  if (out.length === 0) add(BY_COUNTRY[(hints.partnerCountry ?? "").toUpperCase()] ?? null);
  add("eng");
  return out;
}
