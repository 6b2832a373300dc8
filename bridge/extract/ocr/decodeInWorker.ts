import { Worker } from "node:worker_threads";
import { BudgetExceededError } from "./imageBudget.ts";

/** One decoded page, grey (one byte a pixel), with the resolution its file states (0 = none). */
export interface DecodedPage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  xres: number;
  yres: number;
}

export interface DecodeLimits {
  /** Pages decoded at most. */
  maxPages: number;
  /** Pixels of one page at most (checked again on the decoded directory, after the header check). */
  maxPagePixels: number;
  /** Wall-clock limit: the worker is terminated when it is reached, wherever it is. */
  timeoutMs: number;
  /** Heap of the worker (V8 old generation), in MB. */
  maxHeapMb: number;
  /**
   * Growth of the whole process's RSS allowed while the worker decodes (default 768 MB): decoders keep
   * pixels in ArrayBuffers, outside the V8 heap the worker's resourceLimits cap, so the process's
   * resident memory is watched too and the worker terminated when it grows past this.
   */
  maxRssGrowthMb?: number;
}

/**
 * The decoder, run in a worker thread (plain CommonJS: it runs the same under tsx, vitest and the
 * bundled build). It turns each page grey inside the worker and hands the grey bytes over (transfer,
 * no copy), one page at a time.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const req = createRequire(workerData.base);
function grey(rgba, width, height) {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0, p = 0; p < out.length; i += 4, p++) {
    const a = (rgba[i + 3] === undefined ? 255 : rgba[i + 3]) / 255;
    const lum = 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
    out[p] = lum * a + 255 * (1 - a);
  }
  return out;
}
function send(page) {
  parentPort.postMessage({ page }, [page.data.buffer]);
}
function tooLarge(width, height) {
  if (!(width > 0 && height > 0) || width * height > workerData.maxPagePixels) {
    throw new Error("budget: a page of " + width + " x " + height + " pixels is over the limit");
  }
}
async function main() {
  const content = Buffer.from(workerData.content);
  if (workerData.kind === "tiff") {
    const UTIF = req("utif2");
    const first = (v) => Number(Array.isArray(v) ? (Array.isArray(v[0]) ? v[0][0] : v[0]) : v) || 0;
    const ifds = UTIF.decode(content).filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
    for (const ifd of ifds.slice(0, workerData.maxPages)) {
      tooLarge(first(ifd.t256), first(ifd.t257));
      UTIF.decodeImage(content, ifd);
      const width = Number(ifd.width);
      const height = Number(ifd.height);
      tooLarge(width, height);
      const data = grey(UTIF.toRGBA8(ifd), width, height);
      ifd.data = null;
      send({ width, height, data, xres: first(ifd.t282), yres: first(ifd.t283) });
    }
  } else {
    const { createCanvas, loadImage } = req("@napi-rs/canvas");
    const img = await loadImage(content);
    tooLarge(img.width, img.height);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, img.width, img.height);
    ctx.drawImage(img, 0, 0);
    const data = grey(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
    send({ width: img.width, height: img.height, data, xres: 0, yres: 0 });
  }
}
main().then(
  () => parentPort.postMessage({ done: true }),
  (e) => parentPort.postMessage({ error: String((e && e.message) || e).slice(0, 200) }),
);
`;

/**
 * Decodes a PNG/JPEG/GIF/WebP/BMP image or a (multi-page) TIFF in a worker thread with a heap limit
 * and a wall-clock limit that terminates the worker: a decoder stuck in one huge page cannot hold the
 * event loop (health checks, heartbeats) nor the process's memory. Budget problems reject with a
 * BudgetExceededError; a file the decoder cannot read rejects with an ordinary Error.
 */
export async function* decodeInWorker(
  content: Buffer,
  kind: "tiff" | "image",
  limits: DecodeLimits,
): AsyncGenerator<DecodedPage> {
  const copy = new Uint8Array(content.length);
  copy.set(content);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      base: import.meta.url,
      content: copy,
      kind,
      maxPages: limits.maxPages,
      maxPagePixels: limits.maxPagePixels,
    },
    transferList: [copy.buffer],
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxHeapMb,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: true,
    stderr: true,
  });
  const queue: Array<{ page?: DecodedPage; done?: true; error?: Error }> = [];
  let wake: (() => void) | null = null;
  const push = (item: { page?: DecodedPage; done?: true; error?: Error }) => {
    queue.push(item);
    wake?.();
  };
  const timer = setTimeout(() => {
    push({
      error: new BudgetExceededError(
        "image.decode_timeout",
        `Decoding the image took longer than ${Math.round(limits.timeoutMs / 1000)} s; it was stopped.`,
      ),
    });
    void worker.terminate();
  }, limits.timeoutMs);
  const rssLimit = process.memoryUsage.rss() + (limits.maxRssGrowthMb ?? 768) * 1024 * 1024;
  const watchdog = setInterval(() => {
    if (process.memoryUsage.rss() <= rssLimit) return;
    push({
      error: new BudgetExceededError(
        "image.decode_memory",
        `Decoding the image needed more than ${limits.maxRssGrowthMb ?? 768} MB; it was stopped.`,
      ),
    });
    void worker.terminate();
  }, 25);
  worker.on("message", (m: { page?: DecodedPage; done?: true; error?: string }) => {
    if (m.page) push({ page: m.page });
    else if (m.done) push({ done: true });
    else if (m.error !== undefined) {
      push({
        error: m.error.startsWith("budget:")
          ? new BudgetExceededError("image.too_large", `The image ${m.error.slice(8)}; it was not decoded.`)
          : new Error(m.error),
      });
    }
  });
  worker.on("error", (err: Error & { code?: string }) => {
    push({
      error:
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new BudgetExceededError(
              "image.decode_memory",
              `Decoding the image needed more than ${limits.maxHeapMb} MB; it was stopped.`,
            )
          : new Error(err.message.slice(0, 200)),
    });
  });
  worker.on("exit", () => push({ error: new Error("the image decoder stopped") }));
  try {
    for (;;) {
      const next = queue.shift();
      if (!next) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (next.error) throw next.error;
      if (next.done) return;
      if (next.page) yield next.page;
    }
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    await worker.terminate();
  }
}
