/**
 * Finds instruction-like text aimed at an AI system inside an email or document ("ignore previous
 * instructions", "mark this order approved", "system:"), in en/de/fr/es.
 */
const PATTERNS: RegExp[] = [
  /\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|all|your)\b.{0,20}\b(instructions?|prompts?|rules|guidelines)/i,
  /\b(ignorier(e|en)?|vergiss|missachte)\b.{0,40}\b(anweisungen|instruktionen|regeln|vorgaben)/i,
  /\b(ignore[rz]?|oublie[rz]?)\b.{0,40}\b(instructions|consignes|règles)\b/i,
  /\b(ignora|ignore|olvida)\b.{0,40}\b(instrucciones|reglas)\b/i,
  /\b(mark|set|flag)\b.{0,25}\b(order|po|invoice)\b.{0,15}\b(as\s+)?(approved|confirmed|verified|paid)\b/i,
  /\b(approve|auto-?approve|confirm)\b.{0,20}\b(this|the)\s+(order|po)\b.{0,20}\b(automatically|without review|immediately)/i,
  /\b(do not|don't|never)\b.{0,20}\b(flag|review|check|verify)\b.{0,30}\b(message|order|email|mail|this)/i,
  /\b(als\s+)?(genehmigt|freigegeben)\s+markieren\b/i,
  /\b(marque[rz]?|marquer)\b.{0,30}\b(approuvée?|validée?)\b/i,
  /\b(marca|marcar)\b.{0,30}\b(aprobad[oa])\b/i,
  /^\s*(system|assistant)\s*:/im,
  /<\|?(im_start|im_end|system)\|?>/i,
  /\b(note|message|instruction)s?\s+(to|for)\s+(the\s+)?(automated|ai|llm|bot|assistant|order system|language model)/i,
  /\byou are (an?|the) (ai|assistant|language model|chatbot)\b/i,
  /\b(new|updated) instructions?\s*:/i,
];

export interface InjectionHit {
  pattern: string;
  /** A short excerpt (at most 80 characters) for the reason shown to a person. */
  excerpt: string;
}

export function detectInjection(text: string): InjectionHit | null {
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m) {
      const start = Math.max(0, (m.index ?? 0) - 10);
      return {
        pattern: re.source.slice(0, 40),
        excerpt: text
          .slice(start, start + 80)
          .replace(/\s+/g, " ")
          .trim(),
      };
    }
  }
  return null;
}
