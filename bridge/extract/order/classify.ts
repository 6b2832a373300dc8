import type { ParsedEmail } from "../mime/parseEmail.ts";
import type { OrderKind } from "../types.ts";

export type NonOrderReason =
  | "auto_reply"
  | "newsletter"
  | "shipping_notice"
  | "spam"
  | "rfq"
  | "status_inquiry"
  | "forecast"
  | "vendor_bill"
  | "purchase_confirmation";

export interface Classification {
  kind: OrderKind;
  /** Why the mail is not a sales order, if it is not. */
  nonOrder: NonOrderReason | null;
  /** Short explanation for the reasons list. */
  evidence: string;
  /**
   * A sales order whose own words say it may not be a new order (it changes, replaces or cancels one,
   * chases one, disputes an invoice, or overrides its attachment): why, in words; a person decides.
   */
  doubt?: string;
}

const AUTO_REPLY_SUBJECT =
  /^(auto(matic)?\s*(reply|response)|automatische\s+antwort|abwesenheit|out\s+of\s+(the\s+)?office|r[ée]ponse\s+automatique|absence|respuesta\s+autom[áa]tica|fuera\s+de\s+la\s+oficina)/i;
const CARRIER =
  /(sendungsnummer|sendungsverfolgung|ihre\s+sendung|tracking\s+(number|no)|track\s+your\s+(parcel|shipment)|your\s+(parcel|shipment|package)\s+(is|has)|suivi\s+de\s+(votre\s+)?colis|votre\s+colis|n[úu]mero\s+de\s+seguimiento|su\s+env[íi]o)/i;
const CREDENTIAL_LURE =
  /(verify\s+your\s+(account|password)|confirm\s+(your\s+)?(payment|login|account)\s+details|log\s*in\s+to\s+avoid|suspension|within\s+24\s+hours|account\s+(will\s+be\s+)?(suspended|locked)|review\s+and\s+confirm\s+the\s+payment|click\s+(here|below)\s+to)/i;
const RFQ =
  /(please\s+(send\s+us\s+a\s+)?quot(e|ation)|request\s+for\s+(a\s+)?(quotation|quote|proposal)|could\s+you\s+(please\s+)?(send|give|provide)\s+(us\s+)?(a\s+)?(quote|quotation|price|offer)|send\s+us\s+your\s+(best\s+)?(price|offer)|bitte\s+(um\s+)?(ein\s+)?(angebot|preisangebot)|(erstellen|senden|schicken|unterbreiten)\s+sie\s+uns\s+(bitte\s+)?(ein\s+)?angebot|angebotsanfrage|preisanfrage|demande\s+de\s+(prix|devis|cotation)|faire\s+(une|un)\s+(offre|devis)|nous\s+(faire\s+parvenir|envoyer)\s+(une\s+offre|un\s+devis)|solicitud\s+de\s+(presupuesto|cotizaci[óo]n|oferta)|(env[íi]en(nos)?|enviar(nos)?|p[áa]senos)\s+(un\s+)?(presupuesto|cotizaci[óo]n|oferta)|pedimos\s+(un\s+)?presupuesto)/i;
/** Requests for quotation beyond the first list: Italian, Dutch, and more ways to ask for a price (en/de/fr/es). */
const RFQ_MORE =
  /(richiesta\s+di\s+(offerta|preventivo|quotazione)|(inviarci|mandarci|fornirci|farci\s+avere)\s+.{0,40}(offerta|preventivo|quotazione)|vostr[ao]\s+(migliore\s+)?(offerta|preventivo|quotazione)|offerteaanvraag|prijsaanvraag|prijsopgave|(kunt|kunnen|zou)\s+u\s+.{0,40}offerte|een\s+offerte\s+(sturen|toesturen|maken|uitbrengen)|consulta\s+de\s+precios?|(ind[ií]car(nos)?|indiquen(nos)?)\s+.{0,20}precios?|cotizar(nos)?|a\s+la\s+espera\s+de\s+su\s+(cotizaci[óo]n|oferta|presupuesto)|quote\s+us|price\s+and\s+(availability|lead\s+time)|(what|which)\s+(would\s+be\s+)?your\s+(best\s+)?price|preis\s+und\s+lieferzeit|angebot\s+f[üu]r\s+(folgende|die\s+folgenden)|nous\s+(communiquer|indiquer)\s+vos\s+(prix|tarifs)|(faire|[ée]tablir)\s+un\s+devis)/i;
/** Asking where an earlier order is, in the languages the readers support. */
const STATUS_INQUIRY =
  /((update|news)\s+on\s+(the\s+status\s+of\s+)?(our|my|the)\s+(purchase\s+)?(order|po)|status\s+of\s+(our|my|the)\s+(purchase\s+)?(order|po)|where\s+is\s+(our|my)\s+(order|delivery|shipment)|when\s+can\s+we\s+expect\s+(the\s+)?(delivery|our\s+order|it|them)|(status|stand|sachstand)\s+(unserer|der|meiner)\s+bestellung|lieferstatus|wann\s+(k[öo]nnen\s+wir|kommt|wird)\s+.{0,40}(lieferung|geliefert|rechnen)|o[uù]\s+en\s+est\s+(notre|ma|la)\s+commande|[ée]tat\s+(de\s+)?(notre|la|ma)\s+commande|estado\s+de(l)?\s+(nuestro\s+|mi\s+)?pedido|cu[áa]ndo\s+(recibiremos|llegar[áa])|stato\s+del(l'|\s+)?\s*(nostro\s+)?ordine|a\s+che\s+punto\s+[èe]\s+(il\s+nostro\s+)?ordine|status\s+van\s+(onze|de|mijn)\s+(bestelling|order)|wanneer\s+kunnen\s+(we|wij)\s+.{0,30}verwachten)/i;
/** German ways to ask for an offer beyond the first list ("wir bitten um Ihr Angebot"). */
const RFQ_DE =
  /((bitten|bitte)\s+(sie\s+)?(um\s+)?(ihr(e|en)?|ein(e|en)?)\s+(bestes\s+|g[üu]nstigstes\s+)?(angebot|preisangebot|offerte)|ihr(e|em)?\s+angebot\s+(f[üu]r|zu|[üu]ber)|um\s+ein\s+angebot|angebot\s+(anfordern|einholen))/i;

/** Words of a mail that is not a new order though it lists items, each with what it means. */
const NOT_NEW: Array<[RegExp, string]> = [
  [
    /(annule\s+et\s+rempla|remplace\s+(notre|la)\s+commande|replaces?\s+(our|the)\s+(previous|earlier|last)\s+(order|po)|ersetzt\s+(unsere|die)\s+(vorherige\s+|letzte\s+)?bestellung|sustituye\s+(al|el|nuestro)\s+pedido|sostituisce\s+(il\s+nostro\s+|l')?ordine|vervangt\s+(onze|de)\s+bestelling)/i,
    "it replaces an earlier order",
  ],
  [
    /((change|modify|amend|correct|update)\s+(to\s+)?(our|the|my)\s+(purchase\s+)?(order|po)\b|(ä|ae)nder(n|ung)\s+(sie\s+)?(bitte\s+)?(unsere|die|der)\s+bestellung|bestellung\s+.{0,30}(ä|ae)ndern|modifi(er|ez|cation\s+de)\s+(notre|la)\s+commande|modifi(quen|car|caci[óo]n\s+de)\s+(nuestro|el|del)\s+pedido|modificare\s+(il\s+nostro\s+|l')?ordine|wijzig(en|ing)\s+(van\s+)?(onze|de)\s+bestelling)/i,
    "it asks to change an order",
  ],
  [
    /(cancel\s+(our|the|my)\s+(purchase\s+)?(order|po)|stornier(en|ung)|annul(er|ez|ation\s+de)\s+(notre|la)\s+commande|anul(ar|en|aci[óo]n\s+de)\s+(nuestro|el|del)\s+pedido|annullare\s+(il\s+nostro\s+|l')?ordine|annuleren\s+(van\s+)?(onze|de)\s+bestelling)/i,
    "it cancels an order",
  ],
  [
    /(\b(reminder|chasing|chaser)\b|follow(ing)?[-\s]up\s+on\s+(our|the)\s+(purchase\s+)?(order|po)|\berinnerung\b|nachfassen|\brelance\b|\brappel\b|\brecordatorio\b|\bsollecito\b|\bherinnering\b|do\s+not\s+ship\s+(it\s+)?twice|not\s+a\s+new\s+order|keine\s+neue\s+bestellung|nicht\s+(doppelt|zweimal)\s+liefern|pas\s+une\s+nouvelle\s+commande|no\s+es\s+un\s+(nuevo\s+)?pedido\s+nuevo)/i,
    "it chases or restates an earlier order",
  ],
  [
    /(\b(complaint|reklamation|beschwerde|r[ée]clamation|reclamaci[óo]n|reclamo)\b|(charged|invoiced|billed)\s+(us\s+)?twice|(doppelt|zweimal)\s+(berechnet|in\s+rechnung)|factur[ée]s?\s+deux\s+fois|facturado\s+dos\s+veces|(wrong|incorrect)\s+invoice|invoice\s+(query|dispute|discrepancy))/i,
    "it is about an invoice or a complaint",
  ],
  [
    /(instead\s+of\s+(the\s+)?\d|(an)?statt\s+(der\s+|den\s+)?\d|anstelle\s+(von\s+|der\s+)?\d|au\s+lieu\s+(de\s+|des\s+)?\d|en\s+lugar\s+de\s+(los\s+|las\s+)?\d|invece\s+di\s+\d|in\s+plaats\s+van\s+\d)/i,
    "its text changes a quantity the order states",
  ],
];

/** A forecast or planning figure, not an order. */
const FORECAST =
  /(\bforecast\b|non-?binding|for\s+your\s+(capacity\s+)?planning|bedarfsvorschau|bedarfsplanung|\bprognose\b|unverbindlich|planzahlen|zu\s+ihrer\s+planung|pr[ée]visions?\b|non\s+contractuel|previsi[óo]n(es)?\b|pron[óo]stico|no\s+vinculante|previsione|non\s+vincolante|fabbisogno\s+previsto|voorspelling|niet[-\s]bindend|verwachte\s+behoefte)/i;
/** Words that place an order beyond doubt: they outweigh a price question or a planning word. */
const FIRM_ORDER =
  /(hiermit\s+bestellen|we\s+hereby\s+order|nous\s+commandons|please\s+accept\s+(this|our)\s+(e-?mail\s+as\s+our\s+)?(official\s+)?order|bestellen\s+wir\s+verbindlich|firm\s+order|pedido\s+en\s+firme|ordine\s+fermo|wij\s+bestellen)/i;

const ORDERING =
  /(hereby\s+order|we\s+(would\s+like\s+to\s+)?order|please\s+(accept|book|supply|ship|send|deliver)|purchase\s+order|hiermit\s+bestellen|bestellen\s+wir|wir\s+bestellen|bitte\s+liefern|unsere\s+bestellung|nous\s+commandons|notre\s+commande|bon\s+de\s+commande|veuillez\s+livrer|nuestro\s+pedido|les\s+pedimos|pedido\s+n)/i;
const INVOICE = /\b(rechnung|invoice|facture|factura|gutschrift|credit\s+note)\b/i;
const CONFIRMATION =
  /(auftragsbest[äa]tigung|order\s+confirmation|confirm(ing)?\s+your\s+(purchase\s+)?order|confirmation\s+de\s+commande|accus[ée]\s+de\s+r[ée]ception|confirmaci[óo]n\s+de(l)?\s+pedido|les\s+confirmamos|we\s+confirm)/i;
const AMEND =
  /\b(change|changes|amend(ment|ed)?|modif(y|ication|ier|ié|icación|icar)|update[ds]?|correct(ion)?|cancel(l?ed|lation)?|increase|reduce|instead\s+of|änder(n|ung)|geändert|abänderung|korrektur|storn(o|ieren|ierung)|statt|anstelle|annul(er|ation)|changer|au\s+lieu\s+de|cambi(o|ar)|anula(r|ción)|en\s+lugar\s+de)\b/i;

function authFailed(email: ParsedEmail): boolean {
  const auth = email.headers.get("authentication-results") ?? "";
  return /\b(spf|dmarc)=(fail|softfail)\b/i.test(auth);
}

function domainOf(address: string | undefined | null): string {
  return (address ?? "").split("@")[1]?.toLowerCase() ?? "";
}

export interface ClassifyInput {
  email: ParsedEmail;
  /** The mail's own text without quoted or forwarded parts. */
  ownText: string;
  /** All readable text (body and documents). */
  allText: string;
  isVendor: boolean;
  /** Whether order lines were found anywhere. */
  hasLines: boolean;
}

/** Decides what kind of mail this is, by headers first and wording second. */
export function classify(input: ClassifyInput): Classification {
  const { email, ownText } = input;
  const h = (k: string) => (email.headers.get(k) ?? "").toLowerCase();
  const subject = email.subject;
  const autoSubmitted = h("auto-submitted");
  const precedence = h("precedence");
  const own = `${subject}\n${ownText}`;

  // spam / phishing: failed sender authentication together with a second signal
  let spamSignals = 0;
  if (authFailed(email)) spamSignals += 2;
  if (email.replyTo && domainOf(email.replyTo.address) !== domainOf(email.from?.address)) spamSignals += 1;
  if (CREDENTIAL_LURE.test(own)) spamSignals += 1;
  if (/https?:\/\/\S+/.test(own) && CREDENTIAL_LURE.test(own)) spamSignals += 1;
  if (spamSignals >= 3)
    return { kind: "not_an_order", nonOrder: "spam", evidence: "failed SPF/DMARC with a phishing pattern" };

  if (
    (autoSubmitted && autoSubmitted !== "no") ||
    h("x-autoreply") ||
    h("x-autorespond") ||
    /auto[_-]?reply/.test(precedence) ||
    AUTO_REPLY_SUBJECT.test(subject)
  ) {
    if (CARRIER.test(own))
      return {
        kind: "not_an_order",
        nonOrder: "shipping_notice",
        evidence: "automatic carrier notification",
      };
    return {
      kind: "not_an_order",
      nonOrder: "auto_reply",
      evidence: "automatic reply (Auto-Submitted / X-Autoreply)",
    };
  }
  if (h("list-unsubscribe") || h("list-id") || /^(bulk|list|junk)$/.test(precedence)) {
    return { kind: "not_an_order", nonOrder: "newsletter", evidence: "mailing list / bulk mail" };
  }
  if (CARRIER.test(own) && !ORDERING.test(own)) {
    return { kind: "not_an_order", nonOrder: "shipping_notice", evidence: "carrier shipping notification" };
  }
  if (input.isVendor) {
    const invoice = INVOICE.test(subject) || INVOICE.test(ownText);
    const confirmation = CONFIRMATION.test(subject) || CONFIRMATION.test(ownText);
    if (invoice && !CONFIRMATION.test(subject))
      return { kind: "vendor_bill", nonOrder: "vendor_bill", evidence: "invoice from a supplier" };
    if (confirmation || !invoice) {
      return {
        kind: "purchase_confirmation",
        nonOrder: "purchase_confirmation",
        evidence: "order confirmation from a supplier",
      };
    }
  }
  if ((RFQ.test(own) || RFQ_MORE.test(own) || RFQ_DE.test(own)) && !FIRM_ORDER.test(own)) {
    return { kind: "not_an_order", nonOrder: "rfq", evidence: "request for quotation" };
  }
  if (STATUS_INQUIRY.test(own) && !FIRM_ORDER.test(own)) {
    return {
      kind: "not_an_order",
      nonOrder: "status_inquiry",
      evidence: "inquiry about the status of an order",
    };
  }
  if (FORECAST.test(own) && !FIRM_ORDER.test(own)) {
    return {
      kind: "not_an_order",
      nonOrder: "forecast",
      evidence: "forecast or planning figures, not an order",
    };
  }
  const threaded = Boolean(
    email.inReplyTo || email.references.length > 0 || /^\s*(re|aw|sv|rv|r)\s*:/i.test(subject),
  );
  if (threaded && AMEND.test(own))
    return { kind: "amendment", nonOrder: null, evidence: "reply that changes an order" };
  const doubt = NOT_NEW.find(([re]) => re.test(own))?.[1];
  return { kind: "sales_order", nonOrder: null, evidence: "", ...(doubt ? { doubt } : {}) };
}

/** True if a text announces changes to an order (used with a PO number already seen). */
export function mentionsChange(text: string): boolean {
  return AMEND.test(text);
}
