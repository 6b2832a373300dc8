import { parse } from "node-html-parser";
import { readHtmlTables, readTextTables } from "../tables/readTextTables.ts";
import { decodeText } from "./decodeText.ts";
import { emptyResult, type ReaderContext, type ReaderResult } from "./readerResult.ts";

/** Visible text of an HTML document: block elements and table cells become lines and tabs. */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(td|th)>/gi, "\t</$1>")
    .replace(/<\/(p|div|tr|li|h[1-6]|table|blockquote|pre)>/gi, "\n</$1>");
  const text = parse(marked).text;
  return text
    .replace(/\u00a0/g, " ")
    .split("\n")
    .map((l) =>
      l
        .replace(/[ \t]*\t[ \t]*/g, "\t")
        .replace(/ {2,}/g, " ")
        .replace(/^\t+|\t+$/g, "")
        .trim(),
    )
    .filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n")
    .trim();
}

/** Reads an HTML or plain-text attachment: its text and its order tables. */
export function readTextDocument(content: Buffer, ctx: ReaderContext, kind: "html" | "text"): ReaderResult {
  const result = emptyResult();
  const raw = decodeText(content);
  if (kind === "html") {
    result.text = htmlToText(raw);
    result.tables = readHtmlTables(raw, ctx.filename);
    if (result.tables.length === 0) result.tables = readTextTables(result.text, ctx.filename);
  } else {
    result.text = raw.replace(/\r\n?/g, "\n");
    result.tables = readTextTables(result.text, ctx.filename);
  }
  return result;
}
