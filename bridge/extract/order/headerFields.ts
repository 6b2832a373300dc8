import { type DateContext, findDates } from "../text/parseDate.ts";
import { type DecimalSeparator, parseNumber } from "../text/parseNumber.ts";

/** Labels in front of the customer's PO number (en/de/fr/es). */
const PO_LABEL =
  /(?:purchase\s+order(?:\s+(?:no|number|nr))?|p\.?\s?o\.?(?=[\s:#.-])(?:\s*(?:no|number|nr|ref(?:erence)?)\b)?(?:\s+ref(?:erence)?\s+is)?|order\s+(?:no|number|nr|ref(?:erence)?)|your\s+order|bestell(?:ung)?(?:s)?[-\s]?(?:nummer|nr)|bestellung(?:\s+nr)?|auftragsnummer|auftrag(?:\s+nr)?|n[°º]\s*de\s+commande|bon\s+de\s+commande(?:\s+n[°º])?|commandes?(?:\s+n[°º])?|n[°º]\s*(?:de\s+)?pedido|pedidos?(?:\s+n\.?\s?[°ºo]\.?)?|n[úu]mero\s+de\s+pedido|(?:our|unsere?|notre|nuestr[ao])\s+(?:referenz|referencia|reference|r[ée]f[ée]rence|ref|r[ée]f)\b|order)/i;

const PO_VALUE = /([A-Z0-9](?:[A-Z0-9]|[-/_.](?=[A-Z0-9])){2,24})/i;

const PO_RE = new RegExp(
  `(?<![\\p{L}])${PO_LABEL.source}\\s*(?:[.:#]|n[°º](?:\\s*de)?|n\\.|no\\b\\.?|nr\\b\\.?|number|ref(?:erence)?)*\\s*[.:#]?\\s*(?:(?:for\\s+(?:this|it)|here|daf[üu]r|hierf[üu]r|hier|pour\\s+celle-ci|para\\s+este)\\s+)?(?:(?:is|ist|lautet|est|es)\\s+)?(?=[A-Z0-9/_.-]*\\d)${PO_VALUE.source}`,
  "giu",
);

/** Words that label other references (quotations, invoices, shipments) and must not be taken as a PO. */
const NOT_A_PO = /^(?:an|ab|re|inv|rg|lief|ls|cp)-/i;

/** Labels that name the customer's order number beyond doubt. */
const STRONG_PO_LABEL =
  /purchase\s+order|bestell[-\s]?(?:nummer|nr)|n[°º]\s*de\s+commande|n[úu]mero\s+de\s+pedido|(?:our|unsere?|notre|nuestr[ao])\s+ref/i;

/** The customer's PO number, from labelled text ("Bestellung Nr. 4500018872", "PO BOI-PO-7731"). */
export function findPoNumbers(text: string, options: { strongOnly?: boolean } = {}): string[] {
  const out: string[] = [];
  // a number that carries the PO prefix itself ("PO-118842") is the PO number as written
  for (const m of text.matchAll(
    /(?<![\p{L}\p{N}-])((?:[A-Z]{1,5}-)?P\.?O\.?-[A-Z0-9]*\d[A-Z0-9-]*)(?![\p{L}\p{N}])/giu,
  ))
    out.push(m[1] ?? "");
  const sameLine: string[] = [];
  const nextLine: string[] = [];
  for (const m of text.matchAll(PO_RE)) {
    const v = (m[1] ?? "").replace(/[.,;:]+$/, "");
    if (!/\d/.test(v) || v.length < 3) continue;
    if (/^\d{1,2}[./-]\d{1,2}([./-]\d{2,4})?$/.test(v)) continue; // a date
    if (/^(19|20)\d{2}$/.test(v)) continue; // a year
    // "AB-…" / "RE-…" are confirmation and invoice numbers unless the label says it is the order number
    if (NOT_A_PO.test(v) && !STRONG_PO_LABEL.test(m[0])) continue;
    if (options.strongOnly && !STRONG_PO_LABEL.test(m[0])) continue;
    if (m[0].includes("\n")) {
      // a value on the line below a label ("Bestellnummer:" / "4500018872") stands alone on its line; a
      // title over an address block ("PURCHASE ORDER" / "1250 Industrial Parkway") is no PO number
      const end = (m.index ?? 0) + m[0].length;
      const lineEnd = text.indexOf("\n", end);
      const after = text.slice(end, lineEnd < 0 ? undefined : lineEnd);
      if (!/^[\s.,;:)]*$/.test(after)) continue;
      nextLine.push(v);
    } else sameLine.push(v);
  }
  return [...out.filter(Boolean), ...sameLine, ...nextLine];
}

const DELIVERY_LABEL =
  /(liefer(termin|datum|ung|woche|zeit)?|anliefer|zustell|bis\s+(sp[äa]testens|zum)?|sp[äa]testens|delivery|deliver|required\s+by|need(ed)?\s+(it|them)?\s*by|ship\s+by|by|due|arrive|livraison|livrer|livr[ée]|date\s+de\s+livraison|souhait[ée]e?|entrega|entregar|plazo)\b[^\n]{0,30}$/i;
const ORDER_DATE_LABEL =
  /(bestelldatum|datum|date\s+de\s+(la\s+)?commande|order\s+date|po\s+date|date|fecha(\s+de(l)?\s+pedido)?|vom|du|del|dated|issued)\s*[:.]?\s*$/i;
const NOT_ORDER_DATE =
  /(g[üu]ltig|valid|validit|v[áa]lid|zahlbar|payment|paiement|pago|expir|response|r[ée]ponse|antwort|respuesta|angebot|offer|offre|rechnung|invoice)/i;

export interface FoundDates {
  orderDate: string | null;
  deliveryDate: string | null;
  ambiguous: boolean;
}

/** Order and delivery dates by their labels (the text before each date on its line, or the line before). */
export function findOrderDates(text: string, ctx: DateContext): FoundDates {
  let orderDate: string | null = null;
  let deliveryDate: string | null = null;
  let ambiguous = false;
  for (const d of findDates(text, ctx)) {
    const lineStart = text.lastIndexOf("\n", d.index - 1) + 1;
    let before = text.slice(lineStart, d.index);
    if (!before.trim()) {
      const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
      before = text.slice(prevStart, Math.max(prevStart, lineStart - 1));
    }
    let near = before.slice(-60);
    const lineEnd = text.indexOf("\n", d.index);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    if (line.includes("\t") && lineStart > 0) {
      // a header row above a value row: "REQUESTED BY<TAB>...<TAB>REQ. DELIVERY" / "...<TAB>12/15/2026"
      const col = text.slice(lineStart, d.index).split("\t").length - 1;
      const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
      const header = text.slice(prevStart, lineStart - 1).split("\t");
      const cells = line.split("\t");
      if (header.length === cells.length && header[col] && !/\d/.test(header[col] ?? ""))
        near = `${header[col]}:`;
    }
    if (NOT_ORDER_DATE.test(near)) continue;
    if (!deliveryDate && DELIVERY_LABEL.test(near)) {
      deliveryDate = d.iso;
      ambiguous ||= d.ambiguous;
    } else if (!orderDate && ORDER_DATE_LABEL.test(near.replace(/[\t ]+$/, " "))) {
      orderDate = d.iso;
      ambiguous ||= d.ambiguous;
    }
  }
  return { orderDate, deliveryDate, ambiguous };
}

/** Lines whose dates are not about the order: mail headers of a quoted message, signatures, validity. */
const NOT_ABOUT_THE_ORDER =
  /^\s*(?:>?\s*)(?:sent|gesendet|envoy[ée]|enviado|inviato|verzonden|date|datum|fecha|from|von|de|on\s.*wrote|am\s.*schrieb|le\s.*a\s+[ée]crit|el\s.*escribi[óo])\b/i;

/**
 * Dates a text states that are neither the order date nor the delivery date found, nor labelled as
 * something else (validity, payment, an earlier message's header): an unread date may be the delivery
 * date under a label we do not know ("Required:"), so the header fields are not beyond doubt.
 */
export function findUnassignedDates(
  text: string,
  ctx: DateContext,
  assigned: Array<string | null>,
): string[] {
  const known = new Set(assigned.filter((d): d is string => Boolean(d)));
  const out: string[] = [];
  for (const d of findDates(text, ctx)) {
    if (known.has(d.iso)) continue;
    // a full date only ("12.11.2026", "3 Dec 2026", "11/30/2026"): "1.04" is a price
    if (!/\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\p{L}{3,}/u.test(d.raw)) continue;
    const lineStart = text.lastIndexOf("\n", d.index - 1) + 1;
    const lineEnd = text.indexOf("\n", d.index);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    const before = text.slice(lineStart, d.index);
    if (NOT_ABOUT_THE_ORDER.test(line) || NOT_ORDER_DATE.test(before.slice(-60))) continue;
    out.push(d.raw);
  }
  return out;
}

/** Labels that announce a delivery date (not a delivery address), in the languages the readers support. */
const DELIVERY_DATE_LABEL =
  /(liefertermin|lieferdatum|wunschtermin|liefer(?:ung)?\s+(?:bis|am|zum)\b|delivery\s+(?:date|by|on)\b|deliver(?:ed)?\s+by\b|required\s+(?:by|date)\b|need(?:ed)?\s+by\b|ship\s+by\b|date\s+de\s+livraison|livr(?:aison|er|[ée]e?)\s+(?:le|avant|pour)\b|livraison\s+souhait[ée]e|fecha\s+de\s+entrega|entrega\s+(?:el|antes)\b|data\s+di\s+consegna|consegna\s+entro|leverdatum|leveren\s+(?:voor|op)\b)/i;

/** Whether a text announces a delivery date by its label (whether or not the date itself is readable). */
export function announcesDeliveryDate(text: string): boolean {
  return DELIVERY_DATE_LABEL.test(text);
}

const CURRENCY_SIGNS: Array<[RegExp, string]> = [
  [/\bEUR\b|€|\bEuro\b/g, "EUR"],
  [/\bGBP\b|£/g, "GBP"],
  [/\bUSD\b|US\$|(?<![A-Z])\$/g, "USD"],
  [/\bCHF\b|\bS?Fr\.(?=\s*\d)/g, "CHF"],
];

/** The currency most often named in a text by ISO code or symbol; null if none. */
export function findCurrency(text: string): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [re, code] of CURRENCY_SIGNS) {
    const n = [...text.matchAll(re)].length;
    if (n > bestCount) {
      best = code;
      bestCount = n;
    }
  }
  return best;
}

const NET_TOTAL_LABEL =
  /(total\s+net|net\s+total|nettobetrag|netto(summe|betrag)?|summe\s+netto|gesamt\s*netto|warenwert|zwischensumme|subtotal|sub-total|total\s+h\.?t\.?|montant\s+h\.?t\.?|total\s+hors\s+taxes|base\s+imponible|total\s+neto|importe\s+neto|total\s+excl|total\s+before\s+tax|order\s+total|merchandise\s+total)/i;
const GROSS_LABEL =
  /(brutto|gross|ttc|incl\.?\s*(vat|tax|mwst)|inkl|iva\s+incl|con\s+iva|mwst|ust|vat|tva|iva|tax|btw|shipping|fracht|versand|port|envío|frais)/i;

const BARE_TOTAL_LINE =
  /^\s*(?:total|totals|summe|gesamt|gesamtbetrag|gesamtsumme|gesamtwert|endbetrag|totaal|totale|importe(?:\s+total)?|montant(?:\s+total)?|total\s+amount|grand\s+total|order\s+value|bestellwert|auftragswert)\s*[:=]?\s*(?:EUR|USD|GBP|CHF|€|\$|£)?\s*(-?\d[\d.,'\u00a0\u202f]*)\s*(?:EUR|USD|GBP|CHF|€|\$|£)?\s*$/i;

/**
 * A total printed with a bare label ("Total: 354.00", "Summe 396,50", "Gesamt 1.234,00 EUR"), which
 * may be net or gross (the last such line); null if none. The label and the amount make the whole line.
 */
export function findStatedBareTotal(lines: string[], decimal?: DecimalSeparator): number | null {
  let found: number | null = null;
  for (const line of lines) {
    const m = BARE_TOTAL_LINE.exec(line.replace(/[*|]/g, " "));
    const n = m ? parseNumber((m[1] ?? "").trim(), decimal) : null;
    if (n !== null) found = n;
  }
  return found;
}

/** The untaxed total printed on a document (the last net-total line); null if none is stated. */
export function findStatedNetTotal(lines: string[], decimal?: DecimalSeparator): number | null {
  let found: number | null = null;
  for (const line of lines) {
    const m = NET_TOTAL_LABEL.exec(line);
    if (!m) continue;
    const rest = line.slice((m.index ?? 0) + m[0].length);
    if (GROSS_LABEL.test(line.slice(0, m.index)) || /^\s*(incl|inkl|ttc|brutto)/i.test(rest)) continue;
    const nums = [...rest.matchAll(/-?\d[\d.,'\u00a0\u202f ]*\d|\d/g)].map((x) =>
      parseNumber(x[0].trim(), decimal),
    );
    const last = nums.filter((n): n is number => n !== null).pop();
    if (last !== undefined) found = last;
  }
  return found;
}
