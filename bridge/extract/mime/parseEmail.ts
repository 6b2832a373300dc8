import { Readable } from "node:stream";
import { type AddressObject, type HeaderValue, simpleParser } from "mailparser";

export interface EmailAddress {
  address: string;
  name: string;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** True for inline images referenced by the HTML body (logos, signatures). */
  inline: boolean;
}

/** An email reduced to what the order reader needs. */
export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: EmailAddress | null;
  replyTo: EmailAddress | null;
  /** Date header as a moment in time. */
  date: Date | null;
  /** The calendar day of the Date header in the sender's own time zone, YYYY-MM-DD. */
  localDate: string | null;
  /** Lower-case header name -> value as text. */
  headers: Map<string, string>;
  text: string;
  html: string | null;
  attachments: EmailAttachment[];
  /** The original sender when this mail forwards another one (header block or message/rfc822 part). */
  forwardedFrom: EmailAddress | null;
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): EmailAddress | null {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value?.[0];
  if (!v?.address) return null;
  return { address: v.address.toLowerCase(), name: v.name ?? "" };
}

function headerText(v: HeaderValue): string {
  if (v == null) return "";
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => headerText(x as HeaderValue)).join(", ");
  if (typeof v === "object" && "text" in v && typeof v.text === "string") return v.text;
  if (typeof v === "object" && "value" in v) {
    const val = (v as { value: unknown; params?: Record<string, string> }).value;
    const params = (v as { params?: Record<string, string> }).params ?? {};
    return [String(val), ...Object.entries(params).map(([k, p]) => `${k}=${p}`)].join("; ");
  }
  return String(v);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** The day as written in an RFC 5322 Date header ("Thu, 19 Nov 2026 14:33:47 -0500" -> 2026-11-19). */
export function localDateOfHeader(raw: string | undefined): string | null {
  if (!raw) return null;
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(raw);
  if (!m) return null;
  const mo = MONTHS.indexOf((m[2] ?? "").toLowerCase()) + 1;
  if (mo === 0) return null;
  return `${m[3]}-${String(mo).padStart(2, "0")}-${String(Number(m[1])).padStart(2, "0")}`;
}

const FORWARD_FROM =
  /^\s*>?\s*(?:From|Von|De|Da|Van)\s*:\s*(?:"?([^"<\n]*?)"?\s*)?<?([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?/im;
const FORWARD_MARKER =
  /(-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado)\s*-{2,}|^Begin forwarded message:)/im;

/** Finds the sender of a forwarded mail in its header block ("-----Original Message----- From: ..."). */
export function findForwardedSender(text: string): EmailAddress | null {
  const marker = FORWARD_MARKER.exec(text);
  const tail = marker ? text.slice(marker.index) : null;
  if (!tail) return null;
  const m = FORWARD_FROM.exec(tail);
  if (!m?.[2]) return null;
  return { address: m[2].toLowerCase(), name: (m[1] ?? "").trim() };
}

/** The raw message as a stream of small chunks: mailparser then never splits one huge buffer at once. */
function chunked(raw: Buffer): Readable {
  const size = 64 * 1024;
  return Readable.from(
    (function* () {
      for (let i = 0; i < raw.length; i += size) yield raw.subarray(i, i + size);
    })(),
  );
}

async function parseInto(raw: Buffer, depth: number): Promise<ParsedEmail> {
  const m = await simpleParser(chunked(raw), { skipImageLinks: true });
  const headers = new Map<string, string>();
  for (const [k, v] of m.headers) headers.set(k.toLowerCase(), headerText(v));
  // mailparser folds some headers (List-*) into structured values; keep every raw header as well
  for (const h of m.headerLines) {
    const key = h.key.toLowerCase();
    if (!headers.has(key)) headers.set(key, h.line.slice(h.line.indexOf(":") + 1).trim());
  }
  const rawDate = m.headerLines.find((h) => h.key.toLowerCase() === "date")?.line.replace(/^date:\s*/i, "");
  const refs = m.references ? (Array.isArray(m.references) ? m.references : [m.references]) : [];
  const email: ParsedEmail = {
    messageId: m.messageId ?? null,
    inReplyTo: m.inReplyTo ?? null,
    references: refs,
    subject: m.subject ?? "",
    from: firstAddress(m.from),
    replyTo: firstAddress(m.replyTo),
    date: m.date ?? null,
    localDate: localDateOfHeader(rawDate),
    headers,
    text: m.text ?? "",
    html: typeof m.html === "string" ? m.html : null,
    attachments: [],
    forwardedFrom: null,
  };
  for (const a of m.attachments) {
    const type = (a.contentType ?? "").toLowerCase();
    if (type === "message/rfc822" && depth < 3) {
      // a forwarded mail as an attachment: take its sender, text and attachments
      const inner = await parseInto(a.content, depth + 1);
      email.forwardedFrom ??= inner.from;
      email.text = `${email.text}\n\n-----Original Message-----\nFrom: ${inner.from?.name ?? ""} <${inner.from?.address ?? ""}>\nSubject: ${inner.subject}\n\n${inner.text}`;
      email.attachments.push(...inner.attachments);
      continue;
    }
    email.attachments.push({
      filename: a.filename ?? "attachment",
      contentType: type || "application/octet-stream",
      content: a.content,
      inline: a.contentDisposition === "inline" && Boolean(a.cid) && type.startsWith("image/"),
    });
  }
  email.forwardedFrom ??= findForwardedSender(email.text);
  return email;
}

/** What one message may hold, checked on the raw bytes before mailparser starts. */
export interface MessageBudget {
  /** Bytes of the top header block. */
  maxHeaderBytes: number;
  /** MIME parts (Content-Type header lines at any depth). */
  maxParts: number;
  /** multipart containers (a bound on the nesting depth). */
  maxMultiparts: number;
}

export const defaultMessageBudget: MessageBudget = {
  maxHeaderBytes: 256 * 1024,
  maxParts: 500,
  maxMultiparts: 50,
};

/**
 * A message over its budget: permanent (a retry reads the same bytes), with a reason a person can
 * read; the job records it and the message is failed, never retried (P14).
 */
export class MessageBudgetError extends Error {
  readonly permanent = true;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "MessageBudgetError";
  }
}

/** Checks the header size, the number of parts and of multipart containers on the raw bytes. */
export function checkMessageBudget(raw: Buffer, budget: MessageBudget = defaultMessageBudget): void {
  const crlf = raw.indexOf("\r\n\r\n");
  const lf = raw.indexOf("\n\n");
  const ends = [crlf, lf].filter((i) => i >= 0);
  const headerEnd = ends.length > 0 ? Math.min(...ends) : raw.length;
  if (headerEnd > budget.maxHeaderBytes) {
    throw new MessageBudgetError(
      "message.header_too_large",
      `The message's header is ${Math.round(headerEnd / 1024)} KB, over the limit of ${Math.round(budget.maxHeaderBytes / 1024)} KB; it was not read.`,
    );
  }
  let parts = 0;
  let multiparts = 0;
  const re = /^content-type:[ \t]*(\S*)/gim;
  const text = raw.toString("latin1");
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    parts++;
    if (/^multipart\//i.test(m[1] ?? "")) multiparts++;
    if (parts > budget.maxParts) {
      throw new MessageBudgetError(
        "message.too_many_parts",
        `The message has more than ${budget.maxParts} MIME parts; it was not read.`,
      );
    }
    if (multiparts > budget.maxMultiparts) {
      throw new MessageBudgetError(
        "message.too_deeply_nested",
        `The message nests more than ${budget.maxMultiparts} multipart containers; it was not read.`,
      );
    }
  }
}

/**
 * Parses a raw RFC 822 message (any charset; nested message/rfc822 parts are unfolded). Throws a
 * MessageBudgetError, before parsing, for a message over its budget (header size, parts, nesting).
 */
export function parseEmail(raw: Buffer, budget: MessageBudget = defaultMessageBudget): Promise<ParsedEmail> {
  try {
    checkMessageBudget(raw, budget);
  } catch (err) {
    return Promise.reject(err);
  }
  return parseInto(raw, 0);
}
