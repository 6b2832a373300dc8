import { createCanvas } from "@napi-rs/canvas";
import { loadPdf } from "../documents/loadPdf.ts";
import { decodeInWorker } from "./decodeInWorker.ts";
import { fromRgba, type GrayImage, resize, toRgba } from "./grayImage.ts";
import {
  BudgetExceededError,
  checkImageBudget,
  defaultImageBudget,
  type ImageBudget,
  readImageHeader,
} from "./imageBudget.ts";

export type RasterKind = "pdf" | "tiff" | "image";

/** What kind of raster source the bytes are, by their magic number. */
export function rasterKind(content: Buffer): RasterKind {
  if (content.subarray(0, 5).toString("latin1") === "%PDF-") return "pdf";
  const head = content.subarray(0, 4).toString("latin1");
  if (head === "II*\u0000" || head === "MM\u0000*") return "tiff";
  return "image";
}

/** A decoded page and the resolution it was rendered or scanned at (for sizes in points). */
export interface RasterPage {
  image: GrayImage;
  /** Pixels per inch, when known or estimated. */
  dpi: number;
}

export interface RasterOptions {
  /** Largest number of pages to decode. */
  maxPages: number;
  /** Resolution to render PDF pages at. */
  pdfDpi: number;
  /** Epoch ms after which no further page is decoded. */
  deadline: number;
  /** Told the number of pages of the document, before the first is decoded. */
  onPageCount?: (pages: number) => void;
  /** Dimensions, pixels and pages allowed, checked on the header before decoding. */
  budget?: ImageBudget;
  /** Wall-clock limit of the image decoder (default 30 s, and never past `deadline`). */
  decodeTimeoutMs?: number;
  /** Heap of the image decoder's worker, in MB (default 512). */
  decodeHeapMb?: number;
}

/** Estimates the resolution of a page image from its width, as if it were A4 or Letter paper. */
function estimateDpi(width: number, height: number): number {
  const shortSide = Math.min(width, height);
  return Math.max(72, Math.round(shortSide / 8.35));
}

/** Decodes a PNG/JPEG/GIF/WebP/BMP image, a (multi-page) TIFF or an image-only PDF into grey pages. */
export async function* rasterPages(content: Buffer, options: RasterOptions): AsyncGenerator<RasterPage> {
  const kind = rasterKind(content);
  const budget = options.budget ?? defaultImageBudget;
  if (kind === "tiff" || kind === "image") {
    // the budget is checked on the header, before a single pixel is decoded
    const header = readImageHeader(content);
    if (!header || header.pages === 0) {
      throw new BudgetExceededError(
        "image.bad_header",
        "The image's header cannot be read (unknown format or damaged); it was not decoded.",
      );
    }
    const over = checkImageBudget(header, Math.min(header.pages, options.maxPages), budget);
    if (over) throw over;
    options.onPageCount?.(header.pages);
    const timeoutMs = Math.max(
      1000,
      Math.min(options.decodeTimeoutMs ?? 30_000, options.deadline - Date.now()),
    );
    for await (const page of decodeInWorker(content, kind, {
      maxPages: options.maxPages,
      maxPagePixels: budget.maxPagePixels,
      timeoutMs,
      maxHeapMb: options.decodeHeapMb ?? 512,
    })) {
      let image: GrayImage = { width: page.width, height: page.height, data: page.data };
      const { xres, yres } = page;
      // fax resolutions are often 204x98 dpi: stretch to square pixels
      if (xres > 0 && yres > 0 && Math.abs(xres / yres - 1) > 0.2) {
        const height = Math.round((page.height * xres) / yres);
        if (page.width * height <= budget.maxPagePixels) image = resize(image, page.width, height);
      }
      yield { image, dpi: xres >= 72 && xres <= 1200 ? xres : estimateDpi(image.width, image.height) };
      if (Date.now() >= options.deadline) return;
    }
    return;
  }
  const task = loadPdf(content);
  try {
    const doc = await task.promise;
    options.onPageCount?.(doc.numPages);
    const last = Math.min(doc.numPages, options.maxPages);
    for (let p = 1; p <= last; p++) {
      if (Date.now() >= options.deadline) return;
      const page = await doc.getPage(p);
      // a page declaring a huge size is rendered at a lower resolution, within the pixel budget
      const unit = page.getViewport({ scale: 1 });
      const fit = Math.sqrt(budget.maxPagePixels / Math.max(1, unit.width * unit.height));
      const viewport = page.getViewport({ scale: Math.min(options.pdfDpi / 72, fit) });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const canvas = createCanvas(width, height);
      const ctx = canvas.getContext("2d");
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, width, height);
      await page.render({
        canvas: canvas as never,
        canvasContext: ctx as never,
        viewport,
      }).promise;
      const data = ctx.getImageData(0, 0, width, height).data;
      page.cleanup();
      yield { image: fromRgba(data, width, height), dpi: Math.round(viewport.scale * 72) };
    }
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

/** Encodes a grey image as PNG (what the OCR engine and the model take). */
export function encodePng(img: GrayImage): Buffer {
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext("2d");
  const data = ctx.createImageData(img.width, img.height);
  data.data.set(toRgba(img));
  ctx.putImageData(data, 0, 0);
  return canvas.toBuffer("image/png");
}

/** Encodes a grey image as binary PGM (P5): no compression, read directly by tesseract's Leptonica. */
export function encodePgm(img: GrayImage): Buffer {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, "latin1");
  return Buffer.concat([header, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}
