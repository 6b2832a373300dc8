import type { PdfTextItem } from "../documents/pdfLines.ts";
import type { OcrWord } from "./createOcrEngine.ts";

/** A positioned text item from OCR, with the confidence of its word. */
export interface OcrTextItem extends PdfTextItem {
  confidence: number;
}

const MEANINGFUL = /[\p{L}\p{N}%€$£]/u;

/**
 * Turns OCR words (pixels, y downwards) into the positioned text items the PDF reader produces
 * (points, y upwards), so that scans go through the same line and table reconstruction. Specks read
 * as punctuation and words tesseract itself does not believe are left out.
 */
export function ocrTextItems(words: OcrWord[], imageHeight: number, dpi: number): OcrTextItem[] {
  const scale = 72 / dpi;
  const out: OcrTextItem[] = [];
  for (const w of words) {
    if (!MEANINGFUL.test(w.text)) continue;
    if (w.confidence < 20 && w.text.length <= 2) continue;
    // a lone symbol the OCR doubts is most often what is left of a table rule or a speck
    if (w.text.length === 1 && !/[\p{L}\p{N}]/u.test(w.text) && w.confidence < 60) continue;
    out.push({
      text: w.text,
      x: w.x0 * scale,
      y: (imageHeight - w.baseline) * scale,
      width: Math.max(1, w.x1 - w.x0) * scale,
      size: Math.max(4, w.lineHeight * scale * 0.85),
      confidence: w.confidence / 100,
    });
  }
  return out;
}
