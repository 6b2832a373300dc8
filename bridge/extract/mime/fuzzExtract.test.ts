import { writeFileSync, writeSync } from "node:fs";
import { deflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { minimalPdf, textAt } from "../documents/__fixtures__/minimalPdf.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { mailWithAttachment, pngDeclaring, tiffDeclaring } from "../ocr/__fixtures__/imageBombs.ts";
import type { OcrEngine } from "../ocr/createOcrEngine.ts";
import { createScanReader } from "../ocr/createScanReader.ts";
import { smallCatalog } from "./__fixtures__/smallCatalog.ts";
import { MessageBudgetError } from "./parseEmail.ts";

/*
 * Fuzzing (P14): generated malformed MIME, PDF, XLSX, TIFF/PNG and XML inputs through `extract`.
 * Every input must end, within its time limit and the memory budget, either with a result that
 * carries reasons or with a MessageBudgetError (what the job records as a permanent failure with its
 * reason). Deterministic: a seeded generator, so a failure names an input that can be replayed.
 * XML attachments are read as text by today's readers (the safe XML readers of bridge/extract/
 * structured are being written elsewhere); they are fuzzed through `extract` as they are read now.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const PER_FORMAT = Number(process.env.FUZZ_PER_FORMAT ?? 110);
const INPUT_TIMEOUT_MS = 20_000;

/** mulberry32: small, fast, seeded. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}
type Rng = ReturnType<typeof rng>;

/** Generic byte-level mutations: flips, truncation, duplication, insertion of junk or of a keyword. */
function mutate(r: Rng, input: Buffer, keywords: string[] = []): Buffer {
  let b = Buffer.from(input);
  const rounds = 1 + r.int(4);
  for (let i = 0; i < rounds; i++) {
    const at = r.int(Math.max(1, b.length));
    switch (r.int(6)) {
      case 0:
        for (let k = 0; k < 1 + r.int(16); k++) {
          const p = r.int(b.length);
          b[p] = r.int(256);
        }
        break;
      case 1:
        b = b.subarray(0, at);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at - Math.min(at, 200), at), b.subarray(at)]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), r.bytes(1 + r.int(64)), b.subarray(at)]);
        break;
      case 4:
        if (keywords.length > 0) {
          b = Buffer.concat([b.subarray(0, at), Buffer.from(r.pick(keywords), "latin1"), b.subarray(at)]);
        }
        break;
      default:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + r.int(100))]);
    }
  }
  return b;
}

const FROM = ["Anna Buyer <buyer@acme.example>", "x@unknown.example", "=?utf-8?B?////?= <a@b>", "", "<>"];

function mimeInputs(r: Rng, n: number): Buffer[] {
  const base = [
    "From: Anna Buyer <buyer@acme.example>",
    "To: orders@ourcompany.example",
    "Subject: =?utf-8?Q?Bestellung_=C3=BC?= PO-77",
    "Message-ID: <fuzz@acme.example>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="XX"',
    "",
    "--XX",
    'Content-Type: multipart/alternative; boundary="YY"',
    "",
    "--YY",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "100 x BOX-1001 @ 0,90=0D=0A20 x TAPE-2001 @ 2,50",
    "--YY",
    "Content-Type: text/html; charset=iso-8859-1",
    "",
    "<table><tr><td>BOX-1002</td><td>5</td></tr></table>",
    "--YY--",
    "--XX",
    'Content-Type: message/rfc822; name="fwd.eml"',
    "",
    "From: inner@acme.example",
    "Subject: inner",
    "",
    "inner body",
    "--XX",
    'Content-Type: application/octet-stream; name="a.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    "AAECAwQFBgcICQ==",
    "--XX--",
    "",
  ].join("\r\n");
  const keywords = [
    "\r\n--XX\r\n",
    "\r\n--YY--\r\n",
    'Content-Type: multipart/mixed; boundary="ZZ"\r\n',
    "Content-Transfer-Encoding: base64\r\n",
    "=?utf-8?B?",
    "\u0000",
    "charset=x-unknown",
    "\r\n\r\n",
    "Content-Disposition: attachment; filename*=utf-8''%FF%FE\r\n",
  ];
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    if (kind === 0) out.push(mutate(r, Buffer.from(base), keywords));
    else if (kind === 1) {
      // nested multiparts, sometimes past the budget
      const depth = r.pick([3, 10, 40, 80]);
      let body = "deep";
      for (let d = 0; d < depth; d++) {
        body = `Content-Type: multipart/mixed; boundary="b${d}"\r\n\r\n--b${d}\r\n${body}\r\n--b${d}--`;
      }
      out.push(Buffer.from(`From: ${r.pick(FROM)}\r\nSubject: deep\r\n${body}\r\n`));
    } else if (kind === 2) {
      // many parts, sometimes past the budget
      const parts = r.pick([5, 50, 600, 2000]);
      const body = Array.from(
        { length: parts },
        (_, k) => `--p\r\nContent-Type: text/plain\r\n\r\n${k}`,
      ).join("\r\n");
      out.push(
        Buffer.from(
          `From: ${r.pick(FROM)}\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n${body}\r\n--p--\r\n`,
        ),
      );
    } else if (kind === 3) {
      // long or broken headers
      const header = r.pick(["X-A", "Subject", "From", "Reply-To", "Authentication-Results", "Message-ID"]);
      const len = r.pick([10, 1000, 100_000, 300_000]);
      const value = r.pick(["a", "=?utf-8?Q?=FF?= ", "<", "\t", "\r\n "]).repeat(Math.ceil(len / 4));
      out.push(Buffer.from(`From: ${r.pick(FROM)}\r\n${header}: ${value}\r\n\r\nbody\r\n`));
    } else if (kind === 4) {
      out.push(r.bytes(r.int(4000)));
    } else {
      // broken transfer encodings of a document
      const enc = r.pick(["base64", "quoted-printable", "x-uuencode", "8bit", "binary"]);
      out.push(
        Buffer.from(
          `From: ${r.pick(FROM)}\r\nContent-Type: multipart/mixed; boundary="q"\r\n\r\n--q\r\nContent-Type: application/pdf; name="po.pdf"\r\nContent-Transfer-Encoding: ${enc}\r\nContent-Disposition: attachment; filename="po.pdf"\r\n\r\n${r.bytes(200 + r.int(3000)).toString("latin1")}\r\n--q--\r\n`,
          "latin1",
        ),
      );
    }
  }
  return out;
}

function pdfInputs(r: Rng, n: number): Buffer[] {
  const good = minimalPdf([
    [textAt(50, 750, "PURCHASE ORDER PO-9"), textAt(50, 700, "BOX-1001  100  0.90  90.00")].join("\n"),
  ]);
  const keywords = [
    "/Count 1000000000",
    "/Type /Pages /Kids [1 0 R]",
    "/Filter /FlateDecode",
    "/Length 999999999",
    "xref\n0 99999\n",
    "/Encrypt << >>",
    "/MediaBox [0 0 1e9 1e9]",
    "stream\n",
    "endobj",
  ];
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 5 === 4) {
      // a page stream that inflates to far more than it weighs
      const stream = deflateSync(
        Buffer.from(`BT /F1 9 Tf 50 700 Td (${"A".repeat(2000)}) Tj ET\n`.repeat(200)),
      );
      out.push(
        Buffer.concat([
          Buffer.from(
            `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 ${r.pick(["612 792", "1e9 1e9", "-5 -5"])}] /Contents 4 0 R >> endobj\n4 0 obj << /Length ${stream.length} /Filter /FlateDecode >> stream\n`,
          ),
          stream,
          Buffer.from("\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
        ]),
      );
    } else out.push(mutate(r, good, keywords));
  }
  return out;
}

async function xlsxInputs(r: Rng, n: number): Promise<Buffer[]> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("PO");
  ws.addRow(["Item", "Description", "Qty", "Price"]);
  ws.addRow(["BOX-1001", "Shipping box small", 100, 0.9]);
  ws.addRow(["TAPE-2001", '=HYPERLINK("http://x")', 20, 2.5]);
  const good = Buffer.from(await wb.xlsx.writeBuffer());
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      i % 4 === 3 ? Buffer.concat([Buffer.from("PK\u0003\u0004xl/"), r.bytes(r.int(3000))]) : mutate(r, good),
    );
  }
  return out;
}

function imageInputs(r: Rng, n: number): Array<{ name: string; type: string; content: Buffer }> {
  const out: Array<{ name: string; type: string; content: Buffer }> = [];
  const sizes = [1, 64, 301, 900, 25_000, 60_000, 2 ** 31 - 1, 0];
  for (let i = 0; i < n; i++) {
    const w = r.pick(sizes);
    const h = r.pick(sizes);
    switch (i % 4) {
      case 0:
        out.push({
          name: `p${i}.png`,
          type: "image/png",
          content: mutate(r, pngDeclaring(w, h, w > 1000 ? 0 : Math.min(h, 40))),
        });
        break;
      case 1:
        out.push({
          name: `t${i}.tif`,
          type: "image/tiff",
          content: mutate(r, tiffDeclaring(w >>> 0, h >>> 0, 512)),
        });
        break;
      case 2: {
        // a TIFF whose directories loop, or chain thousands of pages
        const t = tiffDeclaring(r.pick([64, 900]), r.pick([64, 900]), 512);
        t.writeUInt32LE(r.pick([8, 0, 0xffffffff]), 10 + 9 * 12);
        out.push({ name: `l${i}.tiff`, type: "image/tiff", content: t });
        break;
      }
      default:
        out.push({
          name: `j${i}.jpg`,
          type: "image/jpeg",
          content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8]), r.bytes(r.int(600))]),
        });
    }
  }
  return out;
}

function xmlInputs(r: Rng, n: number): Buffer[] {
  const good = `<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
<cbc:ID>PO-1</cbc:ID><cac:OrderLine><cac:LineItem><cbc:Quantity unitCode="EA">100</cbc:Quantity>
<cac:Item><cac:SellersItemIdentification><cbc:ID>BOX-1001</cbc:ID></cac:SellersItemIdentification></cac:Item>
</cac:LineItem></cac:OrderLine></Order>`;
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><Order>&lol4;</Order>`;
  const xxe = `<?xml version="1.0"?><!DOCTYPE o [<!ENTITY x SYSTEM "file:///etc/passwd">]><Order><ID>&x;</ID></Order>`;
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    if (k === 0) out.push(Buffer.from(laughs));
    else if (k === 1) out.push(Buffer.from(xxe));
    else if (k === 2) out.push(Buffer.from(`<a>${"<b>".repeat(r.pick([10, 5000, 50_000]))}`));
    else
      out.push(mutate(r, Buffer.from(good), ["<!DOCTYPE x [", "&", "]]>", "<![CDATA[", "\u0000", "<?xml"]));
  }
  return out;
}

describe("fuzzing extract (P14)", () => {
  it(`${PER_FORMAT * 5} generated malformed inputs end, bounded, each with a reason`, async () => {
    const r = rng(SEED);
    const engine: OcrEngine = {
      workers: 0,
      recognize: async () => ({ words: [], confidence: 0 }),
      close: async () => {},
    };
    // images go through the OCR path (rasterize, decode in the worker, page preparation) with a
    // stand-in engine; the other formats through the document readers (an image-only PDF would be
    // rendered at 300 dpi for OCR: seconds per input, the same path as the images)
    const scanning = createExtractor({
      catalog: smallCatalog,
      seen: createMemorySeenStore(),
      ocr: createScanReader({ engine, catalog: smallCatalog, documentTimeoutMs: 10_000, maxPages: 3 }),
    });
    const reading = createExtractor({ catalog: smallCatalog, seen: createMemorySeenStore() });
    const from = "Anna Buyer <buyer@acme.example>";
    const inputs: Array<{ label: string; raw: Buffer }> = [
      ...mimeInputs(r, PER_FORMAT).map((raw, i) => ({ label: `mime#${i}`, raw })),
      ...pdfInputs(r, PER_FORMAT).map((c, i) => ({
        label: `pdf#${i}`,
        raw: mailWithAttachment(from, `po${i}.pdf`, "application/pdf", c),
      })),
      ...(await xlsxInputs(r, PER_FORMAT)).map((c, i) => ({
        label: `xlsx#${i}`,
        raw: mailWithAttachment(
          from,
          `po${i}.xlsx`,
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          c,
        ),
      })),
      ...imageInputs(r, PER_FORMAT).map((img, i) => ({
        label: `image#${i}:${img.name}`,
        raw: mailWithAttachment(from, img.name, img.type, img.content),
      })),
      ...xmlInputs(r, PER_FORMAT).map((c, i) => ({
        label: `xml#${i}`,
        raw: mailWithAttachment(from, `order${i}.xml`, "application/xml", c),
      })),
    ];
    expect(inputs.length).toBeGreaterThanOrEqual(Math.min(500, PER_FORMAT * 5));
    const failures: string[] = [];
    let budgetErrors = 0;
    let slowest = { label: "", ms: 0 };
    let peakSeen = 0;
    for (const input of inputs) {
      if (process.env.FUZZ_TRACE) {
        writeSync(2, `fuzz input ${input.label}\n`);
        writeFileSync(process.env.FUZZ_TRACE, input.raw);
      }
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        (input.label.startsWith("image") ? scanning : reading).extract(input.raw, { key: input.label }).then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        ),
        new Promise<{ timeout: true }>((resolve) => {
          timer = setTimeout(() => resolve({ timeout: true }), INPUT_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (ms > slowest.ms) slowest = { label: input.label, ms };
      if (process.env.FUZZ_VERBOSE && (ms > 500 || process.resourceUsage().maxRSS / 1024 > peakSeen + 100)) {
        peakSeen = process.resourceUsage().maxRSS / 1024;
        console.log(`slow: ${input.label} ${ms} ms, peak ${Math.round(peakSeen)} MB`);
      }
      if ("timeout" in outcome) failures.push(`${input.label}: no end within ${INPUT_TIMEOUT_MS} ms`);
      else if ("error" in outcome) {
        if (outcome.error instanceof MessageBudgetError && outcome.error.message.length > 0) budgetErrors++;
        else
          failures.push(
            `${input.label}: threw ${String((outcome.error as Error)?.stack ?? outcome.error).slice(0, 300)}`,
          );
      } else if (outcome.result.reasons.length === 0) failures.push(`${input.label}: ended without a reason`);
    }
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `fuzz: ${inputs.length} inputs, ${budgetErrors} refused by the message budget, slowest ${slowest.label} ${slowest.ms} ms, peak RSS ${Math.round(peakMb)} MB`,
    );
    expect(failures).toEqual([]);
    // the memory budget of the process (1 GB for extraction, beside the test runner itself)
    expect(peakMb).toBeLessThan(1536);
  }, 175_000);
});
