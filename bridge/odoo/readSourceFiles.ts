import { simpleParser } from "mailparser";

/** The raw .eml of a message and the attachments it carries, to attach in Odoo (draft, intake log). */
export async function readSourceFiles(
  raw: Buffer | null,
  baseName: string,
): Promise<Array<{ name: string; content: Buffer }>> {
  if (!raw || raw.length === 0) return [];
  const safe = baseName.replace(/[^\w.-]+/g, "_").slice(0, 80) || "message";
  const files = [{ name: `${safe}.eml`, content: raw }];
  try {
    const parsed = await simpleParser(raw, {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    const taken = new Set([files[0]!.name]);
    for (const a of parsed.attachments) {
      if (a.related) continue;
      const given = a.filename ?? `attachment-${files.length}`;
      let name = given;
      // two attachments of one name are both kept (Odoo's files are matched by name)
      for (let n = 2; taken.has(name); n++) name = given.replace(/(\.[^.]*)?$/, (ext) => ` (${n})${ext}`);
      taken.add(name);
      files.push({ name, content: a.content });
    }
  } catch {
    // An unparseable mail is still attached whole.
  }
  return files;
}
