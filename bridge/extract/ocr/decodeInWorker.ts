import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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
  /** Wall-clock limit: the decoder is killed when it is reached, wherever it is. */
  timeoutMs: number;
  /** Heap of the decoding process (V8 old generation), in MB. */
  maxHeapMb: number;
  /** Resident memory of the decoding process, in MB (default 1024): it is killed past this. */
  maxRssMb?: number;
}

/**
 * The decoder, run in a child process (plain CommonJS: it runs the same under tsx, vitest and the
 * bundled build). It turns each page grey there and sends the grey bytes over IPC, one page at a time.
 */
const CHILD_SOURCE = `
const { createRequire } = require("node:module");
let workerData;
const parentPort = { postMessage: (m) => process.send(m) };
let req;
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
  parentPort.postMessage({ page });
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
process.once("message", (data) => {
  workerData = data;
  req = createRequire(workerData.base);
  main().then(
    () => process.send({ done: true }, () => process.exit(0)),
    (e) => process.send({ error: String((e && e.message) || e).slice(0, 200) }, () => process.exit(0)),
  );
});
`;

/** Resident memory of a process, from /proc (Linux); null where it cannot be read. */
function residentBytes(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, "latin1").split(" ")[1]);
    return Number.isFinite(pages) ? pages * 4096 : null;
  } catch {
    return null;
  }
}

/**
 * Decodes a PNG/JPEG/GIF/WebP/BMP image or a (multi-page) TIFF in a child process: a native decoder
 * that crashes on a crafted file (a segmentation fault in the image library was found by the fuzz
 * test) takes only the child down; a heap limit (--max-old-space-size), a watchdog on the child's
 * resident memory (decoders keep pixels outside the V8 heap) and a wall-clock limit that kills it
 * bound what one file can cost, and the event loop of the service (health checks, heartbeats) is
 * never held. Budget problems reject with a BudgetExceededError; a file the decoder cannot read
 * rejects with an ordinary Error.
 */
export async function* decodeInWorker(
  content: Buffer,
  kind: "tiff" | "image",
  limits: DecodeLimits,
): AsyncGenerator<DecodedPage> {
  const child = spawn(process.execPath, [`--max-old-space-size=${limits.maxHeapMb}`, "-e", CHILD_SOURCE], {
    stdio: ["ignore", "ignore", "ignore", "ipc"],
    serialization: "advanced",
    env: {},
  });
  const queue: Array<{ page?: DecodedPage; done?: true; error?: Error }> = [];
  let wake: (() => void) | null = null;
  const push = (item: { page?: DecodedPage; done?: true; error?: Error }) => {
    queue.push(item);
    wake?.();
  };
  let ended = false;
  const stop = () => {
    if (!ended) child.kill("SIGKILL");
  };
  const timer = setTimeout(() => {
    push({
      error: new BudgetExceededError(
        "image.decode_timeout",
        `Decoding the image took longer than ${Math.round(limits.timeoutMs / 1000)} s; it was stopped.`,
      ),
    });
    stop();
  }, limits.timeoutMs);
  const maxRss = (limits.maxRssMb ?? 1024) * 1024 * 1024;
  const watchdog = setInterval(() => {
    const rss = residentBytes(child.pid);
    if (rss === null || rss <= maxRss) return;
    push({
      error: new BudgetExceededError(
        "image.decode_memory",
        `Decoding the image needed more than ${limits.maxRssMb ?? 1024} MB; it was stopped.`,
      ),
    });
    stop();
  }, 25);
  child.on("message", (m: { page?: DecodedPage; done?: true; error?: string }) => {
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
  child.on("error", (err) => push({ error: new Error(`the image decoder could not start: ${err.message}`) }));
  child.on("exit", (code, signal) => {
    ended = true;
    push({
      error:
        signal === "SIGSEGV" || signal === "SIGBUS" || signal === "SIGABRT" || (code !== null && code > 128)
          ? new BudgetExceededError(
              "image.decoder_crashed",
              "The image decoder crashed on this file; it is damaged or crafted.",
            )
          : code !== 0 && signal === null
            ? new BudgetExceededError(
                "image.decode_memory",
                `Decoding the image stopped (exit ${code}): over its memory limit or damaged.`,
              )
            : new Error("the image decoder stopped"),
    });
  });
  const copy = new Uint8Array(content.length);
  copy.set(content);
  child.send({
    base: import.meta.url,
    content: copy,
    kind,
    maxPages: limits.maxPages,
    maxPagePixels: limits.maxPagePixels,
  });
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
    stop();
  }
}
