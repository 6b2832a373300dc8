import { createHash } from "node:crypto";
import { BudgetExceededError, checkImageBudget, readImageHeader } from "../ocr/imageBudget.ts";
import { type DocumentType, defaultReadLimits, type ReadDocument, type ReadLimits } from "../types.ts";
import { readCsv } from "./readCsv.ts";
import { type ReaderContext, type ReaderResult, reason } from "./readerResult.ts";
import { readPdf } from "./readPdf.ts";
import { readSpreadsheet } from "./readSpreadsheet.ts";
import { readTextDocument } from "./readTextDocument.ts";
import { declaredFamily, sniffType } from "./sniffType.ts";

export interface DocumentInput {
  filename: string;
  contentType: string;
  content: Buffer;
}

const TYPE_NAMES: Record<DocumentType, string> = {
  pdf: "a PDF",
  spreadsheet: "a spreadsheet",
  csv: "a CSV file",
  image: "an image",
  html: "an HTML document",
  text: "a text file",
  unknown: "of an unknown type",
};

function dispatch(
  type: DocumentType,
  content: Buffer,
  ctx: ReaderContext,
): Promise<ReaderResult> | ReaderResult {
  const path = `attachment:${ctx.filename}`;
  switch (type) {
    case "pdf":
      return readPdf(content, ctx);
    case "spreadsheet":
      return readSpreadsheet(content, ctx);
    case "csv":
      return readCsv(content, ctx);
    case "html":
    case "text":
      return readTextDocument(content, ctx, type);
    case "image": {
      // the budget is checked on the header, before anything decodes a pixel (image bombs)
      const header = readImageHeader(content);
      const over = header
        ? checkImageBudget(header, header.pages)
        : new BudgetExceededError(
            "image.bad_header",
            "The image's header cannot be read (unknown format or damaged); it was not decoded.",
          );
      if (over) {
        return {
          text: "",
          tables: [],
          isScan: false,
          unreadable: true,
          reasons: [reason(over.code, over.message, "hard", path)],
        };
      }
      return {
        text: "",
        tables: [],
        isScan: true,
        unreadable: false,
        reasons: [
          reason("image.needs_ocr", "The attachment is an image: its text needs OCR.", "warning", path),
        ],
      };
    }
    default:
      return {
        text: "",
        tables: [],
        isScan: false,
        unreadable: true,
        reasons: [
          reason("attachment.unsupported", "The attachment's format cannot be read.", "warning", path),
        ],
      };
  }
}

/**
 * Reads one attachment (or body part): sniffs its real type from the bytes and returns its text,
 * its order tables and the problems found. Never throws; bounded by `limits.timeoutMs`.
 */
export async function readDocument(
  input: DocumentInput,
  limits: Partial<ReadLimits> = {},
): Promise<ReadDocument> {
  const lim: ReadLimits = { ...defaultReadLimits, ...limits };
  const content = input.content;
  const path = `attachment:${input.filename}`;
  const base = {
    filename: input.filename,
    declaredType: input.contentType,
    sha256: createHash("sha256").update(content).digest("hex"),
    size: content.length,
  };
  const unreadable = (detectedType: DocumentType, code: string, message: string): ReadDocument => ({
    ...base,
    detectedType,
    text: "",
    tables: [],
    isScan: false,
    unreadable: true,
    reasons: [reason(code, message, "hard", path)],
  });
  if (content.length === 0) {
    return unreadable(
      declaredFamily(input.filename, input.contentType) ?? "unknown",
      "attachment.empty",
      "The attachment is empty (0 bytes).",
    );
  }
  const detectedType = sniffType(content, input.filename, input.contentType);
  if (content.length > lim.maxAttachmentBytes) {
    return unreadable(
      detectedType,
      "attachment.too_large",
      `The attachment is ${Math.round(content.length / 1024 / 1024)} MB, over the limit of ${Math.round(lim.maxAttachmentBytes / 1024 / 1024)} MB.`,
    );
  }
  const ctx: ReaderContext = { filename: input.filename, limits: lim, deadline: Date.now() + lim.timeoutMs };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), lim.timeoutMs + 1000);
  });
  let read: ReaderResult | "timeout";
  try {
    read = await Promise.race([Promise.resolve().then(() => dispatch(detectedType, content, ctx)), timeout]);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 160) : "unknown error";
    return unreadable(
      detectedType,
      `${detectedType}.corrupt`,
      `The attachment could not be read (${detail}).`,
    );
  } finally {
    clearTimeout(timer);
  }
  if (read === "timeout") {
    return unreadable(
      detectedType,
      "document.timeout",
      `Reading the attachment took longer than ${lim.timeoutMs} ms.`,
    );
  }
  const reasons = [...read.reasons];
  const declared = declaredFamily(input.filename, input.contentType);
  if (
    declared &&
    declared !== detectedType &&
    !(declared === "text" && ["csv", "html"].includes(detectedType))
  ) {
    reasons.unshift(
      reason(
        "document.type_mismatch",
        `The attachment is declared as ${TYPE_NAMES[declared]} but is ${TYPE_NAMES[detectedType]}; it was read as such.`,
        "info",
        path,
      ),
    );
  }
  const doc: ReadDocument = {
    ...base,
    detectedType,
    text: read.text,
    tables: read.tables,
    isScan: read.isScan,
    unreadable: read.unreadable,
    reasons,
  };
  if (read.pages !== undefined) doc.pages = read.pages;
  return doc;
}
