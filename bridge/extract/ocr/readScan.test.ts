import { GlobalFonts } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LineTable } from "../types.ts";
import { photograph, renderOrderPage, type TestOrder, tiff } from "./__fixtures__/orderImages.ts";
import { createOcrEngine, type OcrEngine } from "./createOcrEngine.ts";
import { rotateQuarter } from "./grayImage.ts";
import { encodePng } from "./rasterize.ts";
import { readScan, type ScanReading } from "./readScan.ts";

const order: TestOrder = {
  company: "Harbour Tools Ltd",
  po: "PO-88412",
  date: "2026-11-05",
  lines: [
    { code: "HTL-2040", description: "Socket set 40 pieces", quantity: 12, unit: "pcs", price: 38.9 },
    { code: "HTL-3105", description: "Torque wrench 1/2 inch", quantity: 4, unit: "pcs", price: 126.5 },
    { code: "HTL-5580", description: "Safety goggles clear", quantity: 50, unit: "pcs", price: 3.85 },
  ],
};

/** Rows as (code, quantity, price) read from the tables; the description is not what is checked. */
function rowsOf(tables: LineTable[]): string[] {
  return tables.flatMap((t) => {
    const code = t.roles.indexOf("code");
    const qty = t.roles.indexOf("quantity");
    const price = t.roles.indexOf("unit_price");
    return t.rows.map((r) => `${r[code]}|${r[qty]}|${r[price]}`);
  });
}

const expected = (o: TestOrder) => o.lines.map((l) => `${l.code}|${l.quantity}|${l.price.toFixed(2)}`);

let engine: OcrEngine;
beforeAll(() => {
  engine = createOcrEngine({ concurrency: 1 });
});
afterAll(async () => {
  await engine.close();
});

const read = (content: Buffer, filename: string): Promise<ScanReading> =>
  readScan(content, engine, {
    filename,
    languages: ["eng"],
    deadline: Date.now() + 120_000,
    maxPages: 5,
    pageTimeoutMs: 60_000,
  });

// the generated pages need a font on the machine (DejaVu, URW, ...)
describe.skipIf(GlobalFonts.families.length === 0)("reading generated scans", () => {
  it("turns a page scanned sideways back and reads its order table", { timeout: 120_000 }, async () => {
    // turned 90 degrees clockwise: the ink profile finds the lines run down the page, a quarter turn
    // makes them horizontal but upside down, and the OCR confidence turns the page the right way up
    const page = rotateQuarter(renderOrderPage(order), 1);
    const result = await read(encodePng(page), "sideways.png");
    expect(result.ocr.corrections).toEqual(expect.arrayContaining(["turned 90°", "turned 180°"]));
    expect(result.text).toMatch(/Order\s+date:\s+2026-11-05/);
    expect(rowsOf(result.tables)).toEqual(expected(order));
    expect(result.ocr.confidence).toBeGreaterThan(0.8);
  });

  it("reads every page of a multi-page TIFF fax", { timeout: 120_000 }, async () => {
    const first = renderOrderPage({ ...order, lines: order.lines.slice(0, 2), note: "continued overleaf" });
    const second = renderOrderPage({ ...order, po: "PO-88412 page 2", lines: order.lines.slice(2) });
    const result = await read(tiff([first, second]), "fax.tif");
    expect(result.pages).toBe(2);
    expect(result.ocr.pages).toBe(2);
    expect(result.ocr.items.some((i) => i.page === 2)).toBe(true);
    expect(rowsOf(result.tables)).toEqual(expected(order));
    expect(result.text).toMatch(/Total\s+net:\s+192\.50/);
  });

  it("straightens a phone photo taken at an angle", { timeout: 120_000 }, async () => {
    const page = renderOrderPage(order, 200);
    // the sheet lies on a dark desk; its top edge is further from the camera (narrower)
    const photo = photograph(page, 1900, 1400, [
      [260, 120],
      [1640, 170],
      [1820, 1280],
      [90, 1230],
    ]);
    const result = await read(encodePng(photo), "IMG_2041.png");
    expect(result.ocr.corrections).toContain("perspective corrected");
    expect(rowsOf(result.tables)).toEqual(expected(order));
    expect(result.text).toMatch(/Order\s+date:\s+2026-11-05/);
    expect(result.text).toMatch(/Total\s+net:\s+1165\.30/);
  });
});
