import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgLayoutMemory } from "../../match/createPgLayoutMemory.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { learnFromReview } from "../../webhooks/handlers/draftReviewed.ts";
import type { EventContext } from "../../webhooks/odooEventHandlers.ts";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { emptyRawLine } from "../order/rawLine.ts";
import { parsedLineFromRaw } from "../pipeline/readers.ts";
import type { Reason } from "../types.ts";
import { applyLayoutHintsToParsed, learnLayout } from "./layoutMemory.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** The sender's order CSV: two items and a freight row, in the same layout each time. */
const orderMail = (po: string) =>
  Buffer.from(
    [
      "From: Anna <anna@lindqvist-design.example>",
      "To: orders@ourcompany.example",
      `Subject: Purchase order ${po}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${po}@lindqvist-design.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      `Hello, please find our order ${po} attached.`,
      "--b1",
      `Content-Type: text/csv; name="${po}.csv"`,
      `Content-Disposition: attachment; filename="${po}.csv"`,
      "",
      "Item,Description,Quantity,Unit price,Amount",
      "DSK-2002,Standing Desk Maple 160,3,489.00,1467.00",
      "CHR-3001,Task Chair Mesh Black,2,219.00,438.00",
      `FRT-01,Freight flat rate Zone ${po.endsWith("1") ? 2 : 3},1,45.00,45.00`,
      "--b1--",
      "",
    ].join("\r\n"),
  );

describe("layout memory of a sender", () => {
  it("learns rows that are not items and a price base from a review", () => {
    const ai = [
      {
        default_code: "A",
        customer_sku: null,
        description: "Paper A4 80 g",
        quantity: 5000,
        uom: "Units",
        unit_price: 1.2,
      },
      {
        default_code: null,
        customer_sku: null,
        description: "Packing and freight",
        quantity: 1,
        uom: "Units",
        unit_price: 9,
      },
    ];
    const learnt = learnLayout(
      ai,
      [{ default_code: "A", name: "Paper A4 80 g", qty: 5000, price: 0.012 }],
      [
        { kind: "price", ai: 0, final: 0, from: 1.2, to: 0.012 },
        { kind: "removed", ai: 1 },
      ],
    );
    expect(learnt).toEqual({ notItems: ["packing and freight"], priceBase: 100 });
    const reasons: Reason[] = [];
    const raw = { ...emptyRawLine("po.csv"), description: "Paper A4 80 g", quantity: 5000, unitPrice: 1.2 };
    const line = parsedLineFromRaw(raw, "table");
    const applied = applyLayoutHintsToParsed(
      [
        line,
        parsedLineFromRaw({ ...raw, description: "Packing and freight", quantity: 1, unitPrice: 9 }, "table"),
      ],
      { notItems: learnt.notItems ?? [], priceBase: 100, columns: {} },
      reasons,
    );
    expect(applied.map((l) => [l.description, (l.unitPrice ?? 0) / (l.priceBase ?? 1)])).toEqual([
      ["Paper A4 80 g", 0.012],
    ]);
    expect(reasons.map((r) => r.code)).toEqual(["layout.price_base", "layout.row_skipped"]);
    // a price base the document's own amount contradicts is not applied
    const checked = applyLayoutHintsToParsed(
      [{ ...line, amount: 6000 }],
      { notItems: [], priceBase: 100, columns: {} },
      [],
    );
    expect(checked[0]?.unitPrice).toBe(1.2);
    expect(checked[0]?.priceBase ?? 1).toBe(1);
  });

  it("a corrected draft makes the sender's next document with the same layout read right", async () => {
    const catalog = await loadCsvCatalog(demoCatalog);
    const layout = createPgLayoutMemory(db, "odoo");
    const extractor = () => createExtractor({ catalog, seen: createMemorySeenStore(), layout });

    const first = await extractor().extract(orderMail("LD-8001"), { key: "1" });
    expect(first.customer_ref).toBe("C-9001");
    expect(first.orders[0]?.lines.map((l) => l.default_code)).toEqual(["DSK-2002", "CHR-3001", null]);
    expect(first.expect).toBe("review");

    // the draft as the bridge stored it, then a person removes the freight row in Odoo and confirms
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@x.example', '/tmp/none')
      returning id`;
    const [msg] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
      values (${mb!.id}, '<LD-8001@lindqvist-design.example>', 'x', 1, 'processed') returning id::int as id`;
    await db.sql`
      insert into order_intake.extractions (message_id, extractor, result, confidence)
      values (${msg!.id}, 'deterministic', ${JSON.stringify(first)}::jsonb, ${first.confidence})`;
    await db.sql`
      insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model, odoo_id, state)
      values (${msg!.id}, 0, 'C-9001', 'LD-8001', 'sale.order', 52, 'created')`;
    const ctx = { handle: db, log: memoryLogger("silent").logger } as unknown as EventContext;
    await learnFromReview(ctx, "odoo", {
      model: "sale.order",
      res_id: 52,
      decision: "confirmed",
      message_id: "<LD-8001@lindqvist-design.example>",
      lines: [
        { line_id: 1, default_code: "DSK-2002", name: "Standing Desk Maple 160", qty: 3, price: 489 },
        { line_id: 2, default_code: "CHR-3001", name: "Task Chair Mesh Black", qty: 2, price: 219 },
      ],
    });
    expect((await layout.hintsFor("C-9001"))?.notItems).toEqual(["freight flat rate zone #"]);

    const next = await extractor().extract(orderMail("LD-8002"), { key: "2" });
    expect(next.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([
      ["DSK-2002", 3],
      ["CHR-3001", 2],
    ]);
    expect(next.reasons.find((r) => r.code === "layout.row_skipped")?.message).toMatch(
      /Freight flat rate Zone 3/,
    );
    expect(next.reasons.map((r) => r.code)).not.toContain("line.unknown_product");
    expect(next.confidence).toBeGreaterThan(first.confidence);
    // another sender learns nothing from it
    expect(await layout.hintsFor("C-9002")).toBeNull();
  });
});
