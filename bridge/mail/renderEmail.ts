import type { Language } from "./detectLanguage.ts";

export interface AcknowledgementData {
  /** The customer's order number(s), if read. */
  poNumbers?: string[];
  /** Our draft's name(s) in Odoo (e.g. S00042), once written. */
  orderNames?: string[];
  /** The signature: the mailbox's name or the company. */
  signature?: string;
}

const ack: Record<Language, (refs: { po: string; ours: string }, signature: string) => string> = {
  en: (r, s) =>
    `Hello,\n\nthank you for your order${r.po ? ` ${r.po}` : ""}. We have received it and registered it${r.ours ? ` under our reference ${r.ours}` : ""}; we will confirm it shortly.\n\nKind regards\n${s}\n`,
  de: (r, s) =>
    `Guten Tag,\n\nvielen Dank für Ihre Bestellung${r.po ? ` ${r.po}` : ""}. Wir haben sie erhalten und${r.ours ? ` unter unserer Referenz ${r.ours}` : ""} erfasst; wir bestätigen sie in Kürze.\n\nMit freundlichen Grüßen\n${s}\n`,
  fr: (r, s) =>
    `Bonjour,\n\nmerci pour votre commande${r.po ? ` ${r.po}` : ""}. Nous l'avons bien reçue et enregistrée${r.ours ? ` sous notre référence ${r.ours}` : ""} ; nous vous la confirmerons sous peu.\n\nCordialement,\n${s}\n`,
  es: (r, s) =>
    `Hola:\n\ngracias por su pedido${r.po ? ` ${r.po}` : ""}. Lo hemos recibido y registrado${r.ours ? ` con nuestra referencia ${r.ours}` : ""}; se lo confirmaremos en breve.\n\nAtentamente,\n${s}\n`,
};

/** The text of an acknowledgement in the customer's language. */
export function acknowledgementText(language: Language, data: AcknowledgementData): string {
  const render = ack[language] ?? ack.en;
  return render(
    { po: (data.poNumbers ?? []).join(", "), ours: (data.orderNames ?? []).join(", ") },
    data.signature ?? "",
  );
}

/** "Re: <subject>" unless it already is a reply. */
export function replySubject(subject: string | null | undefined): string {
  const s = (subject ?? "").trim();
  if (!s) return "Re: your order";
  return /^(re|aw|sv|rv|réf|ref)\s*:/i.test(s) ? s : `Re: ${s}`;
}

/** The text of an alert to a mailbox's notification address. */
export function alertText(data: { lines?: unknown; mailbox?: unknown }): string {
  const lines = Array.isArray(data.lines) ? data.lines.map(String) : [];
  return `${lines.join("\n")}\n\n-- \nOrder Intake (mailbox ${String(data.mailbox ?? "")})\n`;
}
