import { GlobalFonts } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { renderOrderPage, tiff } from "./__fixtures__/orderImages.ts";
import { createOcrEngine, OcrTimeoutError } from "./createOcrEngine.ts";
import { crop } from "./grayImage.ts";
import { encodePgm } from "./rasterize.ts";
import { readScan } from "./readScan.ts";

const page = (po: string) =>
  renderOrderPage({
    company: "Pool Test Ltd",
    po,
    date: "2026-11-05",
    lines: [{ code: "POOL-100", description: "Widget", quantity: 2, unit: "pcs", price: 3 }],
  });
// just the heading of a page: quick to read
const heading = (po: string) => encodePgm(crop(page(po), 100, 150, 1200, 500));

describe.skipIf(GlobalFonts.families.length === 0)("the OCR worker pool", () => {
  it("reads at most `concurrency` pages at a time, reusing its workers", { timeout: 60_000 }, async () => {
    const engine = createOcrEngine({ concurrency: 2 });
    try {
      let most = 0;
      const watch = setInterval(() => {
        most = Math.max(most, engine.workers);
      }, 5);
      const pages = await Promise.all(
        ["PO-1", "PO-2", "PO-3", "PO-4"].map((po) =>
          engine.recognize(heading(po), { languages: ["eng"], timeoutMs: 30_000 }),
        ),
      );
      clearInterval(watch);
      expect(pages.map((p) => p.words.map((w) => w.text).join(" "))).toEqual([
        expect.stringContaining("PO-1"),
        expect.stringContaining("PO-2"),
        expect.stringContaining("PO-3"),
        expect.stringContaining("PO-4"),
      ]);
      expect(most).toBeLessThanOrEqual(2);
      expect(engine.workers).toBe(2);
    } finally {
      await engine.close();
    }
    expect(engine.workers).toBe(0);
  });

  it("gives an idle worker's memory back after a while", { timeout: 60_000 }, async () => {
    const engine = createOcrEngine({ concurrency: 1, idleMs: 200 });
    try {
      await engine.recognize(heading("PO-5"), { languages: ["eng"], timeoutMs: 30_000 });
      expect(engine.workers).toBe(1);
      await new Promise((r) => setTimeout(r, 600));
      expect(engine.workers).toBe(0);
      const again = await engine.recognize(heading("PO-6"), { languages: ["eng"], timeoutMs: 30_000 });
      expect(again.words.map((w) => w.text).join(" ")).toContain("PO-6");
    } finally {
      await engine.close();
    }
  });

  it("stops a page over its time limit, replaces the worker, and goes on", { timeout: 60_000 }, async () => {
    const engine = createOcrEngine({ concurrency: 1 });
    try {
      await expect(
        engine.recognize(heading("PO-9"), { languages: ["eng"], timeoutMs: 1 }),
      ).rejects.toBeInstanceOf(OcrTimeoutError);
      expect(engine.workers).toBe(0);
      const next = await engine.recognize(heading("PO-10"), { languages: ["eng"], timeoutMs: 30_000 });
      expect(next.words.map((w) => w.text).join(" ")).toContain("PO-10");
    } finally {
      await engine.close();
    }
  });

  it("reads no more pages of a long fax than allowed, and says so", { timeout: 60_000 }, async () => {
    const engine = createOcrEngine({ concurrency: 1 });
    try {
      const small = crop(page("FX-1"), 100, 150, 1200, 500);
      const fax = tiff([small, small, small, small, small]);
      const read = await readScan(fax, engine, {
        filename: "long.tif",
        languages: ["eng"],
        deadline: Date.now() + 60_000,
        maxPages: 2,
        pageTimeoutMs: 30_000,
      });
      expect(read.ocr.pages).toBe(2);
      expect(read.pages).toBe(5);
      expect(read.reasons.map((r) => r.code)).toContain("ocr.page_limit");
    } finally {
      await engine.close();
    }
  });
});
