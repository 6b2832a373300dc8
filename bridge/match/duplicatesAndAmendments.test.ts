import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import type { ExtractionResult } from "../extract/types.ts";
import { ordersToDraft } from "../jobs/tasks/messageProcess.ts";
import { createExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { proposeAmendment } from "./proposeAmendment.ts";

const corpus = new URL("../../../shared/corpus/", import.meta.url);
const available = existsSync(new URL("dev/021/message.eml", corpus));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe.skipIf(!available)("duplicates and amendments through the bridge's own memory (PostgreSQL)", () => {
  it("never drafts a resend or an exact duplicate again, and proposes an amendment on its order", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    const extractorFor = await createExtractorFactory({ handle: db, catalog });
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@x.example', '/tmp/p3-none')
      returning id`;
    const rowOf = new Map<string, number>();
    const results = new Map<string, ExtractionResult>();
    for (const c of ["002", "005", "020", "021", "022", "023"]) {
      const raw = readFileSync(new URL(`dev/${c}/message.eml`, corpus));
      const [m] = await db.sql<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
        values (${mb!.id}, ${`<case-${c}>`}, 'x', 1, 'processing') returning id::int as id`;
      rowOf.set(c, m!.id);
      const key = String(m!.id);
      results.set(c, await extractorFor(key).extract(raw, { key }));
    }
    const r = (c: string) => results.get(c)!;
    // first orders are drafted
    expect(ordersToDraft(r("002"))).toEqual([0]);
    expect(ordersToDraft(r("005"))).toEqual([0]);
    // the exact duplicate (same Message-ID) and the resend (same PO, same PDF) link to the first, no draft
    expect(r("022").duplicate_of).toBe(String(rowOf.get("002")));
    expect(r("022").expect).toBe("ignore");
    expect(r("023").duplicate_of).toBe(String(rowOf.get("005")));
    expect(r("023").expect).toBe("review");
    expect(ordersToDraft(r("022"))).toEqual([]);
    expect(ordersToDraft(r("023"))).toEqual([]);
    // the resend is read as well as the first: its confidence is not lowered, only its route
    expect(r("023").confidence).toBeGreaterThanOrEqual(0.95);
    // the amendment: linked to 020's message with the line difference, proposed, not drafted
    expect(r("021").amends).toMatchObject({
      customer_reference: "4711",
      of: String(rowOf.get("020")),
      changes: [{ kind: "quantity", default_code: "ELC-2201", from: 10, to: 20 }],
    });
    expect(ordersToDraft(r("021"))).toEqual([]);

    // 020 was drafted in Odoo: the amendment goes to that order's chatter, once
    await db.sql`
      insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model, odoo_id, odoo_name, state)
      values (${rowOf.get("020")!}, 0, ${r("020").customer_ref}, '4711', 'sale.order', 77, 'S00077', 'created')`;
    const raw021 = readFileSync(new URL("dev/021/message.eml", corpus));
    const input = { messageRowId: rowOf.get("021")!, raw: raw021, result: r("021") };
    const parent = await db.sql.begin((tx) => proposeAmendment(tx, input));
    expect(parent).toMatchObject({ odooModel: "sale.order", odooId: 77 });
    await db.sql.begin((tx) => proposeAmendment(tx, input));
    const posts =
      await db.sql`select odoo_id from order_intake.thread_posts where message_id = ${rowOf.get("021")!}`;
    expect(posts).toHaveLength(1);
    const [job] = await db.sql<{ payload: { text: string } }[]>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'thread_post'`;
    expect(job!.payload.text).toContain("ELC-2201: quantity 10 -> 20");
    expect(job!.payload.text).toContain("not applied");
  });
});
