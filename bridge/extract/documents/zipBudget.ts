import { crc32, inflateRawSync } from "node:zlib";

/** What a ZIP container (xlsx) may hold, checked before any reader streams it. */
export interface ZipBudget {
  maxEntries: number;
  /** Bytes of all entries once decompressed. */
  maxDecompressedBytes: number;
  /** Decompressed / compressed size of one entry beyond which (and beyond 10 MB) it is a bomb. */
  maxRatio: number;
}

export const defaultZipBudget: ZipBudget = {
  maxEntries: 2000,
  maxDecompressedBytes: 200 * 1024 * 1024,
  maxRatio: 1000,
};

export interface ZipProblem {
  code: string;
  message: string;
}

/**
 * Walks a ZIP's central directory and checks every entry before a streaming reader sees the bytes:
 * entries, declared and real decompressed sizes (each entry is inflated with its declared size as the
 * limit, and its CRC checked), compression ratio. A damaged archive would otherwise leave the
 * streaming reader waiting for bytes that never come. Null when the archive is sound and within budget.
 */
export function checkZip(content: Buffer, budget: ZipBudget = defaultZipBudget): ZipProblem | null {
  const corrupt = (why: string): ZipProblem => ({
    code: "spreadsheet.corrupt",
    message: `The spreadsheet's ZIP container is damaged (${why}); it was not read.`,
  });
  // end of central directory: the last 22..65557 bytes
  let eocd = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 65557); i--) {
    if (content.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return corrupt("no central directory");
  const entries = content.readUInt16LE(eocd + 10);
  const cdSize = content.readUInt32LE(eocd + 12);
  const cdOffset = content.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) return corrupt("ZIP64 is not supported");
  if (entries > budget.maxEntries) {
    return {
      code: "spreadsheet.too_many_entries",
      message: `The spreadsheet holds ${entries} files, over the limit of ${budget.maxEntries}; it was not read.`,
    };
  }
  if (cdOffset + cdSize > eocd) return corrupt("central directory out of bounds");
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > content.length || content.readUInt32LE(p) !== 0x02014b50)
      return corrupt("bad directory entry");
    const method = content.readUInt16LE(p + 10);
    const crc = content.readUInt32LE(p + 16);
    const compressed = content.readUInt32LE(p + 20);
    const size = content.readUInt32LE(p + 24);
    const nameLength = content.readUInt16LE(p + 28);
    const extraLength = content.readUInt16LE(p + 30);
    const commentLength = content.readUInt16LE(p + 32);
    const local = content.readUInt32LE(p + 42);
    p += 46 + nameLength + extraLength + commentLength;
    total += size;
    if (total > budget.maxDecompressedBytes) {
      return {
        code: "spreadsheet.too_large",
        message: `The spreadsheet decompresses to more than ${Math.round(budget.maxDecompressedBytes / 1024 / 1024)} MB; it was not read.`,
      };
    }
    if (size > 10 * 1024 * 1024 && size / Math.max(1, compressed) > budget.maxRatio) {
      return {
        code: "spreadsheet.zip_bomb",
        message: `A file inside the spreadsheet expands ${Math.round(size / Math.max(1, compressed))} times; it was not read.`,
      };
    }
    if (local + 30 > content.length || content.readUInt32LE(local) !== 0x04034b50)
      return corrupt("bad file header");
    const start = local + 30 + content.readUInt16LE(local + 26) + content.readUInt16LE(local + 28);
    if (start + compressed > content.length) return corrupt("a file is cut short");
    const data = content.subarray(start, start + compressed);
    let plain: Buffer;
    try {
      if (method === 0) plain = data;
      else if (method === 8) plain = inflateRawSync(data, { maxOutputLength: Math.max(1, size) });
      else return corrupt(`compression method ${method}`);
    } catch {
      return corrupt("a file does not decompress");
    }
    if (plain.length !== size || crc32(plain) !== crc) return corrupt("a file's checksum does not match");
  }
  return null;
}
