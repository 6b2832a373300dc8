import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * Starts loading an untrusted PDF with pdf.js, locked down: no eval, no font faces, system fonts,
 * workers or fetching, everything from the bytes at hand; a damaged file is read as far as it goes.
 */
export function loadPdf(content: Buffer): pdfjs.PDFDocumentLoadingTask {
  return pdfjs.getDocument({
    data: new Uint8Array(content),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: false,
    verbosity: 0,
    // an embedded image of more pixels than this is not decoded (an image bomb inside a PDF)
    maxImageSize: 40_000_000,
  });
}
