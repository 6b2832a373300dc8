import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskContext } from "../../jobs/defineTask.ts";
import { createMessageProcessTask } from "../../jobs/tasks/messageProcess.ts";
import { createOdooApplyModuleTask } from "../../jobs/tasks/odooApplyModule.ts";
import { createOdooWriteDraftTask } from "../../jobs/tasks/odooWriteDraft.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { createExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { createThreadTasks } from "../../threads/threadTasks.ts";
import {
  fixture,
  mailWith,
  pdfWithEmbeddedFile,
  structuredCatalog,
} from "./__fixtures__/structuredFixtures.ts";

const ctx = (): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt: 1,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});

type Rec = Record<string, unknown> & { id: number };

describe("structured documents end to end: message_process and the Odoo jobs against the Odoo 18 stand-in", () => {
  let db: TestDatabase;
  let standIn: OdooStandIn;
  let client: OdooClient;
  let dir: string;
  const run = randomBytes(3).toString("hex");
  const mid = (n: string) => `<${run}-${n}@structured-e2e.example>`;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    standIn = await createOdooStandIn({ modules: true });
    client = await createOdooClient(
      { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
      { timeoutMs: 5000, attempts: 3, backoffMs: 50 },
    );
    dir = mkdtempSync(path.join(tmpdir(), "oi-structured-"));
    ids.customer = await client.create("res.partner", {
      name: "Stadtwerke Musterstadt GmbH",
      ref: "C-5001",
      is_company: true,
      email: "einkauf@stadtwerke-muster.example",
    });
    ids.vendor = await client.create("res.partner", {
      name: "Rheinholz Möbelwerke GmbH",
      ref: "V-6001",
      is_company: true,
      vat: "DE153746814",
      email: "rechnung@rheinholz.example",
    });
    for (const p of structuredCatalog().products) {
      ids[p.default_code] = await client.create("product.product", {
        name: p.name,
        default_code: p.default_code,
        list_price: p.list_price,
      });
    }
  });

  afterAll(async () => {
    await standIn?.close();
    await db?.close();
  });

  /** One email through message_process in a folder mailbox of `module`; returns the message row id. */
  const receive = async (module: string, raw: Buffer, messageId: string) => {
    const extractorFor = await createExtractorFactory({ handle: db, catalog: structuredCatalog() });
    const process = createMessageProcessTask({ handle: db, extractorFor, odooConfigured: true });
    const inbox = path.join(dir, `${module}-inbox`);
    mkdirSync(inbox, { recursive: true });
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path, module)
      values ('folder', ${`${module}@ourcompany.example`}, ${inbox}, ${module})
      on conflict (folder_path) do update set module = excluded.module returning id`;
    const file = path.join(inbox, `${messageId.replace(/\W/g, "")}.eml`);
    writeFileSync(file, raw);
    const [m] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size)
      values (${mb!.id}, ${messageId}, ${file}, 'x', ${raw.length}) returning id::int as id`;
    await process.handler({ messageId: m!.id }, ctx());
    return m!.id;
  };
  // the intake log job runs for every email (P12); these tests are about the document jobs
  const jobsOf = async (messageId: number) =>
    (
      await db.sql<{ identifier: string; payload: Record<string, unknown> }[]>`
        select t.identifier, j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where j.payload->>'messageId' = ${String(messageId)} and t.identifier like 'odoo_%' and t.identifier <> 'odoo_intake_log'`
    ).map((j) => j.identifier);
  const rec = (model: string, id: number) => standIn.records(model).find((r) => r.id === id) as Rec;

  it("a Peppol UBL Order becomes a draft sale.order with its exact figures", async () => {
    // the pen line names our code too (the learned alias of the unit test lives in Odoo here)
    const xml = fixture("peppol-order.xml")
      .toString("utf8")
      .replace(
        "<cac:BuyersItemIdentification><cbc:ID>SW-BUERO-77</cbc:ID></cac:BuyersItemIdentification>",
        "<cac:BuyersItemIdentification><cbc:ID>SW-BUERO-77</cbc:ID></cac:BuyersItemIdentification><cac:SellersItemIdentification><cbc:ID>PEN-BLU</cbc:ID></cac:SellersItemIdentification>",
      );
    const m = await receive(
      "sales",
      mailWith(
        "Eva Einkauf <einkauf@stadtwerke-muster.example>",
        "Bestellung PO-SW-2026-0412",
        "Anbei unsere Bestellung.",
        [{ name: "PO-SW-2026-0412.xml", type: "application/xml", content: Buffer.from(xml) }],
        mid("order"),
      ),
      mid("order"),
    );
    const [decision] = await db.sql<{ kind: string; action: string; confidence: number }[]>`
      select kind, action, confidence from order_intake.decisions where message_id = ${m}`;
    expect(decision).toMatchObject({ kind: "sales_order", action: "draft" });
    expect(await jobsOf(m)).toEqual(["odoo_write_draft"]);
    await createOdooWriteDraftTask({ handle: db, odoo: async () => client }).handler(
      { messageId: m, orderIndex: 0 },
      ctx(),
    );
    const [order] = standIn.records("sale.order").filter((o) => o.client_order_ref === "PO-SW-2026-0412");
    expect(String(order?.order_intake_reasons)).toContain('the unit \\"Box of 10\\" is not in Odoo');
    expect(order).toMatchObject({
      partner_id: ids.customer,
      state: "draft",
      // the stand-in's Odoo has no "Box of 10" unit: the line keeps the product's unit and the draft
      // waits for a person (P12), with the reason in words
      order_intake_review_state: "to_review",
    });
    expect(String(order!.commitment_date)).toMatch(/^2026-12-14/);
    const all = (order!.order_line as number[]).map((id) => rec("sale.order.line", id));
    // product lines (the unknown unit adds a note line beside its line, P12)
    const lines = all.filter((l) => !l.display_type);
    expect(all.filter((l) => l.display_type === "line_note").map((l) => String(l.name))).toEqual([
      expect.stringContaining("Box of 10"),
    ]);
    expect(lines.map((l) => [l.product_id, l.product_uom_qty, l.price_unit])).toEqual([
      [ids["DSK-160"], 2, 429],
      [ids["SCR-450"], 50, 4.25],
      [ids["FLR-405"], 1500, 0.45],
      [ids["PEN-BLU"], 36, 1.5917],
    ]);
    expect(order!.amount_untaxed as number).toBeCloseTo(1802.8, 2);
    expect(String(order!.order_intake_reasons)).toContain("UBL 2.1 Order (Peppol BIS Ordering 3)");
  });

  it("an OrderChange and an OrderCancellation end on that order's chatter, never as a new draft", async () => {
    const [order] = standIn.records("sale.order").filter((o) => o.client_order_ref === "PO-SW-2026-0412");
    const [thread] = createThreadTasks({ handle: db, odoo: async () => client });
    const drafts = standIn.records("sale.order").length;
    for (const [name, expected] of [
      ["order-change.xml", "DSK-160"],
      ["order-cancellation.xml", "cancels the order of PO PO-SW-2026-0412"],
    ] as const) {
      const m = await receive(
        "sales",
        mailWith(
          "Eva Einkauf <einkauf@stadtwerke-muster.example>",
          `Änderung zu PO-SW-2026-0412`,
          "Siehe Anhang.",
          [{ name, type: "application/xml", content: fixture(name) }],
          mid(name),
        ),
        mid(name),
      );
      const [decision] = await db.sql<{ kind: string }[]>`
        select kind from order_intake.decisions where message_id = ${m}`;
      expect(decision?.kind).toBe("amendment");
      expect(await jobsOf(m)).toEqual([]);
      const [job] = await db.sql<{ payload: { threadPostId: number; text: string } }[]>`
        select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'thread_post' and j.payload->>'messageId' = ${mid(name)}`;
      expect(job).toBeDefined();
      await thread!.handler(job!.payload as never, ctx());
      const notes = standIn
        .records("mail.message")
        .filter((n) => n.model === "sale.order" && n.res_id === order!.id)
        .map((n) => String(n.body));
      expect(notes.some((b) => b.includes("Amendment of PO PO-SW-2026-0412"))).toBe(true);
      const [d] = await db.sql<{ reasons: Array<{ message: string }> }[]>`
        select reasons from order_intake.decisions where message_id = ${m}`;
      expect(JSON.stringify(d!.reasons)).toContain(expected);
    }
    expect(standIn.records("sale.order")).toHaveLength(drafts);
  });

  it("a Factur-X invoice (CII XML embedded in the PDF) in the Invoicing mailbox becomes a draft vendor bill with its exact figures", async () => {
    const pdf = pdfWithEmbeddedFile({ name: "factur-x.xml", content: fixture("factur-x.xml") }, [
      "Rheinholz Möbelwerke GmbH",
      "Rechnung RH-2026-21007",
      "Summe 7.326,23 EUR",
    ]);
    const m = await receive(
      "invoicing",
      mailWith(
        "Buchhaltung <rechnung@rheinholz.example>",
        "Rechnung RH-2026-21007",
        "Sehr geehrte Damen und Herren, anbei unsere Rechnung.",
        [{ name: "RH-2026-21007.pdf", type: "application/pdf", content: pdf }],
        mid("bill"),
      ),
      mid("bill"),
    );
    expect(await jobsOf(m)).toEqual(["odoo_apply_module"]);
    await createOdooApplyModuleTask({ handle: db, odoo: async () => client }).handler(
      { messageId: m },
      ctx(),
    );
    const [bill] = standIn.records("account.move").filter((b) => b.ref === "RH-2026-21007");
    expect(bill).toMatchObject({
      move_type: "in_invoice",
      partner_id: ids.vendor,
      ref: "RH-2026-21007",
      invoice_date: "2026-12-01",
      invoice_date_due: "2026-12-31",
      state: "draft",
      amount_untaxed: 6169,
    });
    const lines = (bill!.invoice_line_ids as number[]).map((id) => rec("account.move.line", id));
    expect(lines.map((l) => [l.name, l.quantity, l.price_unit])).toEqual([
      ["RH-EI-160 Desk frame oak 160 raw", 20, 298],
      ["RH-SCR-4 Assembly screws", 1000, 0.085],
      ["RH-KAT-27 Product catalogue 2027", 10, 12.4],
    ]);
    // the PDF stays the bill's attachment; the note says what was read, taxes and totals included
    expect(
      standIn
        .records("ir.attachment")
        .filter((a) => a.res_model === "account.move" && a.res_id === bill!.id)
        .map((a) => a.name),
    ).toEqual(["RH-2026-21007.pdf"]);
    const reasons = String(bill!.order_intake_reasons);
    expect(reasons).toContain("Factur-X / ZUGFeRD (CII) EN 16931");
    expect(reasons).toContain("19 % on 6045.00 = 1148.55; 7 % on 124.00 = 8.68");
    expect(reasons).toContain("total 7326.23 EUR");
  });
});
