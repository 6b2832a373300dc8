import type { ParsedEmail } from "../mime/parseEmail.ts";
import type { OrderKind } from "../types.ts";

export type NonOrderReason =
  | "auto_reply"
  | "newsletter"
  | "shipping_notice"
  | "spam"
  | "rfq"
  | "vendor_bill"
  | "purchase_confirmation";

export interface Classification {
  kind: OrderKind;
  /** Why the mail is not a sales order, if it is not. */
  nonOrder: NonOrderReason | null;
  /** Short explanation for the reasons list. */
  evidence: string;
}

const AUTO_REPLY_SUBJECT =
  /^(auto(matic)?\s*(reply|response)|automatische\s+antwort|abwesenheit|out\s+of\s+(the\s+)?office|r[ée]ponse\s+automatique|absence|respuesta\s+autom[áa]tica|fuera\s+de\s+la\s+oficina)/i;
const CARRIER =
  /(sendungsnummer|sendungsverfolgung|ihre\s+sendung|tracking\s+(number|no)|track\s+your\s+(parcel|shipment)|your\s+(parcel|shipment|package)\s+(is|has)|suivi\s+de\s+(votre\s+)?colis|votre\s+colis|n[úu]mero\s+de\s+seguimiento|su\s+env[íi]o)/i;
const CREDENTIAL_LURE =
  /(verify\s+your\s+(account|password)|confirm\s+(your\s+)?(payment|login|account)\s+details|log\s*in\s+to\s+avoid|suspension|within\s+24\s+hours|account\s+(will\s+be\s+)?(suspended|locked)|review\s+and\s+confirm\s+the\s+payment|click\s+(here|below)\s+to)/i;
const RFQ =
  /(please\s+(send\s+us\s+a\s+)?quot(e|ation)|request\s+for\s+(a\s+)?(quotation|quote|proposal)|could\s+you\s+(please\s+)?(send|give|provide)\s+(us\s+)?(a\s+)?(quote|quotation|price|offer)|send\s+us\s+your\s+(best\s+)?(price|offer)|bitte\s+(um\s+)?(ein\s+)?(angebot|preisangebot)|(erstellen|senden|schicken|unterbreiten)\s+sie\s+uns\s+(bitte\s+)?(ein\s+)?angebot|angebotsanfrage|preisanfrage|demande\s+de\s+(prix|devis|cotation)|faire\s+(une|un)\s+(offre|devis)|nous\s+(faire\s+parvenir|envoyer)\s+(une\s+offre|un\s+devis)|solicitud\s+de\s+(presupuesto|cotizaci[óo]n|oferta)|(env[íi]en(nos)?|enviar(nos)?|p[áa]senos)\s+(un\s+)?(presupuesto|cotizaci[óo]n|oferta)|pedimos\s+(un\s+)?presupuesto)/i;
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
  if (RFQ.test(own) && !/hiermit\s+bestellen|we\s+hereby\s+order|nous\s+commandons/i.test(own)) {
    return { kind: "not_an_order", nonOrder: "rfq", evidence: "request for quotation" };
  }
  const threaded = Boolean(
    email.inReplyTo || email.references.length > 0 || /^\s*(re|aw|sv|rv|r)\s*:/i.test(subject),
  );
  if (threaded && AMEND.test(own))
    return { kind: "amendment", nonOrder: null, evidence: "reply that changes an order" };
  return { kind: "sales_order", nonOrder: null, evidence: "" };
}

/** True if a text announces changes to an order (used with a PO number already seen). */
export function mentionsChange(text: string): boolean {
  return AMEND.test(text);
}
