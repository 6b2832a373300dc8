import { readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

/** The raw .eml of a message and the attachments it carries, to attach to the draft in Odoo. */
export async function readSourceFiles(
  sourcePath: string | null,
  baseName: string,
): Promise<Array<{ name: string; content: Buffer }>> {
  if (!sourcePath) return [];
  let raw: Buffer;
  try {
    raw = await readFile(sourcePath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      // message_process moves the file to Processed/ once decided.
      const moved = path.join(path.dirname(sourcePath), "Processed", path.basename(sourcePath));
      raw = await readFile(moved).catch(() => Buffer.alloc(0));
      if (raw.length === 0) return [];
    } else throw err;
  }
  const safe = baseName.replace(/[^\w.-]+/g, "_").slice(0, 80) || "message";
  const files = [{ name: `${safe}.eml`, content: raw }];
  try {
    const parsed = await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    for (const a of parsed.attachments) {
      if (a.related) continue;
      files.push({ name: a.filename ?? `attachment-${files.length}`, content: a.content });
    }
  } catch {
    // An unparseable mail is still attached whole.
  }
  return files;
}
