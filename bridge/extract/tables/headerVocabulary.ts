import type { ColumnRole } from "../types.ts";

/**
 * Header vocabulary of order tables (EN, DE, FR, ES, NL, IT).
 *
 * The document is written BY the customer TO us: "Ihre Art.-Nr." / "Your part no." / "Votre réf." is
 * therefore OUR article number (`code`), "Unsere Art.-Nr." / "Our item #" / "Notre réf." is the
 * customer's own number (`customer_sku`); "Vendor item #" / "Réf. fournisseur" is our code as well.
 */

/** Lower case, no accents, punctuation as spaces; "n°", "#", "nr." become the token "nr". */
export function normalizeLabel(label: string): string {
  return label
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/n\s*[°º]/g, " nr ")
    .replace(/#/g, " nr ")
    .replace(/\bno\b\.?/g, " nr ")
    .replace(/%/g, " pct ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const has = (s: string, re: RegExp): boolean => re.test(s);

const OURS =
  /\b(our|unsere?|unserer|notre|nos|nuestr[ao]s?|onze|ons|nostr[oa]|customer|client|cliente|kunden?|buyer|acheteur|comprador|mein|meine)\b|kunden/;
const YOURS =
  /\b(your|ihre?|ihrer|votre|vos|vuestr[ao]s?|su|sus|uw|vostr[oa]|vendor|supplier|lieferant|lieferanten|fournisseur|proveedor|leverancier|fornitore|seller)\b|lieferanten/;
const CODE =
  /\b(art|artikel ?nr|artikelnummer|artikelnr|artnr|article nr|article code|item nr|item code|item number|item id|part|part nr|part number|partnr|product code|product nr|produktcode|produkt nr|sku|ref|refs|reference|referencia|referencias|referentie|riferimento|code|codigo|cod|materialnummer|material nr|material|matnr|katalog ?nr|catalog nr|catalogue nr)\b|artikelnummer|artikelnr|materialnummer/;
/** "PO Number", "N° commande", "Bestell-Nr." in a table: the order number, not an article number. */
const ORDER_NUMBER =
  /\b(po|p o|order|purchase order|bestell|bestellung|bestellnr|auftrag|auftrags|commande|pedido|orden|bestelling|ordine|invoice|rechnung|facture|factura)\b.*\b(nr|number|nummer|numero|id|ref)\b|\b(nr|numero|number)\b.*\b(commande|pedido|order|bestellung|po|orden|ordine|facture|factura|invoice)\b|\b(bestellnummer|auftragsnummer)\b/;
const BARCODE =
  /\b(ean|ean13|ean 13|gtin|barcode|bar code|upc|strichcode|code barre|code barres|codigo de barras)\b/;
const DISCOUNT = /\b(rabatt|rab|discount|disc|remise|descuento|dto|korting|sconto)\b|rabatt/;
const TAX = /\b(mwst|ust|vat|tva|iva|tax|btw|steuer|mehrwertsteuer|ust satz)\b|steuer/;
const DELIVERY =
  /\b(liefertermin|lieferdatum|wunschtermin|delivery|delivery date|deliver by|need by|needed by|due date|required date|req date|ship date|livraison|date de livraison|delai|entrega|fecha de entrega|plazo|leverdatum|levering|consegna)\b|liefertermin|lieferdatum/;
const AMOUNT =
  /\b(gesamt|gesamtpreis|gesamtbetrag|betrag|amount|total|line total|totaal|montant|importe|summe|wert|positionswert|extended|ext price|ext|bedrag|totale|importo|subtotal|gp)\b|gesamt|betrag|summe/;
const NET = /\b(net|netto|neto|nett|nettopreis|prix net|precio neto)\b|nettopreis/;
const PRICE =
  /\b(preis|einzelpreis|stuckpreis|price|unit price|prix|pu|p u|precio|prijs|prezzo|rate|cost|unit cost|ep|e preis|tarif)\b|preis/;
const QUANTITY =
  /\b(menge|bestellmenge|qty|qte|quantity|quantities|quantite|cantidad|cant|ctd|anzahl|anz|stuck|stueck|stk|stck|nr off|aantal|quantita|qta|pcs|pieces|units ordered|ordered)\b|menge/;
const UNIT =
  /\b(einheit|me|unit|units|uom|um|u m|unite|unidad|ud|uds|eenheid|unita|mengeneinheit|vpe|ve|pack|packaging unit)\b|einheit/;
const POSITION = /^(pos|position|posicion|line|ln|lfd nr|lfd|nr|zeile|linea|ligne|item|regel|riga|l)$/;
const DESCRIPTION =
  /\b(beschreibung|bezeichnung|artikelbezeichnung|description|desc|designation|descripcion|denominacion|artikel|article|articulo|produkt|product|producto|produit|omschrijving|descrizione|libelle|text|leistung|concepto|item description|naam|name|nombre|nom)\b|bezeichnung|beschreibung/;

/** The role of one header label, or null when the label is not order vocabulary. */
export function classifyHeader(label: string): ColumnRole | null {
  const s = normalizeLabel(label);
  if (!s || s.length > 40) return null;
  if (/^\d+([ .,]\d+)*$/.test(s)) return null;
  if (has(s, BARCODE)) return "barcode";
  if (has(s, DISCOUNT) && !has(s, AMOUNT)) return "discount";
  if (has(s, DELIVERY) && !has(s, PRICE) && !has(s, AMOUNT)) return "delivery_date";
  if (has(s, TAX) && !has(s, PRICE) && !has(s, AMOUNT)) return "tax";
  if (/\bmengeneinheit\b/.test(s)) return "unit";
  if (has(s, AMOUNT) && !/\bunit\b|\beinzel/.test(s)) return "amount";
  if (has(s, NET) && (has(s, PRICE) || /^(net|netto|neto)( pct)?$/.test(s))) return "net_price";
  if (has(s, PRICE)) return "unit_price";
  if (has(s, QUANTITY)) return "quantity";
  if (has(s, UNIT)) return "unit";
  if (POSITION.test(s)) return "position";
  if (ORDER_NUMBER.test(s)) return "other";
  if (has(s, CODE) || /\bnr\b/.test(s) || (/\bitem\b/.test(s) && (has(s, OURS) || has(s, YOURS)))) {
    if (has(s, OURS)) return "customer_sku";
    if (has(s, YOURS)) return "code";
    if (/\b(hersteller|manufacturer|mfr|mpn|fabricant|fabricante)\b/.test(s)) return "other";
    if (has(s, DESCRIPTION) && !/\b(nr|code|codigo|ref|reference|referencia|sku|part)\b|nummer/.test(s)) {
      return "description";
    }
    return "code";
  }
  if (has(s, DESCRIPTION)) return "description";
  return null;
}

export interface HeaderMatch {
  roles: ColumnRole[];
  /** Number of cells with a recognised role. */
  recognised: number;
  score: number;
}

/**
 * Decides whether a row of labels is the header of an order table: it needs a quantity column and a
 * description or code column, and most of its labels must be order vocabulary.
 */
export function matchHeaderRow(labels: string[]): HeaderMatch | null {
  const nonEmpty = labels.filter((l) => l.trim() !== "");
  if (nonEmpty.length < 2) return null;
  const roles = labels.map((l) => (l.trim() === "" ? "other" : (classifyHeader(l) ?? "other")));
  const recognised = labels.filter((l) => l.trim() !== "" && classifyHeader(l) !== null).length;
  const set = new Set(roles);
  if (!set.has("quantity")) return null;
  const ident = set.has("description") || set.has("code") || set.has("customer_sku") || set.has("barcode");
  if (!ident) return null;
  if (recognised < 2 || recognised / nonEmpty.length < 0.6) return null;
  // Labels of a header are short; a sentence is not a header.
  if (nonEmpty.some((l) => l.length > 45)) return null;
  // Two quantity columns with a price column is fine; many numbers as labels is a data row.
  if (nonEmpty.filter((l) => /^[\d\s.,'%-]+$/.test(l.trim())).length > 0) return null;
  const score =
    set.size +
    recognised / nonEmpty.length +
    (set.has("unit_price") || set.has("amount") || set.has("net_price") ? 1 : 0);
  return { roles: dedupeRoles(roles), recognised, score };
}

/** A second column with the same identifying role becomes "other" (the first one wins). */
function dedupeRoles(roles: ColumnRole[]): ColumnRole[] {
  const seen = new Set<ColumnRole>();
  return roles.map((r) => {
    if (r === "other") return r;
    if (seen.has(r)) return r === "code" ? "other" : r === "description" ? "other" : r;
    seen.add(r);
    return r;
  });
}

const CARRY =
  /^(ubertrag|uebertrag|zwischensumme|zwischentotal|seitensumme|summe seite|suma y sigue|suma anterior|suma y sigue|suma parcial|report|a reporter|reporte|reporter|subtotal page|subtotal pagina|sous total page|total page|carried forward|brought forward|carry forward|carried over|c f|b f|van transport|riporto|a riportare)\b/;
const CARRY_ANY =
  /\b(ubertrag|uebertrag|suma y sigue|suma anterior|a reporter|carried forward|brought forward|carry forward|subtotal pagina|subtotal page|sous total page|seitensumme|summe seite|total page|page subtotal)\b/;

/** Page subtotal and carry lines of tables that span pages ("Übertrag", "Suma y sigue", ...). */
export function isCarryLine(text: string): boolean {
  const s = normalizeLabel(text);
  return CARRY.test(s) || CARRY_ANY.test(s);
}

const TOTALS =
  /\b(total|totals|subtotal|sub total|summe|gesamt|gesamtbetrag|gesamtsumme|nettobetrag|netto|zwischensumme|endbetrag|rechnungsbetrag|mwst|ust|vat|tva|iva|btw|tax|sales tax|shipping|freight|fracht|versand|porto|frais de port|envio|portes|base imponible|importe total|montant|net total|total ht|total ttc|grand total|amount due|balance|skonto|totaal|totale|imponibile)\b|summe|betrag/;

/** A line of the totals block under a table ("Nettobetrag", "Total HT", "IVA 21 %", ...). */
export function isTotalsLine(text: string): boolean {
  return TOTALS.test(normalizeLabel(text));
}
