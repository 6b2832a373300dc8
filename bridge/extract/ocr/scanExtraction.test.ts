import { createCanvas } from "@napi-rs/canvas";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { createClaudeReader } from "../llm/createClaudeReader.ts";
import type { Catalog, Product } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import type { ExtractionResult } from "../types.ts";
import { tiff } from "./__fixtures__/orderImages.ts";
import type { OcrEngine, OcrWord } from "./createOcrEngine.ts";
import { createScanReader } from "./createScanReader.ts";
import { grayImage } from "./grayImage.ts";
import type { OcrLanguage } from "./tessdataDir.ts";

/*
 * The extraction of a scan with a stand-in OCR engine that "reads" a given page of words: what is
 * tested here is everything after tesseract (tables, repairs, confidences, the draft gate, the model
 * as second reader), fast and exactly. readScan.test.ts reads real rendered images with tesseract.
 */

const product = (default_code: string, name: string, list_price: number, uom = "kg"): Product => ({
  default_code,
  name,
  list_price,
  currency: "EUR",
  uom,
  barcode: null,
  category: "",
});

const catalog: Catalog = {
  ownDomain: "ourcompany.example",
  products: [
    product("ING-4002", "Wheat Flour Type 550", 0.58),
    product("ING-4501", "Butter unsalted 82 %", 7.8),
    product("ING-4950", "Glucose syrup DE40", 1.7),
  ],
  customers: [
    {
      ref: "C-7",
      name: "Bäckerei Sonnenschein GmbH",
      email_domain: "sonnenschein.example",
      contact_emails: ["einkauf@sonnenschein.example"],
      contact_names: ["Eva Klein"],
      vat: null,
      country: "DE",
      currency: "EUR",
      language: "de",
    },
  ],
  vendors: [],
};

type Cell = string | [string, number];
/** A page of words in rows (x in pixels per cell, y per row), as tesseract would return them. */
function page(rows: Array<{ y: number; cells: Array<[number, Cell]> }>): OcrWord[] {
  const words: OcrWord[] = [];
  rows.forEach((row, line) => {
    for (const [x, cell] of row.cells) {
      const [text, confidence] = typeof cell === "string" ? [cell, 93] : cell;
      let at = x;
      for (const w of text.split(" ")) {
        const width = w.length * 20;
        words.push({
          text: w,
          confidence,
          x0: at,
          y0: row.y - 30,
          x1: at + width,
          y1: row.y,
          baseline: row.y,
          lineHeight: 40,
          line,
        });
        at += width + 16;
      }
    }
  });
  return words;
}

function orderPage(
  opts: { code2?: Cell; price2?: Cell; total?: string; line3?: Array<[number, Cell]> } = {},
) {
  return page([
    { y: 200, cells: [[150, "Bäckerei Sonnenschein GmbH"]] },
    { y: 300, cells: [[150, "BESTELLUNG SO-2026-118"]] },
    { y: 360, cells: [[150, "Datum: 05.11.2026"]] },
    {
      y: 480,
      cells: [
        [150, "Pos"],
        [260, "Art.-Nr."],
        [520, "Bezeichnung"],
        [1200, "Menge"],
        [1400, "ME"],
        [1600, "Preis"],
      ],
    },
    {
      y: 540,
      cells: [
        [150, "1"],
        [260, "ING-4002"],
        [520, "Weizenmehl Type 550"],
        [1220, "500"],
        [1400, "kg"],
        [1600, "0,58"],
      ],
    },
    {
      y: 600,
      cells: [
        [150, "2"],
        [260, opts.code2 ?? "ING-4501"],
        [520, "Butter ungesalzen"],
        [1240, "40"],
        [1400, "kg"],
        [1600, opts.price2 ?? "7,80"],
      ],
    },
    {
      y: 660,
      cells: opts.line3 ?? [
        [150, "3"],
        [260, "ING-4950"],
        [520, "Glukosesirup DE40"],
        [1240, "20"],
        [1400, "kg"],
        [1600, "1,70"],
      ],
    },
    { y: 780, cells: [[1100, `Nettobetrag: ${opts.total ?? "636,00"} EUR`]] },
  ]);
}

function fakeEngine(words: OcrWord[]) {
  const calls: OcrLanguage[][] = [];
  const engine: OcrEngine = {
    workers: 0,
    async recognize(_image, { languages }) {
      calls.push(languages);
      return { words, confidence: words.reduce((s, w) => s + w.confidence, 0) / words.length };
    },
    async close() {},
  };
  return { engine, calls };
}

/** A blank page image; its "text" comes from the stand-in engine. */
function blankPng(): Buffer {
  const c = createCanvas(2000, 2000);
  const ctx = c.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, 2000, 2000);
  return c.toBuffer("image/png");
}

function email(attachment: { name: string; type: string; content: Buffer }): Buffer {
  const b64 = attachment.content.toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.from(
    [
      "From: Eva Klein <einkauf@sonnenschein.example>",
      "To: orders@ourcompany.example",
      "Subject: Bestellung",
      "Date: Thu, 05 Nov 2026 09:12:00 +0100",
      "Message-ID: <scan-1@sonnenschein.example>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Guten Tag, anbei unsere Bestellung (Scan).",
      "--b1",
      `Content-Type: ${attachment.type}; name="${attachment.name}"`,
      `Content-Disposition: attachment; filename="${attachment.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      b64,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

/** A photographed page: noise makes it as large as a real photo (a blank page compresses to little). */
function photoPng(): Buffer {
  const c = createCanvas(1200, 1200);
  const ctx = c.getContext("2d");
  const img = ctx.createImageData(1200, 1200);
  let seed = 7;
  for (let i = 0; i < img.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const v = 200 + (seed % 56);
    img.data[i] = v;
    img.data[i + 1] = v;
    img.data[i + 2] = v;
    img.data[i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return c.toBuffer("image/png");
}

/** A signature logo: small. */
function logoPng(): Buffer {
  const c = createCanvas(120, 40);
  const ctx = c.getContext("2d");
  ctx.fillStyle = "#003366";
  ctx.fillRect(0, 0, 120, 40);
  return c.toBuffer("image/png");
}

/** An HTML email with the image inline (Content-ID, referenced by the body), as phone mail apps send. */
function inlineEmail(image: { name: string; content: Buffer }): Buffer {
  const b64 = image.content.toString("base64").replace(/.{76}/g, "$&\r\n");
  return Buffer.from(
    [
      "From: Eva Klein <einkauf@sonnenschein.example>",
      "To: orders@ourcompany.example",
      "Subject: Bestellung",
      "Date: Thu, 05 Nov 2026 09:12:00 +0100",
      `Message-ID: <inline-${image.name}@sonnenschein.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/related; boundary="r1"',
      "",
      "--r1",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>Guten Tag, anbei unsere Bestellung.</p><img src="cid:img1@phone">',
      "--r1",
      `Content-Type: image/png; name="${image.name}"`,
      `Content-Disposition: inline; filename="${image.name}"`,
      "Content-ID: <img1@phone>",
      "Content-Transfer-Encoding: base64",
      "",
      b64,
      "--r1--",
      "",
    ].join("\r\n"),
  );
}

async function extract(words: OcrWord[], llm: ReturnType<typeof createClaudeReader> | null = null) {
  const { engine, calls } = fakeEngine(words);
  const ocr = createScanReader({ engine, catalog });
  const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), ocr, llm });
  const result = await extractor.extract(email({ name: "scan.png", type: "image/png", content: blankPng() }));
  return { result, calls };
}

const codes = (r: ExtractionResult) =>
  r.orders[0]?.lines.map((l) => `${l.default_code} ${l.quantity} ${l.unit_price}`);
const has = (r: ExtractionResult, code: string) => r.reasons.some((x) => x.code === code);

describe("a scanned order through the one extraction path", () => {
  it("reads a page again, enlarged, when the first reading finds no order table", async () => {
    // the first reading garbles the header beyond repair; the second reads it
    const garbled = orderPage().map((w) => (w.text === "Menge" ? { ...w, text: "M#%%" } : w));
    const good = orderPage();
    const seen: number[] = [];
    const engine: OcrEngine = {
      workers: 0,
      async recognize(_image, { dpi }) {
        seen.push(dpi ?? 0);
        const words = seen.length === 1 ? garbled : good;
        return { words, confidence: 93 };
      },
      async close() {},
    };
    const extractor = createExtractor({
      catalog,
      seen: createMemorySeenStore(),
      ocr: createScanReader({ engine, catalog }),
    });
    const result = await extractor.extract(
      email({ name: "scan.png", type: "image/png", content: blankPng() }),
    );
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBeGreaterThan(seen[0]!);
    expect(result.reasons.some((r) => r.code === "ocr.second_reading")).toBe(true);
    expect(codes(result)).toEqual(["ING-4002 500 0.58", "ING-4501 40 7.8", "ING-4950 20 1.7"]);
  });

  it("reads a short scan again, enlarged, when its rows do not add up, and keeps the better reading", async () => {
    const readings = [orderPage({ code2: "XYZ-0000", price2: "1,80" }), orderPage()];
    let calls = 0;
    const engine: OcrEngine = {
      workers: 0,
      async recognize() {
        const words = readings[Math.min(calls++, 1)]!;
        return { words, confidence: 93 };
      },
      async close() {},
    };
    const extractor = createExtractor({
      catalog,
      seen: createMemorySeenStore(),
      ocr: createScanReader({ engine, catalog }),
    });
    const result = await extractor.extract(
      email({ name: "scan.png", type: "image/png", content: blankPng() }),
    );
    expect(calls).toBe(2);
    expect(result.reasons.find((r) => r.code === "ocr.second_reading")?.message).toMatch(/3 of 3 rows/);
    expect(codes(result)).toEqual(["ING-4002 500 0.58", "ING-4501 40 7.8", "ING-4950 20 1.7"]);
    expect(result.expect).toBe("draft");
  });

  it("reads the scan's table like a PDF's and lets it reach draft when codes and total confirm it", async () => {
    const { result, calls } = await extract(orderPage());
    expect(calls[0]).toEqual(["deu", "eng"]); // the sender's language first, English as fallback
    expect(codes(result)).toEqual(["ING-4002 500 0.58", "ING-4501 40 7.8", "ING-4950 20 1.7"]);
    expect(result.orders[0]?.customer_reference).toBe("SO-2026-118");
    expect(result.orders[0]?.total_untaxed).toBe(636);
    expect(has(result, "ocr.read")).toBe(true);
    expect(has(result, "scan.needs_ocr")).toBe(false);
    expect(result.expect).toBe("draft");
  });

  it("reads a photo that a phone mail app sent inline, and leaves a small inline logo alone", async () => {
    const { engine } = fakeEngine(orderPage());
    const ocr = createScanReader({ engine, catalog });
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), ocr, llm: null });
    const photo = await extractor.extract(inlineEmail({ name: "IMG_0412.png", content: photoPng() }));
    expect(codes(photo)).toEqual(["ING-4002 500 0.58", "ING-4501 40 7.8", "ING-4950 20 1.7"]);
    expect(photo.metadata?.attachments).toBe(1);

    const logo = await extractor.extract(inlineEmail({ name: "logo.png", content: logoPng() }));
    expect(logo.orders.flatMap((o) => o.lines)).toEqual([]);
    expect(logo.metadata?.attachments).toBe(0);
  });

  it("repairs 0/O in a code only to the one catalog code it can be, and 8/B in a price only when the catalog price confirms it", async () => {
    const { result } = await extract(orderPage({ code2: "ING-45O1", price2: "7,B0" }));
    expect(codes(result)).toEqual(["ING-4002 500 0.58", "ING-4501 40 7.8", "ING-4950 20 1.7"]);
    const repairs = result.reasons.filter((r) => r.code.startsWith("ocr.") && r.code.endsWith("_repaired"));
    expect(repairs.map((r) => r.code).sort()).toEqual(["ocr.code_repaired", "ocr.number_repaired"]);
    expect(repairs.find((r) => r.code === "ocr.code_repaired")?.message).toContain("ING-4501");
    expect(result.expect).toBe("draft");
  });

  it("does not guess: a code that fits no catalog code stays unmatched and the scan goes to review", async () => {
    const { result } = await extract(orderPage({ code2: "XYZ-9999" }));
    expect(has(result, "ocr.code_repaired")).toBe(false);
    expect(has(result, "ocr.lines_not_by_code")).toBe(true);
    expect(result.expect).toBe("review");
  });

  it("sends a scan whose lines do not add up to the stated total to review", async () => {
    const { result } = await extract(orderPage({ total: "663,00" }));
    expect(has(result, "ocr.totals_unconfirmed")).toBe(true);
    expect(result.expect).toBe("review");
  });

  it("carries the OCR word confidences into the line confidences", async () => {
    const sure = (await extract(orderPage())).result;
    const unsure = (await extract(orderPage({ price2: ["7,80", 41] }))).result;
    const c = (r: ExtractionResult, i: number) => r.orders[0]?.lines[i]?.confidence ?? 0;
    expect(c(unsure, 1)).toBeLessThan(c(sure, 1));
    expect(c(unsure, 0)).toBe(c(sure, 0));
    expect(unsure.reasons.some((r) => r.code === "ocr.line_unsure" && r.path === "order[0].lines[1]")).toBe(
      true,
    );
    expect(unsure.confidence).toBeLessThan(sure.confidence);
  });
});

const URL = "https://api.anthropic.com/v1/messages";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const bufferedFetch: typeof fetch = async (url, init) => {
  const res = await fetch(url, init);
  return new Response(await res.arrayBuffer(), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
};
const claude = () =>
  createClaudeReader({
    apiKey: "test-key",
    model: "claude-sonnet-4-5",
    timeoutMs: 5_000,
    maxRetries: 0,
    fetch: bufferedFetch,
  });

const modelReading = (butterQty: number) => ({
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    {
      type: "tool_use",
      id: "toolu_01A09q90qw90lq917835lq9",
      name: "record_order",
      input: {
        kind: "sales_order",
        customer_name: "Bäckerei Sonnenschein GmbH",
        suspicious_instructions: false,
        orders: [
          {
            customer_reference: "SO-2026-118",
            order_date: "2026-11-05",
            delivery_date: null,
            currency: "EUR",
            total_untaxed: 636,
            lines: [
              {
                product_code: "ING-4002",
                customer_sku: null,
                description: "Weizenmehl Type 550",
                quantity: 500,
                unit: "kg",
                unit_price: 0.58,
              },
              {
                product_code: "ING-4501",
                customer_sku: null,
                description: "Butter ungesalzen",
                quantity: butterQty,
                unit: "kg",
                unit_price: 7.8,
              },
              {
                product_code: "ING-4950",
                customer_sku: null,
                description: "Glukosesirup DE40",
                quantity: 20,
                unit: "kg",
                unit_price: 1.7,
              },
            ],
          },
        ],
      },
    },
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: { input_tokens: 3120, output_tokens: 410 },
});

type Body = { messages: Array<{ content: Array<{ type: string; source?: { media_type?: string } }> }> };

describe("the model as a second reader of the scan", () => {
  it("gets the image itself, and its agreement with the OCR raises the confidence", async () => {
    let body: Body | null = null;
    server.use(
      http.post(URL, async ({ request }) => {
        body = (await request.json()) as Body;
        return HttpResponse.json(modelReading(40));
      }),
    );
    const alone = (await extract(orderPage())).result;
    const both = (await extract(orderPage(), claude())).result;
    const blocks = (body as Body | null)?.messages[0]?.content ?? [];
    expect(blocks.some((b) => b.type === "image" && b.source?.media_type === "image/png")).toBe(true);
    expect(both.confidence).toBeGreaterThan(alone.confidence);
    expect(both.expect).toBe("draft");
  });

  it("lists a disagreement between OCR and model and sends the scan to review", async () => {
    server.use(http.post(URL, () => HttpResponse.json(modelReading(46))));
    const { result } = await extract(orderPage(), claude());
    expect(result.reasons.some((r) => r.code === "model.disagrees" && /quantity|40|46/.test(r.message))).toBe(
      true,
    );
    expect(result.expect).toBe("review");
  });

  it("turns a TIFF fax into PNG pages for the model, which does not read TIFF", async () => {
    const { engine } = fakeEngine(orderPage());
    const ocr = createScanReader({ engine, catalog });
    const fax = tiff([grayImage(400, 300), grayImage(400, 300)]);
    const docs = await ocr.forModel([
      { filename: "fax.tif", contentType: "image/tiff", content: fax },
      { filename: "po.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4") },
    ]);
    expect(docs.map((d) => [d.filename, d.contentType])).toEqual([
      ["fax.tif.page1.png", "image/png"],
      ["fax.tif.page2.png", "image/png"],
      ["po.pdf", "application/pdf"],
    ]);
  });
});
