import { createWorker, OEM, type Worker } from "tesseract.js";
import { type OcrLanguage, tessdataDir } from "./tessdataDir.ts";

/** One word read by OCR, in the pixel space of the image given. */
export interface OcrWord {
  text: string;
  /** 0..100 as tesseract reports it. */
  confidence: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Baseline y at the word's left edge (pixels), from the OCR line. */
  baseline: number;
  /** Height of the word's OCR line (pixels). */
  lineHeight: number;
  /** Index of the OCR line the word belongs to. */
  line: number;
}

export interface OcrPageText {
  words: OcrWord[];
  /** Mean word confidence, 0..100 (0 when no word). */
  confidence: number;
}

export class OcrTimeoutError extends Error {
  constructor(ms: number) {
    super(`OCR of one page took longer than ${ms} ms and was stopped.`);
    this.name = "OcrTimeoutError";
  }
}

export interface OcrEngine {
  /** Reads one page image (PNG, JPEG or PGM bytes). Rejects with OcrTimeoutError after `timeoutMs`. */
  recognize(
    image: Buffer,
    options: { languages: OcrLanguage[]; timeoutMs: number; dpi?: number },
  ): Promise<OcrPageText>;
  /** Terminates every worker; later calls start new ones. */
  close(): Promise<void>;
  /** Workers currently alive (for tests and health). */
  readonly workers: number;
}

export interface OcrEngineOptions {
  /** Pages read at the same time (tesseract workers); default 1. */
  concurrency?: number;
  /** Folder holding `<lang>.traineddata.gz`; default: the npm language packages. */
  langPath?: string;
  /**
   * A worker idle this long is terminated (its WebAssembly memory, which never shrinks, is given
   * back); the next scan starts a new one. Default 5 minutes.
   */
  idleMs?: number;
}

interface Slot {
  worker: Worker;
  languages: string;
  busy: boolean;
  idle?: NodeJS.Timeout;
}

interface TesseractWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
interface TesseractLine {
  words: TesseractWord[];
  baseline: { x0: number; y0: number; x1: number; y1: number };
  bbox: { x0: number; y0: number; x1: number; y1: number };
  rowAttributes?: { rowHeight?: number };
}
interface TesseractBlock {
  paragraphs: Array<{ lines: TesseractLine[] }>;
}

/** Flattens tesseract's blocks into words with their line's baseline. */
export function wordsOf(blocks: TesseractBlock[] | null | undefined): OcrWord[] {
  const out: OcrWord[] = [];
  let index = 0;
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const { x0, y0, x1, y1 } = line.baseline;
        const slope = x1 !== x0 ? (y1 - y0) / (x1 - x0) : 0;
        const lineHeight = Math.max(1, line.rowAttributes?.rowHeight ?? line.bbox.y1 - line.bbox.y0);
        index++;
        for (const w of line.words) {
          const text = w.text.trim();
          if (!text) continue;
          out.push({
            text,
            confidence: w.confidence,
            ...w.bbox,
            baseline: y0 + slope * (w.bbox.x0 - x0),
            lineHeight,
            line: index,
          });
        }
      }
    }
  }
  return out;
}

/**
 * A pool of tesseract.js workers: created when first needed, reused (re-initialised when a page
 * needs other languages), at most `concurrency` at a time, each page bounded by a time limit (a
 * worker that overruns is terminated and replaced), all terminated by `close()`. Language models
 * are read from node_modules; nothing is downloaded.
 */
export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const idleMs = options.idleMs ?? 300_000;
  let langPath: string | null = options.langPath ?? null;
  const slots: Slot[] = [];
  const waiting: Array<() => void> = [];
  let starting = 0;

  const wake = () => waiting.shift()?.();

  async function acquire(languages: string): Promise<Slot> {
    for (;;) {
      const same = slots.find((s) => !s.busy && s.languages === languages);
      if (same) {
        take(same);
        return same;
      }
      if (slots.length + starting < concurrency) {
        starting++;
        try {
          langPath ??= tessdataDir();
          const worker = await createWorker(languages, OEM.LSTM_ONLY, {
            langPath,
            cacheMethod: "none",
            gzip: true,
            // without a handler tesseract.js throws from its message listener
            errorHandler: () => undefined,
          });
          const slot: Slot = { worker, languages, busy: true };
          slots.push(slot);
          return slot;
        } finally {
          starting--;
        }
      }
      const other = slots.find((s) => !s.busy);
      if (other) {
        take(other);
        try {
          await other.worker.reinitialize(languages, OEM.LSTM_ONLY);
          other.languages = languages;
        } catch (error) {
          drop(other);
          throw error;
        }
        return other;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function take(slot: Slot) {
    slot.busy = true;
    clearTimeout(slot.idle);
  }

  function release(slot: Slot) {
    slot.busy = false;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => {
      if (!slot.busy) drop(slot);
    }, idleMs);
    slot.idle.unref();
    wake();
  }

  function drop(slot: Slot) {
    clearTimeout(slot.idle);
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    void slot.worker.terminate().catch(() => undefined);
    wake();
  }

  return {
    get workers() {
      return slots.length;
    },
    async recognize(image, { languages, timeoutMs, dpi }) {
      const key = (languages.length > 0 ? languages : ["eng"]).join("+");
      const slot = await acquire(key);
      let timer: NodeJS.Timeout | undefined;
      try {
        if (dpi) await slot.worker.setParameters({ user_defined_dpi: String(Math.round(dpi)) });
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new OcrTimeoutError(timeoutMs)), timeoutMs);
        });
        const result = await Promise.race([
          slot.worker.recognize(image, {}, { blocks: true, text: false }),
          timeout,
        ]);
        const words = wordsOf(result.data.blocks as unknown as TesseractBlock[]);
        const confidence = words.length ? words.reduce((s, w) => s + w.confidence, 0) / words.length : 0;
        release(slot);
        return { words, confidence };
      } catch (error) {
        // a worker that timed out (or failed) may still be busy: replace it
        drop(slot);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      const all = slots.splice(0);
      for (const s of all) clearTimeout(s.idle);
      await Promise.all(all.map((s) => s.worker.terminate().catch(() => undefined)));
      for (const w of waiting.splice(0)) w();
    },
  };
}
