/** The size an image declares in its header, read without decoding a pixel. */
export interface ImageHeader {
  format: "png" | "jpeg" | "gif" | "webp" | "bmp" | "tiff";
  /** Pages (TIFF directories; 1 for the other formats). */
  pages: number;
  /** Width and height of each page, as declared. */
  sizes: Array<{ width: number; height: number }>;
  /** A structural fault seen in the header (a TIFF whose directories loop or point outside). */
  damaged?: string;
}

/** What one document's images may cost before anything is decoded. */
export interface ImageBudget {
  /** Pixels of one page (width x height). */
  maxPagePixels: number;
  /** Longest side of one page, in pixels. */
  maxSide: number;
  /** Pixels of all the pages that would be decoded, together. */
  maxTotalPixels: number;
  /** Pages (TIFF directories) a file may declare. */
  maxPages: number;
}

/**
 * 40 megapixels is an A4 page at 600 dpi with margin; decoded as RGBA it takes 160 MB, so a document
 * of a few such pages stays far below the memory budget of the process.
 */
export const defaultImageBudget: ImageBudget = {
  maxPagePixels: 40_000_000,
  maxSide: 20_000,
  maxTotalPixels: 120_000_000,
  maxPages: 200,
};

/** Thrown when a document would exceed its budget: permanent, with words a person can read. */
export class BudgetExceededError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "BudgetExceededError";
  }
}

const u16be = (b: Buffer, o: number) => (o + 2 <= b.length ? b.readUInt16BE(o) : 0);
const u32be = (b: Buffer, o: number) => (o + 4 <= b.length ? b.readUInt32BE(o) : 0);
const u16le = (b: Buffer, o: number) => (o + 2 <= b.length ? b.readUInt16LE(o) : 0);
const u24le = (b: Buffer, o: number) => (o + 3 <= b.length ? b.readUIntLE(o, 3) : 0);
const i32le = (b: Buffer, o: number) => (o + 4 <= b.length ? b.readInt32LE(o) : 0);

function jpegSize(b: Buffer): { width: number; height: number } | null {
  let o = 2;
  while (o + 9 < b.length) {
    if (b[o] !== 0xff) {
      o++;
      continue;
    }
    const marker = b[o + 1] ?? 0;
    if (marker === 0xff) {
      o++;
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, o + 5), width: u16be(b, o + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      o += 2;
      continue;
    }
    const len = u16be(b, o + 2);
    if (len < 2) return null;
    o += 2 + len;
  }
  return null;
}

function webpSize(b: Buffer): { width: number; height: number } | null {
  const chunk = b.subarray(12, 16).toString("latin1");
  if (chunk === "VP8X") return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  if (chunk === "VP8L") {
    const bits = b.length >= 25 ? b.readUInt32LE(21) : 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8 ") return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  return null;
}

/**
 * Walks a TIFF's chain of directories and reads only tags 256/257 (width/height) of each; a loop in
 * the chain or more than 10,000 directories ends the walk.
 */
function tiffHeader(b: Buffer, le: boolean): ImageHeader {
  const u16 = (o: number) => (o + 2 <= b.length ? (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) : 0);
  const u32 = (o: number) => (o + 4 <= b.length ? (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) : 0);
  const sizes: Array<{ width: number; height: number }> = [];
  const seen = new Set<number>();
  let offset = u32(4);
  let pages = 0;
  let damaged: string | undefined;
  while (offset > 0) {
    if (offset + 2 > b.length) {
      damaged = "a directory points outside the file";
      break;
    }
    if (seen.has(offset)) {
      // a decoder following the chain would never stop
      damaged = "its directories loop";
      break;
    }
    if (seen.size >= 10_000) {
      damaged = "more than 10,000 directories";
      break;
    }
    seen.add(offset);
    const count = u16(offset);
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i++) {
      const e = offset + 2 + i * 12;
      if (e + 12 > b.length) break;
      const tag = u16(e);
      if (tag !== 256 && tag !== 257) continue;
      const type = u16(e + 2);
      const value = type === 3 ? u16(e + 8) : u32(e + 8);
      if (tag === 256) width = value;
      else height = value;
    }
    if (width > 0 || height > 0) {
      pages++;
      sizes.push({ width, height });
    }
    offset = u32(offset + 2 + count * 12);
  }
  return damaged ? { format: "tiff", pages, sizes, damaged } : { format: "tiff", pages, sizes };
}

/**
 * Reads the declared size of a PNG, JPEG, GIF, WebP, BMP or (multi-page) TIFF from its header.
 * Null when the bytes are none of these or the header cannot be read (the decoder then refuses them).
 */
export function readImageHeader(b: Buffer): ImageHeader | null {
  const one = (format: ImageHeader["format"], s: { width: number; height: number } | null) =>
    s ? { format, pages: 1, sizes: [s] } : null;
  if (b.length >= 24 && u32be(b, 0) === 0x89504e47) {
    return one("png", { width: u32be(b, 16), height: u32be(b, 20) });
  }
  if (b[0] === 0xff && b[1] === 0xd8) return one("jpeg", jpegSize(b));
  if (b.subarray(0, 4).toString("latin1") === "GIF8") {
    return one("gif", { width: u16le(b, 6), height: u16le(b, 8) });
  }
  if (b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP") {
    return one("webp", webpSize(b));
  }
  if (b[0] === 0x42 && b[1] === 0x4d && b.length >= 26) {
    return one("bmp", { width: Math.abs(i32le(b, 18)), height: Math.abs(i32le(b, 22)) });
  }
  const head = b.subarray(0, 4).toString("latin1");
  if (head === "II*\u0000" || head === "MM\u0000*") return tiffHeader(b, head === "II*\u0000");
  return null;
}

/**
 * Checks a header against the budget: dimensions, pixels per page, pages, and the pixels of the pages
 * that would be decoded (`pagesRead` of them). Returns the reason it is refused, or null.
 */
export function checkImageBudget(
  header: ImageHeader,
  pagesRead: number,
  budget: ImageBudget = defaultImageBudget,
): BudgetExceededError | null {
  const fmt = header.format.toUpperCase();
  if (header.damaged) {
    return new BudgetExceededError(
      "image.bad_header",
      `The ${fmt} is damaged (${header.damaged}); it was not decoded.`,
    );
  }
  if (header.pages > budget.maxPages) {
    return new BudgetExceededError(
      "image.too_many_pages",
      `The ${fmt} declares ${header.pages} pages, over the limit of ${budget.maxPages}; it was not decoded.`,
    );
  }
  let total = 0;
  for (const [i, s] of header.sizes.slice(0, pagesRead).entries()) {
    const page = header.pages > 1 ? ` (page ${i + 1})` : "";
    if (!Number.isFinite(s.width) || !Number.isFinite(s.height) || s.width <= 0 || s.height <= 0) {
      return new BudgetExceededError(
        "image.bad_header",
        `The ${fmt}${page} declares no valid size; it was not decoded.`,
      );
    }
    const pixels = s.width * s.height;
    if (s.width > budget.maxSide || s.height > budget.maxSide || pixels > budget.maxPagePixels) {
      return new BudgetExceededError(
        "image.too_large",
        `The ${fmt}${page} declares ${s.width} x ${s.height} pixels (${Math.round(pixels / 1e6)} megapixels), over the limit of ${budget.maxSide} pixels a side and ${Math.round(budget.maxPagePixels / 1e6)} megapixels; it was not decoded.`,
      );
    }
    total += pixels;
  }
  if (total > budget.maxTotalPixels) {
    return new BudgetExceededError(
      "image.too_large",
      `The ${fmt}'s pages declare ${Math.round(total / 1e6)} megapixels together, over the limit of ${Math.round(budget.maxTotalPixels / 1e6)}; it was not decoded.`,
    );
  }
  return null;
}
