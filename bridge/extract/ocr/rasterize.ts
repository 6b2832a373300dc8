import { createCanvas, loadImage } from "@napi-rs/canvas";
import UTIF from "utif2";
import { loadPdf } from "../documents/loadPdf.ts";
import { fromRgba, type GrayImage, toRgba } from "./grayImage.ts";

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
}

/** Estimates the resolution of a page image from its width, as if it were A4 or Letter paper. */
function estimateDpi(width: number, height: number): number {
  const shortSide = Math.min(width, height);
  return Math.max(72, Math.round(shortSide / 8.35));
}

/** Decodes a PNG/JPEG/GIF/WebP/BMP image, a (multi-page) TIFF or an image-only PDF into grey pages. */
export async function* rasterPages(content: Buffer, options: RasterOptions): AsyncGenerator<RasterPage> {
  const kind = rasterKind(content);
  if (kind === "tiff") {
    const ifds = UTIF.decode(content).filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
    options.onPageCount?.(ifds.length);
    for (const ifd of ifds.slice(0, options.maxPages)) {
      if (Date.now() >= options.deadline) return;
      UTIF.decodeImage(content, ifd);
      const width = Number(ifd.width);
      const height = Number(ifd.height);
      const rgba = UTIF.toRGBA8(ifd);
      const xres = Array.isArray(ifd.t282) ? Number((ifd.t282 as unknown as number[][])[0]?.[0] ?? 0) : 0;
      // fax resolutions are often 204x98 dpi: stretch to square pixels
      const yres = Array.isArray(ifd.t283) ? Number((ifd.t283 as unknown as number[][])[0]?.[0] ?? 0) : 0;
      let image = fromRgba(rgba, width, height);
      if (xres > 0 && yres > 0 && Math.abs(xres / yres - 1) > 0.2) {
        const { resize } = await import("./grayImage.ts");
        image = resize(image, width, Math.round((height * xres) / yres));
      }
      yield { image, dpi: xres >= 72 && xres <= 1200 ? xres : estimateDpi(image.width, image.height) };
    }
    return;
  }
  if (kind === "image") {
    options.onPageCount?.(1);
    const img = await loadImage(content);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, img.width, img.height);
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    yield { image: fromRgba(data, img.width, img.height), dpi: estimateDpi(img.width, img.height) };
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
      const viewport = page.getViewport({ scale: options.pdfDpi / 72 });
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
      yield { image: fromRgba(data, width, height), dpi: options.pdfDpi };
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
