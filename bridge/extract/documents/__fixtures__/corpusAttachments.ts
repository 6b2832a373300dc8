import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";

/** The DEV corpus next to the repository (../shared/corpus/dev). */
export const corpusDir = fileURLToPath(new URL("../../../../../shared/corpus/dev/", import.meta.url));
export const corpusAvailable = existsSync(`${corpusDir}001/message.eml`);

export interface CorpusAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The attachments of one corpus case, as the email declares them. */
export async function corpusAttachments(caseId: string): Promise<CorpusAttachment[]> {
  const mail = await simpleParser(readFileSync(`${corpusDir}${caseId}/message.eml`));
  return mail.attachments.map((a) => ({
    filename: a.filename ?? "attachment",
    contentType: a.contentType,
    content: a.content,
  }));
}

export async function corpusBodies(caseId: string): Promise<{ text: string; html: string }> {
  const mail = await simpleParser(readFileSync(`${corpusDir}${caseId}/message.eml`));
  return { text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "" };
}

export function corpusTruth(caseId: string): {
  orders: Array<{ lines: Array<{ quantity: number; description: string; default_code: string | null }> }>;
} {
  return JSON.parse(readFileSync(`${corpusDir}${caseId}/truth.json`, "utf8"));
}
