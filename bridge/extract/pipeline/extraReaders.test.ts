import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { readHtmlTables, readTextTables } from "../tables/readTextTables.ts";
import { line, testCatalog } from "./__fixtures__/testing.ts";
import type { ParsedOrder } from "./parsedOrder.ts";

const readers = {
  readDocument: async () => {
    throw new Error("unused");
  },
  readHtmlTables,
  readTextTables,
};
const mail = (body: string) =>
  Buffer.from(
    `Authentication-Results: mx1.ourcompany.example; dmarc=pass header.from=acme.example\r\nFrom: buyer@acme.example\r\nTo: orders@ourcompany.example\r\nSubject: Order PO-77\r\nMessage-ID: <m@acme.example>\r\nDate: Tue, 10 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );

describe("extra readers (structured e-documents, the model) join the pipeline", () => {
  it("resolves, verifies and scores their ParsedOrder like the built-in readings", async () => {
    const structured: ParsedOrder = {
      reader: "ubl",
      standard: "UBL 2.1 Order",
      structured: true,
      source: "attachment:order.xml",
      documentKind: "order",
      documentNumber: "PO-77",
      orderDate: "2026-11-09",
      deliveryDate: null,
      currency: "EUR",
      lines: [line({ code: "FUR-1042", description: "Desk Oak 160", quantity: 2, unitPrice: 429 })],
      reasons: [],
    };
    const extractor = createExtractor({
      catalog: testCatalog,
      seen: createMemorySeenStore(),
      readers,
      extraReaders: [async () => [structured]],
    });
    const r = await extractor.extract(mail("Our order is attached."));
    expect(r.orders[0]?.lines.map((l) => [l.default_code, l.quantity, l.unit_price])).toEqual([
      ["FUR-1042", 2, 429],
    ]);
    expect(r.orders[0]?.customer_reference).toBe("PO-77");
    // a structured source corroborates its quantities: no cap
    expect(r.confidence).toBeGreaterThanOrEqual(0.95);
  });

  it("caps a body reading nothing corroborates below auto, with the reason in words", async () => {
    const extractor = createExtractor({ catalog: testCatalog, seen: createMemorySeenStore(), readers });
    const r = await extractor.extract(mail("Please send 12 x FUR-1042 and 4 x FUR-1101.\nPO PO-77"));
    expect(r.confidence).toBeLessThan(0.95);
    expect(r.reasons.map((x) => x.code)).toContain("evidence.capped");
  });

  it("a second reader agreeing with the body's reading corroborates its quantities", async () => {
    const model: ParsedOrder = {
      reader: "model",
      structured: false,
      source: "model",
      documentKind: "order",
      documentNumber: null,
      orderDate: null,
      deliveryDate: null,
      currency: null,
      lines: [line({ code: "FUR-1042", quantity: 12 }), line({ code: "FUR-1101", quantity: 4 })],
      reasons: [],
    };
    const agreeing = createExtractor({
      catalog: testCatalog,
      seen: createMemorySeenStore(),
      readers,
      extraReaders: [async () => [model]],
    });
    const r = await agreeing.extract(mail("Please send 12 x FUR-1042 and 4 x FUR-1101.\nPO PO-77"));
    expect(r.orders).toHaveLength(1);
    expect(r.reasons.map((x) => x.code)).not.toContain("evidence.quantity_uncorroborated");
    const disagreeing = createExtractor({
      catalog: testCatalog,
      seen: createMemorySeenStore(),
      readers,
      extraReaders: [
        async () => [
          {
            ...model,
            lines: [line({ code: "FUR-1042", quantity: 21 }), line({ code: "FUR-1101", quantity: 4 })],
          },
        ],
      ],
    });
    const d = await disagreeing.extract(mail("Please send 12 x FUR-1042 and 4 x FUR-1101.\nPO PO-77"));
    expect(d.confidence).toBeLessThan(0.95);
  });
});
