import { findDates } from "../text/parseDate.ts";

/** The "Date:" / "Sent:" / "Gesendet:" / "Envoyé :" / "Enviado el:" line of a forwarded header block. */
const SENT_LINE =
  /^[ \t]*>?[ \t]*(?:date|sent|gesendet|datum|envoy[ée](?:\s+le)?|date\s+d'envoi|enviado(?:\s+el)?|fecha)[ \t]*:[ \t]*(.+)$/im;
const FROM_LINE = /^[ \t]*>?[ \t]*(?:from|von|de|da|van)[ \t]*:/im;

/**
 * The day a forwarded mail was sent by its author, from the header block under the forward marker
 * ("Date: Thu, Nov 5, 2026 at 4:12 PM", "Gesendet: Montag, 9. November 2026 09:12"); null if none.
 */
export function forwardedHeaderDate(text: string, reference: Date): string | null {
  const from = FROM_LINE.exec(text);
  if (!from) return null;
  // the block is the few lines around the From: line
  const start = text.lastIndexOf("\n", Math.max(0, from.index - 200));
  const block = text.slice(Math.max(0, start), from.index + 400);
  const sent = SENT_LINE.exec(block);
  if (!sent) return null;
  return findDates(sent[1] ?? "", { order: "DMY", reference })[0]?.iso ?? null;
}
