import { colours, formatEmailSummary, type LogEntry, noColours, type Paint } from "./formatEmailSummary.ts";

/** Where the lines go: a terminal (process.stdout) or anything with write(). */
export interface LineSink {
  write(text: string): unknown;
}

/** Info lines a newcomer needs besides the emails: where to look and that it runs. */
const startupMessages = new Set([
  "no mailbox configured: reading the demo inbox (drop .eml files here to try your own)",
  "reading .eml files from a local folder",
  "HTTP server listening",
  "database migrations applied",
  "IMAP connected; watching INBOX with IDLE",
  "stopped",
]);

/** The entry's time on the local clock (HH:MM:SS), as the person at the terminal reads it. */
const time = (entry: LogEntry) => {
  const t = typeof entry.time === "string" ? new Date(entry.time) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toLocaleTimeString("en-GB", { hour12: false }) : "";
};
const oneLine = (s: string, max: number) => {
  const flat = s
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** The lines a person reads for one log entry; [] for the detail left to the JSON logs. */
export function summaryLines(entry: LogEntry, paint: Paint): string[] {
  const at = paint.dim(time(entry));
  const email = formatEmailSummary(entry, paint);
  if (email) return [`${at} ${email[0]}`, ...email.slice(1).map((l) => `         ${l}`)];
  const level = typeof entry.level === "number" ? entry.level : 30;
  const msg = typeof entry.msg === "string" ? entry.msg : "";
  if (msg === "draft written to Odoo" && typeof entry.name === "string") {
    return [`${at}     ${paint.dim(`→ ${entry.found ? "found" : "written"} in Odoo as`)} ${entry.name}`];
  }
  if (level >= 40) {
    const err = entry.err as { message?: unknown } | undefined;
    const detail =
      typeof entry.reason === "string"
        ? entry.reason
        : typeof entry.error === "string"
          ? entry.error
          : typeof err?.message === "string"
            ? err.message
            : "";
    const task = typeof entry.task === "string" ? ` (${entry.task})` : "";
    const text = oneLine(`${msg}${task}${detail ? `: ${detail}` : ""}`, 200);
    return [`${at} ${level >= 50 ? paint.red(`✗ ${text}`) : paint.yellow(`! ${text}`)}`];
  }
  if (startupMessages.has(msg)) {
    const where =
      typeof entry.dir === "string"
        ? ` ${entry.dir}`
        : typeof entry.port === "number"
          ? ` http://${String(entry.host ?? "127.0.0.1")}:${entry.port}`
          : "";
    return [`${at} ${paint.dim(`· ${msg}${where}`)}`];
  }
  return [];
}

/**
 * A pino destination for a terminal: each email as one summary line (formatEmailSummary), warnings
 * and errors in one line each, the few startup lines a newcomer needs; the rest of the detail stays
 * in the JSON logs (LOG_FORMAT=json). A line that is not JSON is passed through.
 */
export function createSummaryStream(
  out: LineSink,
  options: { colour: boolean },
): { write(line: string): void } {
  const paint = options.colour ? colours : noColours;
  return {
    write(chunk: string) {
      for (const raw of String(chunk).split("\n")) {
        if (!raw.trim()) continue;
        let entry: LogEntry;
        try {
          entry = JSON.parse(raw) as LogEntry;
        } catch {
          out.write(`${raw}\n`);
          continue;
        }
        const lines = summaryLines(entry, paint);
        if (lines.length) out.write(`${lines.join("\n")}\n`);
      }
    },
  };
}
