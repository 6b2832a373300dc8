import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvCatalog } from "../../extract/match/catalog.ts";
import type { DefinedTask } from "../../jobs/defineTask.ts";
import { startWorker, type WorkerHandle } from "../../jobs/startWorker.ts";
import { createOdooAliasWriteTask } from "../../jobs/tasks/odooAliasWrite.ts";
import { createOdooEventHandleTask } from "../../jobs/tasks/odooEventHandle.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import { lazyOdooClient } from "../../odoo/lazyOdooClient.ts";
import { createExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger, startTestService, testSecret } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { waitFor } from "../../test/waitFor.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;

/** An order from a known customer with a CSV whose first column is the customer's own item number. */
function orderMail(opts: { id: string; po: string; from: string; rows: string[] }): Buffer {
  return Buffer.from(
    [
      `From: Buyer <${opts.from}>`,
      "To: orders@ourcompany.example",
      `Subject: Purchase order ${opts.po}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${opts.id}@buyer.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      `Hello, please find our order ${opts.po} attached.`,
      "--b1",
      `Content-Type: text/csv; name="${opts.po}.csv"`,
      `Content-Disposition: attachment; filename="${opts.po}.csv"`,
      "",
      "Our item,Description,Quantity,Unit price,Amount",
      ...opts.rows,
      "--b1--",
      "",
    ].join("\r\n"),
  );
}

let db: TestDatabase;
let standIn: OdooStandIn;
let service: Awaited<ReturnType<typeof startTestService>>;
let worker: WorkerHandle;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  const client = await createOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
  await client.create("res.partner", { name: "Lindqvist Design AB", ref: "C-9001", is_company: true });
  for (const p of (await loadCsvCatalog(demoCatalog)).products) {
    await client.create("product.product", {
      name: p.name,
      default_code: p.default_code,
      list_price: p.list_price,
    });
  }
  client.close();
  // the real HTTP server; a worker with the jobs this path runs (webhook handling, alias write-back)
  service = await startTestService(db, { mode: "server" });
  const odoo = lazyOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
  worker = await startWorker({
    handle: db,
    logger: memoryLogger("silent").logger,
    tasks: [
      createOdooEventHandleTask({ handle: db }),
      createOdooAliasWriteTask({ handle: db, odoo }),
    ] as DefinedTask[],
    options: service.config.worker,
  });
});

afterAll(async () => {
  await worker?.stop();
  await service?.stop();
  await standIn?.close();
  await db?.drop();
});

describe("draft.reviewed: learning from a correction in Odoo", () => {
  it("a corrected line changes the match of the same customer's next order, and the alias is in Odoo", async () => {
    const catalog = await loadCsvCatalog(demoCatalog);
    const extractorFor = await createExtractorFactory({ handle: db, catalog, odooDatabase: standIn.db });
    const rows = [
      "LD-ST-88,Maple standing desk,3,489.00,1467.00",
      "LD-CH-12,Task chair mesh black,2,219.00,438.00",
    ];

    // 1. the first order: the desk is ambiguous (140 or 160), so the AI draft has no product for it
    const first = await extractorFor("1").extract(
      orderMail({ id: "po-7001", po: "LD-7001", from: "anna@lindqvist-design.example", rows }),
      { key: "1" },
    );
    expect(first.customer_ref).toBe("C-9001");
    expect(first.orders[0]!.lines.map((l) => l.default_code)).toEqual([null, "CHR-3001"]);

    // stored as message_process and odoo_write_draft leave it
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@x.example', '/tmp/none')
      returning id`;
    const [msg] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
      values (${mb!.id}, '<po-7001@buyer.example>', 'x', 1, 'processed') returning id::int as id`;
    await db.sql`
      insert into order_intake.extractions (message_id, extractor, result, confidence)
      values (${msg!.id}, 'deterministic', ${JSON.stringify(first)}::jsonb, ${first.confidence})`;
    await db.sql`
      insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model, odoo_id, state)
      values (${msg!.id}, 0, 'C-9001', 'LD-7001', 'sale.order', 41, 'created')`;

    // 2. a person picks "Standing Desk Maple 160" for the desk line and confirms: Odoo sends draft.reviewed
    const body = JSON.stringify({
      company_id: 1,
      data: {
        model: "sale.order",
        res_id: 41,
        name: "S00041",
        decision: "confirmed",
        review_state: "approved",
        message_id: "<po-7001@buyer.example>",
        intake_log_id: 7,
        partner_id: 3,
        currency: "EUR",
        amount_total: 2392.5,
        user: { id: 2, login: "admin", name: "Mitchell Admin" },
        lines: [
          {
            line_id: 11,
            product_id: 2,
            default_code: "DSK-2002",
            name: "Maple standing desk",
            qty: 3,
            uom: "Units",
            uom_id: 1,
            price: 489,
            discount: 0,
          },
          {
            line_id: 12,
            product_id: 3,
            default_code: "CHR-3001",
            name: "Task chair mesh black",
            qty: 2,
            uom: "Units",
            uom_id: 1,
            price: 219,
            discount: 0,
          },
        ],
      },
      database: standIn.db,
      delivery: randomUUID(),
      event: "draft.reviewed",
      sent_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    const res = await fetch(`${service.url}/webhooks/odoo`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-order-intake-event": "draft.reviewed",
        "x-order-intake-delivery": JSON.parse(body).delivery,
        "x-order-intake-signature-256": await sign(testSecret, body),
      },
    });
    expect(res.status).toBe(202);

    // 3. the alias is learnt in the bridge and written to Odoo's alias model (one job per alias)
    const inOdoo = await waitFor(
      async () => {
        const a = standIn.records("order.intake.product.alias");
        return a.length >= 2 ? a : null;
      },
      { what: "the aliases in Odoo", timeoutMs: 20_000 },
    );
    const desk = standIn.records("product.product").find((p) => p.default_code === "DSK-2002")!;
    expect((inOdoo ?? []).map((a) => [a.key, a.product_id]).sort()).toEqual(
      [
        ["LD-ST-88", desk.id],
        ["Maple standing desk", desk.id],
      ].sort(),
    );
    const learned = await waitFor(
      async () => {
        const rows = await db.sql<{ product_code: string; odoo_alias_id: number | null }[]>`
          select product_code, odoo_alias_id from order_intake.product_aliases`;
        return rows.length === 2 && rows.every((r) => r.odoo_alias_id) ? rows : null;
      },
      { what: "the Odoo ids of the learned aliases" },
    );
    expect(learned?.map((r) => r.product_code)).toEqual(["DSK-2002", "DSK-2002"]);
    const [draft] = await db.sql`select state from order_intake.drafts where odoo_id = 41`;
    expect(draft!.state).toBe("confirmed");

    // 4. the same customer's next order: the desk is now known, and the whole order is sure
    const next = await extractorFor("2").extract(
      orderMail({
        id: "po-7002",
        po: "LD-7002",
        from: "anna@lindqvist-design.example",
        rows: ["LD-ST-88,Maple standing desk,5,489.00,2445.00"],
      }),
      { key: "2" },
    );
    expect(next.orders[0]!.lines.map((l) => l.default_code)).toEqual(["DSK-2002"]);
    expect(next.reasons.map((r) => r.code)).not.toContain("line.unknown_product");
    expect(next.confidence).toBeGreaterThan(first.confidence);

    // another customer writing the same words learns nothing from it
    const other = await extractorFor("3").extract(
      orderMail({
        id: "po-9",
        po: "BS-9",
        from: "einkauf@bauer-soehne.example",
        rows: ["LD-ST-88,Maple standing desk,1,489.00,489.00"],
      }),
      { key: "3" },
    );
    expect(other.customer_ref).toBe("C-9002");
    expect(other.orders[0]!.lines.map((l) => l.default_code)).toEqual([null]);
  });
});
