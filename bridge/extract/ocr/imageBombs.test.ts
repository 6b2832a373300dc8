import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { smallCatalog } from "../mime/__fixtures__/smallCatalog.ts";
import { mailWithAttachment, pngDeclaring, tiffDeclaring } from "./__fixtures__/imageBombs.ts";
import type { OcrEngine } from "./createOcrEngine.ts";
import { createScanReader } from "./createScanReader.ts";
import { decodeInWorker } from "./decodeInWorker.ts";
import { checkImageBudget, readImageHeader } from "./imageBudget.ts";
import { rasterPages } from "./rasterize.ts";

/** An OCR engine that must never be reached: an image over its budget is not decoded at all. */
function untouchedEngine() {
  const calls: number[] = [];
  const engine: OcrEngine = {
    workers: 0,
    async recognize(image) {
      calls.push(image.length);
      return { words: [], confidence: 0 };
    },
    async close() {},
  };
  return { engine, calls };
}

describe("image bombs (P14 point 1)", () => {
  it("reads the declared size from the header of PNG and TIFF files without decoding", () => {
    expect(readImageHeader(pngDeclaring(20000, 20000))?.sizes).toEqual([{ width: 20000, height: 20000 }]);
    const tiff = readImageHeader(tiffDeclaring(60000, 60000));
    expect(tiff?.sizes).toEqual([{ width: 60000, height: 60000 }]);
    expect(checkImageBudget(tiff!, 1)?.code).toBe("image.too_large");
    expect(checkImageBudget(readImageHeader(pngDeclaring(2480, 3508))!, 1)).toBeNull();
  });

  it.each([
    ["scan.png", "image/png", () => pngDeclaring(20000, 20000, 200)],
    ["fax.tif", "image/tiff", () => tiffDeclaring(60000, 60000)],
  ])("a %s declaring a huge size ends with a hard reason, not decoded nor read", async (name, type, make) => {
    const { engine, calls } = untouchedEngine();
    const extractor = createExtractor({
      catalog: smallCatalog,
      seen: createMemorySeenStore(),
      ocr: createScanReader({ engine, catalog: smallCatalog }),
    });
    const before = process.memoryUsage().rss;
    const result = await extractor.extract(
      mailWithAttachment("Anna Buyer <buyer@acme.example>", name, type, make()),
    );
    const bomb = result.reasons.find((r) => r.code === "image.too_large");
    expect(bomb?.severity).toBe("hard");
    expect(bomb?.message).toMatch(/declares \d+ x \d+ pixels/);
    expect(result.expect).not.toBe("draft");
    expect(calls).toHaveLength(0);
    // nothing near the 1.6 GB (PNG) or 14 GB (TIFF) a decode would take
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });

  it("refuses a huge image in the rasterizer too (the model's page converter), before decoding", async () => {
    const pages = rasterPages(tiffDeclaring(60000, 60000), {
      maxPages: 5,
      pdfDpi: 150,
      deadline: Date.now() + 5000,
    });
    await expect(pages.next()).rejects.toMatchObject({ code: "image.too_large" });
  });

  it("decodes in a child process whose wall-clock limit really interrupts it", async () => {
    // 8000 x 4000 is within the pixel budget but cannot be decoded and greyed in 1 ms
    const png = pngDeclaring(8000, 4000, 4000);
    const started = Date.now();
    const run = async () => {
      for await (const _ of decodeInWorker(png, "image", {
        maxPages: 1,
        maxPagePixels: 40_000_000,
        timeoutMs: 1,
        maxHeapMb: 256,
      })) {
        // no page is expected
      }
    };
    await expect(run()).rejects.toMatchObject({ code: "image.decode_timeout" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("survives a PNG that crashes the native decoder (found by the fuzz test): the decoder process dies, not the service", async () => {
    // a grey PNG whose IHDR chunk type was mutated: @napi-rs/canvas's loadImage ends in a segfault
    const crasher = Buffer.from(
      "89504e470d0a1a0a0000000d4948b25200000384000003b50800000000dc25a0e70000006c4944415478daedd38d0d18660cc3b0f227dd62d8b59a86102929f02a128009c1848009c1e48009c1848009c1848009c184800961848009c1848009c1848009c1848009c184800972848009c1848009c1848009c1848009c1848009c1848009c1848009dc848009c184c0dd003c621b95da8697760000000049454e44ae426082",
      "hex",
    );
    const run = async () => {
      for await (const _ of decodeInWorker(crasher, "image", {
        maxPages: 1,
        maxPagePixels: 40_000_000,
        timeoutMs: 10_000,
        maxHeapMb: 256,
      })) {
        // no page is expected
      }
    };
    await expect(run()).rejects.toMatchObject({ code: "image.decoder_crashed" });
    // and through extract, it ends with a reason
    const { engine } = untouchedEngine();
    const extractor = createExtractor({
      catalog: smallCatalog,
      seen: createMemorySeenStore(),
      ocr: createScanReader({ engine, catalog: smallCatalog }),
    });
    const result = await extractor.extract(
      mailWithAttachment("Anna Buyer <buyer@acme.example>", "crash.png", "image/png", crasher),
    );
    expect(result.reasons.some((r) => r.code === "image.decoder_crashed")).toBe(true);
  });

  it("decodes a normal image in the child process, grey, at its size", async () => {
    const pages = [];
    for await (const p of decodeInWorker(pngDeclaring(640, 480, 480), "image", {
      maxPages: 1,
      maxPagePixels: 40_000_000,
      timeoutMs: 10_000,
      maxHeapMb: 256,
    })) {
      pages.push(p);
    }
    expect(pages).toHaveLength(1);
    expect([pages[0]?.width, pages[0]?.height, pages[0]?.data.length, pages[0]?.data[0]]).toEqual([
      640,
      480,
      640 * 480,
      255,
    ]);
  });
});
