import type { ReadDocument, ReadLimits, Reason } from "../types.ts";

/** What one reader returns; `readDocument` adds the file facts (name, types, hash, size). */
export type ReaderResult = Pick<ReadDocument, "text" | "tables" | "isScan" | "unreadable" | "reasons"> & {
  pages?: number;
};

export interface ReaderContext {
  filename: string;
  limits: ReadLimits;
  /** Epoch milliseconds after which a reader stops and returns what it has. */
  deadline: number;
}

export function reason(code: string, message: string, severity: Reason["severity"], path?: string): Reason {
  return path ? { code, message, severity, path } : { code, message, severity };
}

export function emptyResult(): ReaderResult {
  return { text: "", tables: [], isScan: false, unreadable: false, reasons: [] };
}
