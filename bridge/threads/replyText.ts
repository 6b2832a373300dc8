/**
 * The new part of a reply: the text above the quoted original ("On ... wrote:", "-----Original
 * Message-----", "Von: ...", lines starting with ">"), trimmed and cut to `max` characters.
 */
export function replyText(text: string, max = 4000): string {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line)) break;
    if (
      /^\s*(On .+wrote:|Am .+schrieb .+:|Le .+a écrit ?:|-{2,}\s*(Original Message|Ursprüngliche Nachricht)\s*-{2,})\s*$/i.test(
        line,
      )
    )
      break;
    if (/^\s*(From|Von|De):\s.+/i.test(line) && out.length > 0 && out[out.length - 1]!.trim() === "") break;
    out.push(line);
  }
  const joined = out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}
