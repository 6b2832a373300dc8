import type { DocumentType } from "../types.ts";

function startsWith(bytes: Buffer, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** Looks for a file name inside a ZIP archive (local headers and the central directory). */
function zipHasEntry(bytes: Buffer, prefix: string): boolean {
  return bytes.includes(Buffer.from(prefix, "latin1"));
}

function looksLikeText(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  let control = 0;
  for (const b of sample) {
    if (b === 0) return false;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control / sample.length < 0.02;
}

/** Consistent delimiter counts on the first lines make a text CSV-like. */
export function looksLikeDelimited(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, 20);
  if (lines.length < 2) return false;
  return [",", ";", "\t", "|"].some((d) => {
    const counts = lines.map((l) => l.split(d).length - 1);
    const first = counts[0] ?? 0;
    return first >= 2 && counts.filter((c) => c === first).length >= Math.ceil(lines.length * 0.8);
  });
}

/**
 * The real type of a document from its bytes; the declared type and the file name only decide
 * between the text types (CSV, HTML, plain text).
 */
export function sniffType(content: Buffer, filename: string, declaredType: string): DocumentType {
  const head = content.subarray(0, 1024);
  if (head.includes(Buffer.from("%PDF-", "latin1"))) return "pdf";
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04]) || startsWith(content, [0x50, 0x4b, 0x05, 0x06])) {
    return zipHasEntry(content, "xl/") ? "spreadsheet" : "unknown";
  }
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47])) return "image";
  if (startsWith(content, [0xff, 0xd8, 0xff])) return "image";
  if (startsWith(content, [0x47, 0x49, 0x46, 0x38])) return "image";
  if (startsWith(content, [0x49, 0x49, 0x2a, 0x00]) || startsWith(content, [0x4d, 0x4d, 0x00, 0x2a]))
    return "image";
  if (
    startsWith(content, [0x52, 0x49, 0x46, 0x46]) &&
    content.subarray(8, 12).toString("latin1") === "WEBP"
  ) {
    return "image";
  }
  if (startsWith(content, [0x42, 0x4d]) && /\.bmp$/i.test(filename)) return "image";
  if (startsWith(content, [0xd0, 0xcf, 0x11, 0xe0])) return "unknown";
  const sample = content.subarray(0, 8192);
  if (!looksLikeText(sample)) return "unknown";
  const text = sample.toString("utf8");
  const declared = declaredType.toLowerCase();
  if (/^\s*(<!doctype html|<html|<head|<body|<table|<div|<p[\s>])/i.test(text) || declared.includes("html")) {
    return "html";
  }
  if (/\.(csv|tsv)$/i.test(filename) || /csv|tab-separated/.test(declared)) return "csv";
  if (looksLikeDelimited(text) && !/\.(txt|text|eml)$/i.test(filename)) return "csv";
  return "text";
}

/** The family a declared MIME type or file name promises, to report mismatches. */
export function declaredFamily(filename: string, declaredType: string): DocumentType | null {
  const t = declaredType.toLowerCase();
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? "";
  if (t.includes("pdf") || ext === "pdf") return "pdf";
  if (t.includes("spreadsheet") || t.includes("excel") || ["xlsx", "xlsm", "xls"].includes(ext))
    return "spreadsheet";
  if (t.includes("csv") || ext === "csv") return "csv";
  if (t.startsWith("image/") || ["png", "jpg", "jpeg", "gif", "tif", "tiff", "webp"].includes(ext))
    return "image";
  if (t.includes("html") || ["html", "htm"].includes(ext)) return "html";
  if (t.startsWith("text/") || ext === "txt") return "text";
  return null;
}
