/** A pino log entry as written (JSON): level, time, msg and the fields of the call. */
export type LogEntry = Record<string, unknown> & { level?: number; time?: string; msg?: string };

/** ANSI colours, or none (not a terminal, or NO_COLOR). */
export interface Paint {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const colours: Paint = {
  green: ansi(32),
  yellow: ansi(33),
  red: ansi(31),
  dim: ansi(2),
  bold: ansi(1),
};
const same = (s: string) => s;
export const noColours: Paint = { green: same, yellow: same, red: same, dim: same, bold: same };

/** The log line of message_process that carries one email's outcome (bridge/jobs/tasks/messageProcess.ts). */
export const emailDecidedMessage = "message read and decided";

const outcome: Record<string, { mark: string; word: string; paint: keyof Paint }> = {
  draft: { mark: "✓", word: "draft", paint: "green" },
  review: { mark: "!", word: "to review", paint: "yellow" },
  reject: { mark: "✗", word: "needs a person", paint: "red" },
  ignore: { mark: "·", word: "ignored", paint: "dim" },
};

const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** One line, cut at `max` characters: nothing from an email may break the layout. */
const oneLine = (s: string, max: number) => {
  const flat = s
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/**
 * One email at a glance, for a person watching a terminal: who, which PO, how many lines, how sure,
 * what happens, and the first reasons in words, e.g.
 *
 *     ✓ ACME GmbH · PO 4500018872 · 4 lines · 97 % · draft
 *         ! line 3: price 12.50 is 20 % above the list price
 *
 * Returns null for any other log entry.
 */
export function formatEmailSummary(entry: LogEntry, paint: Paint = noColours): string[] | null {
  if (entry.msg !== emailDecidedMessage) return null;
  const expect = str(entry.expect) ?? "review";
  const o = outcome[expect] ?? outcome.review!;
  const who = oneLine(
    str(entry.customerName) ?? str(entry.sender) ?? str(entry.customer) ?? "unknown sender",
    60,
  );
  const parts = [paint.bold(who)];
  if (entry.kind === "not_an_order") parts.push("not an order");
  else {
    const po = str(entry.po);
    parts.push(po ? `PO ${oneLine(po, 40)}` : "no PO number");
    const lines = num(entry.lines);
    if (lines !== null) parts.push(`${lines} line${lines === 1 ? "" : "s"}`);
    const orders = num(entry.orders);
    if (orders !== null && orders > 1) parts.push(`${orders} orders`);
  }
  const confidence = num(entry.confidence);
  if (confidence !== null) parts.push(`${Math.round(confidence * 100)} %`);
  parts.push(paint[o.paint](o.word));
  const out = [`${paint[o.paint](o.mark)} ${parts.join(" · ")}`];
  const why = Array.isArray(entry.why) ? entry.why.filter((w): w is string => typeof w === "string") : [];
  const reasons = why.length
    ? why
    : Array.isArray(entry.reasons)
      ? entry.reasons.filter((r): r is string => typeof r === "string")
      : [];
  for (const r of reasons.slice(0, 2)) out.push(paint.dim(`    ${oneLine(r, 110)}`));
  return out;
}
