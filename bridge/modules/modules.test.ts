import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import type { TaskContext } from "../jobs/defineTask.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import { createMessageProcessTask } from "../jobs/tasks/messageProcess.ts";
import { createOdooApplyModuleTask } from "../jobs/tasks/odooApplyModule.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createDocumentUploadedHandler, uploadMessageId } from "../webhooks/handlers/documentUploaded.ts";
import { corpusMail, expenseReceipt, mail, shippingNotice } from "./__fixtures__/moduleMails.ts";
import { moduleFor } from "./moduleFor.ts";
import type { IntakeModule } from "./moduleWriteCommon.ts";

/**
 * The few corpus files these tests read (dev 001, 028, 029 and the catalog), copied unchanged from
 * ../shared/corpus into the repository: a clean clone (CI) runs these tests too instead of skipping.
 */
const corpus = fileURLToPath(new URL("./__fixtures__/corpus", import.meta.url));

const ctx = (): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt: 1,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});

type Rec = Record<string, unknown> & { id: number };

describe("Purchase, Invoicing, Inventory and HR modules against the Odoo 18 stand-in", () => {
  let db: TestDatabase;
  let standIn: OdooStandIn;
  let client: OdooClient;
  let dir: string;
  let task: ReturnType<typeof createOdooApplyModuleTask>;
  const run = randomBytes(3).toString("hex");
  const mid = (n: string) => `<${run}-${n}@modules-test.example>`;
  const ids: Record<string, number> = {};

  /** Stores a decided message as message_process does, for one module. */
  const seed = async (raw: Buffer, module: IntakeModule, vendorRef: string | null, messageId: string) => {
    const file = path.join(dir, `${messageId.replace(/\W/g, "")}.eml`);
    writeFileSync(file, raw);
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path, module)
      values ('folder', ${`${module}@ourcompany.example`}, ${path.join(dir, module)}, ${module})
      on conflict (folder_path) do update set module = excluded.module returning id`;
    const [m] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size, from_address,
                                         subject, received_at, status)
      values (${mb!.id}, ${messageId}, ${file}, 'x', ${raw.length}, 'sender@example', 'document', now(), 'processed')
      returning id::int as id`;
    const result = { kind: "not_an_order", vendor_ref: vendorRef, orders: [], reasons: [] };
    await db.sql`
      insert into order_intake.extractions (message_id, extractor, result, confidence)
      values (${m!.id}, 'deterministic', ${JSON.stringify(result)}::jsonb, 0.8)`;
    await db.sql`
      insert into order_intake.decisions (message_id, action, kind, confidence, reasons, module)
      values (${m!.id}, 'review', 'not_an_order', 0.8, '[]'::jsonb, ${module})`;
    return m!.id;
  };
  const apply = async (messageId: number) => task.handler({ messageId }, ctx());
  const rejected = async (messageId: number): Promise<string> => {
    const err = await apply(messageId).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PermanentJobError);
    return (err as PermanentJobError).code;
  };
  const rec = (model: string, id: number) => standIn.records(model).find((r) => r.id === id) as Rec;
  const logs = (module: string) => standIn.records("order.intake.log").filter((l) => l.module === module);
  const notes = (model: string, id: number) =>
    standIn
      .records("mail.message")
      .filter((m) => m.model === model && m.res_id === id)
      .map((m) => String(m.body));
  const draftRow = async (messageId: number) =>
    (
      await db.sql<{ state: string; odoo_model: string; odoo_id: number | null; error: string | null }[]>`
        select state, odoo_model, odoo_id, error from order_intake.drafts where message_id = ${messageId}`
    )[0]!;

  /** A vendor with products it sells under its own codes, and a confirmed PO named like ours. */
  const seedPurchase = async (
    vendor: { ref: string; name: string; email: string },
    po: string,
    lines: Array<[string, string, number, number]>,
  ) => {
    const partner = await client.create("res.partner", {
      name: vendor.name,
      ref: vendor.ref,
      is_company: true,
      email: vendor.email,
    });
    const orderLines = [];
    for (const [code, supplierCode, qty, price] of lines) {
      const tmpl = await client.create("product.template", { name: `Product ${code}` });
      const product = await client.create("product.product", {
        name: `Product ${code}`,
        default_code: code,
        product_tmpl_id: tmpl,
      });
      await client.create("product.supplierinfo", {
        partner_id: partner,
        product_tmpl_id: tmpl,
        product_code: supplierCode,
        price,
      });
      orderLines.push([
        0,
        0,
        { product_id: product, product_qty: qty, price_unit: price, date_planned: "2026-10-26 12:00:00" },
      ]);
    }
    const order = await client.create("purchase.order", {
      name: po,
      partner_id: partner,
      order_line: orderLines,
    });
    await client.executeKw("purchase.order", "button_confirm", [[order]]);
    return { partner, order };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    standIn = await createOdooStandIn({ modules: true });
    const conn = {
      url: standIn.url,
      db: standIn.db,
      user: standIn.user.login,
      apiKey: standIn.user.apiKey,
    };
    client = await createOdooClient(conn, { timeoutMs: 5000, attempts: 3, backoffMs: 50 });
    dir = mkdtempSync(path.join(tmpdir(), "oi-modules-"));
    task = createOdooApplyModuleTask({ handle: db, odoo: async () => client });
    // Molinos del Sur (corpus 029): the PO asks 2500 kg of type 405, the confirmation says 2000
    const molinos = await seedPurchase(
      { ref: "V-2004", name: "Molinos del Sur S.A.", email: "pedidos@molinosdelsur.example" },
      "PO-NB-26-0871",
      [
        ["ING-4002", "HT-550-25", 4000, 0.41],
        ["ING-4001", "HT-405-25", 2500, 0.44],
        ["ING-4003", "HC-1150-25", 1000, 0.52],
      ],
    );
    ids.molinosPo = molinos.order;
    // Rheinholz (corpus 028): the bill matches the PO line by line
    const rheinholz = await seedPurchase(
      { ref: "V-2001", name: "Rheinholz Möbelwerke GmbH", email: "rechnung@rheinholz.example" },
      "PO-NB-26-0733",
      [
        ["FUR-1042", "RH-EI-160", 20, 298],
        ["FUR-1043", "RH-EI-180", 10, 326],
        ["FUR-1201", "RH-RC-3", 15, 121.5],
      ],
    );
    ids.rheinholzPo = rheinholz.order;
    ids.employee = await client.create("hr.employee", {
      name: "Jana Krüger",
      work_email: "jana.krueger@ourcompany.example",
    });
    await client.create("product.product", {
      name: "Expenses",
      default_code: "EXP_GEN",
      can_be_expensed: true,
    });
    // a taxi receipt goes to the travel category (hr_expense's data codes)
    ids.expenseProduct = await client.create("product.product", {
      name: "Travel & Accommodation",
      default_code: "TRANS & ACC",
      can_be_expensed: true,
    });
  });
  afterAll(async () => {
    await standIn?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("routes supplier documents by kind and by the mailbox's module", () => {
    expect(moduleFor("sales", { kind: "vendor_bill", expect: "review" })).toBe("invoicing");
    expect(moduleFor("sales", { kind: "purchase_confirmation", expect: "review" })).toBe("purchase");
    expect(moduleFor("inventory", { kind: "not_an_order", expect: "ignore" })).toBe("inventory");
    expect(moduleFor("hr", { kind: "sales_order", expect: "review" })).toBe("hr");
    expect(moduleFor("invoicing", { kind: "purchase_confirmation", expect: "review" })).toBe("invoicing");
    expect(moduleFor("sales", { kind: "sales_order", expect: "draft" })).toBe("sales");
    expect(moduleFor("hr", { kind: "not_an_order", expect: "reject" })).toBeNull();
  });

  it("message_process sends a vendor bill and a supplier confirmation found in the sales mailbox to their modules", async () => {
    const catalog = await loadCsvCatalog(path.join(corpus, "catalog"));
    const extractorFor = await createExtractorFactory({ handle: db, catalog });
    const process = createMessageProcessTask({ handle: db, extractorFor, odooConfigured: true });
    const inbox = path.join(dir, "sales-inbox");
    mkdirSync(inbox, { recursive: true });
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path, module)
      values ('folder', 'orders@ourcompany.example', ${inbox}, 'sales') returning id`;
    const routed: Array<[string, string, string]> = [];
    for (const id of ["028", "029", "001"]) {
      const file = path.join(inbox, `${id}.eml`);
      writeFileSync(file, corpusMail(corpus, id, mid(`route-${id}`)));
      const [m] = await db.sql<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size)
        values (${mb!.id}, ${mid(`route-${id}`)}, ${file}, 'x', 1) returning id::int as id`;
      await process.handler({ messageId: m!.id }, ctx());
      const [d] = await db.sql<{ kind: string; module: string }[]>`
        select kind, module from order_intake.decisions where message_id = ${m!.id}`;
      const jobs = await db.sql<{ identifier: string }[]>`
        select t.identifier from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
        where (j.payload->>'messageId')::int = ${m!.id} and t.identifier like 'odoo_%'`;
      routed.push([
        d!.kind,
        d!.module,
        jobs
          .map((j) => j.identifier)
          .sort()
          .join(","),
      ]);
    }
    expect(routed).toEqual([
      ["vendor_bill", "invoicing", "odoo_apply_module,odoo_intake_log"],
      ["purchase_confirmation", "purchase", "odoo_apply_module,odoo_intake_log"],
      ["sales_order", "sales", "odoo_intake_log,odoo_write_draft"],
    ]);
  });

  it("Purchase: a confirmation that differs is posted to the PO's chatter and flagged, the PO unchanged", async () => {
    const m = await seed(corpusMail(corpus, "029", mid("conf")), "purchase", "V-2004", mid("conf"));
    await apply(m);
    const po = rec("purchase.order", ids.molinosPo!);
    const lines = (po.order_line as number[]).map((id) => rec("purchase.order.line", id));
    expect(lines.map((l) => l.product_qty)).toEqual([4000, 2500, 1000]); // nothing changed
    const [note] = notes("purchase.order", po.id);
    expect(note).toContain("differs from this order; nothing was changed");
    expect(note).toContain("HT-405-25: quantity 2000 where the PO has 2500");
    expect(note).not.toContain("HT-550-25");
    const [activity] = standIn.records("mail.activity").filter((a) => a.res_id === po.id);
    expect(activity?.summary).toBe("Supplier confirmation differs: review");
    const [log] = logs("purchase");
    expect(log).toMatchObject({ status: "to_review", res_model: "purchase.order", res_id: po.id });
    expect(JSON.parse(String(log!.reasons)).map((r: { code: string }) => r.code)).toContain(
      "line.quantity_differs",
    );
    expect(
      standIn
        .records("ir.attachment")
        .some((a) => a.res_model === "purchase.order" && a.name === "CP-26-3318.pdf"),
    ).toBe(true);
    expect(await draftRow(m)).toMatchObject({
      state: "created",
      odoo_model: "purchase.order",
      odoo_id: po.id,
    });
    // run again (a retried job): no second note, activity or log
    await db.sql`update order_intake.drafts set state = 'pending' where message_id = ${m}`;
    await apply(m);
    expect(notes("purchase.order", po.id)).toHaveLength(1);
    expect(standIn.records("mail.activity").filter((a) => a.res_id === po.id)).toHaveLength(1);
    expect(logs("purchase")).toHaveLength(1);
  });

  it("Purchase: a confirmation for no PO of ours fails with its reason in the intake log", async () => {
    const raw = await mail({
      from: "Molinos del Sur - Pedidos <pedidos@molinosdelsur.example>",
      subject: "Confirmación de pedido CP-26-3400 / su pedido PO-NB-26-9999",
      messageId: mid("nopo"),
      text: "Les confirmamos su pedido PO-NB-26-9999. Fecha prevista de envío: 02/11/2026",
    });
    const m = await seed(raw, "purchase", "V-2004", mid("nopo"));
    expect(await rejected(m)).toBe("purchase.no_matching_po");
    const failed = logs("purchase").find((l) => l.message_id === mid("nopo"));
    expect(failed).toMatchObject({ status: "failed" });
    expect(String(failed!.error)).toContain("no purchase order PO-NB-26-9999");
    expect((await draftRow(m)).state).toBe("failed");
  });

  it("Invoicing: a vendor bill becomes a draft in_invoice matched to the PO, with its PDF", async () => {
    const m = await seed(corpusMail(corpus, "028", mid("bill")), "invoicing", "V-2001", mid("bill"));
    await apply(m);
    const [bill] = standIn.records("account.move");
    const vendor = standIn.records("res.partner").find((p) => p.ref === "V-2001")!;
    expect(bill).toMatchObject({
      move_type: "in_invoice",
      partner_id: vendor.id,
      ref: "RE-2026-10455",
      invoice_date: "2026-10-30",
      invoice_date_due: "2026-11-29",
      invoice_origin: "PO-NB-26-0733",
      state: "draft",
      order_intake_review_state: "automatic",
      amount_untaxed: 11042.5,
    });
    const poLines = rec("purchase.order", ids.rheinholzPo!).order_line as number[];
    const billLines = (bill!.invoice_line_ids as number[]).map((id) => rec("account.move.line", id));
    expect(billLines.map((l) => l.purchase_line_id)).toEqual(poLines);
    expect(billLines.map((l) => [l.quantity, l.price_unit])).toEqual([
      [20, 298],
      [10, 326],
      [15, 121.5],
    ]);
    expect(
      standIn
        .records("ir.attachment")
        .filter((a) => a.res_model === "account.move")
        .map((a) => a.name),
    ).toEqual(["RE-2026-10455.pdf"]);
    expect(logs("invoicing")[0]).toMatchObject({
      status: "done",
      res_model: "account.move",
      res_id: bill!.id,
    });
  });

  it("Invoicing: a second bill with the same reference from that vendor is refused", async () => {
    const m = await seed(
      corpusMail(corpus, "028", mid("bill-again")),
      "invoicing",
      "V-2001",
      mid("bill-again"),
    );
    expect(await rejected(m)).toBe("bill.duplicate_reference");
    expect(standIn.records("account.move")).toHaveLength(1);
    const failed = logs("invoicing").find((l) => l.message_id === mid("bill-again"));
    expect(String(failed?.error)).toContain(
      "bill reference RE-2026-10455 of this vendor is already recorded",
    );
  });

  it("Inventory: a shipping notice moves the receipt's expected date and sets the carrier reference", async () => {
    const m = await seed(await shippingNotice(mid("asn"), "PO-NB-26-0871"), "inventory", null, mid("asn"));
    await apply(m);
    const picking = standIn.records("stock.picking").find((p) => p.origin === "PO-NB-26-0871")!;
    expect(picking).toMatchObject({
      scheduled_date: "2026-11-25 12:00:00",
      carrier_tracking_ref: "DHL 00340434161094015902",
    });
    const [note] = notes("stock.picking", picking.id);
    expect(note).toContain("expected date 2026-10-26 -&gt; 2026-11-25");
    expect(logs("inventory")[0]).toMatchObject({
      status: "done",
      res_model: "stock.picking",
      res_id: picking.id,
    });
  });

  it("Inventory: a notice for no open receipt fails with its reason", async () => {
    const m = await seed(
      await shippingNotice(mid("asn-x"), "PO-NB-26-5555"),
      "inventory",
      null,
      mid("asn-x"),
    );
    expect(await rejected(m)).toBe("inventory.no_matching_transfer");
  });

  it("HR: an employee's receipt becomes a draft expense for that employee, the receipt attached", async () => {
    const m = await seed(
      await expenseReceipt(mid("exp"), "Jana Krüger <jana.krueger@ourcompany.example>"),
      "hr",
      null,
      mid("exp"),
    );
    await apply(m);
    const [expense] = standIn.records("hr.expense");
    expect(expense).toMatchObject({
      employee_id: ids.employee,
      product_id: ids.expenseProduct,
      total_amount_currency: 42.5,
      date: "2026-11-02",
      state: "draft",
    });
    expect(String(expense!.name)).toContain("Hansa Taxi Hamburg GmbH");
    expect(
      standIn
        .records("ir.attachment")
        .some((a) => a.res_model === "hr.expense" && a.name === "taxi-receipt.pdf"),
    ).toBe(true);
    expect(logs("hr")[0]).toMatchObject({ status: "done", res_model: "hr.expense" });
  });

  it("HR: a receipt from an address no employee has is refused (unknown employee)", async () => {
    const m = await seed(
      await expenseReceipt(mid("exp-x"), "someone@elsewhere.example"),
      "hr",
      null,
      mid("exp-x"),
    );
    expect(await rejected(m)).toBe("hr.unknown_employee");
    expect(standIn.records("hr.expense")).toHaveLength(1);
    expect(logs("hr").find((l) => l.message_id === mid("exp-x"))).toMatchObject({ status: "failed" });
  });

  it("a module whose Odoo app is not installed says so (the toggle needs the app)", async () => {
    const bare = await createOdooStandIn({ modules: ["base", "sale_management", "account"] });
    try {
      const c = await createOdooClient(
        { url: bare.url, db: bare.db, user: bare.user.login, apiKey: bare.user.apiKey },
        { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
      );
      const t = createOdooApplyModuleTask({ handle: db, odoo: async () => c });
      const m = await seed(
        await shippingNotice(mid("asn-noapp"), "PO-NB-26-0871"),
        "inventory",
        null,
        mid("asn-noapp"),
      );
      const err = await t.handler({ messageId: m }, ctx()).catch((e: unknown) => e);
      expect((err as PermanentJobError).code).toBe("module.app_missing");
      expect((err as Error).message).toContain("the Inventory app (stock) is not installed");
    } finally {
      await bare.close();
    }
  });

  it("an uploaded sales document that became no draft gets its log entry completed with why", async () => {
    const m = await seed(
      await mail({
        from: "x@unknown.example",
        subject: "hello",
        text: "no order here",
        messageId: mid("up-none"),
      }),
      "sales",
      null,
      mid("up-none"),
    );
    await apply(m);
    expect(logs("sales").find((l) => l.message_id === mid("up-none"))).toMatchObject({ status: "failed" });
    expect((await draftRow(m)).state).toBe("failed");
  });

  it("an upload whose files cannot be read gets its log entry failed with why", async () => {
    const extractorFor = await createExtractorFactory({
      handle: db,
      catalog: await loadCsvCatalog(path.join(corpus, "catalog")),
    });
    const process = createMessageProcessTask({ handle: db, extractorFor, odooConfigured: true });
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path, module)
      values ('upload', 'upload:invoicing', 'odoo-upload:standin:invoicing', 'invoicing') returning id`;
    const [m] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size)
      values (${mb!.id}, ${mid("up-gone")}, ${path.join(dir, "gone.eml")}, 'x', 1) returning id::int as id`;
    await db.sql`
      insert into order_intake.uploads (odoo_database, odoo_log_id, module, attachment_ids, message_id)
      values ('standin', 99, 'invoicing', '[1]'::jsonb, ${m!.id})`;
    const err = await process.handler({ messageId: m!.id }, ctx()).catch((e: unknown) => e);
    expect((err as PermanentJobError).code).toBe("message.unreadable");
    await apply(m!.id);
    const failed = logs("invoicing").find((l) => l.message_id === mid("up-gone"));
    expect(failed).toMatchObject({ status: "failed" });
    expect(String(failed!.error)).toContain("the documents cannot be read");
  });

  it("document.uploaded: the attachments are read over the API and join the pipeline as one message", async () => {
    const pdf = corpusMail(corpus, "028"); // any bytes: the handler does not read them
    const attachmentId = await client.create("ir.attachment", {
      name: "RE-2026-10455.eml",
      datas: pdf.toString("base64"),
      res_model: "order.intake.log",
      res_id: 1,
    });
    const dataDir = path.join(dir, "data");
    mkdirSync(dataDir, { recursive: true });
    const handler = createDocumentUploadedHandler();
    const delivery = {
      event: "document.uploaded" as const,
      delivery: "7d7a4d1e-94f3-4a43-9e0b-5c0b1d0a0001",
      sent_at: new Date().toISOString(),
      database: "standin",
      company_id: 1,
      data: {
        log_id: 41,
        attachment_ids: [attachmentId],
        module: "invoicing",
        partner_id: null,
        note: "bill received by post",
        uploaded_by: { id: 2, login: "admin" },
      },
    };
    const hctx = { handle: db, log: memoryLogger("silent").logger, odoo: async () => client, dataDir };
    await handler(hctx, delivery);
    await handler(hctx, delivery); // a replay takes nothing in twice
    const rows = await db.sql<{ id: number; module: string; source_path: string; message_id: string }[]>`
      select m.id::int as id, b.module, m.source_path, m.message_id
      from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id where b.kind = 'upload' and m.message_id like '<order-intake-upload-%'`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ module: "invoicing", message_id: uploadMessageId("standin", 41) });
    // the document is kept in the bridge database until every job that needs it is done
    const [spool] = await db.sql<{ raw: Buffer }[]>`
      select raw from order_intake.message_spool where message_id = ${rows[0]!.id}`;
    expect(spool!.raw.toString("latin1")).toContain("RE-2026-10455.eml");
    const [upload] =
      await db.sql`select odoo_log_id, attachment_ids, uploaded_by from order_intake.uploads where odoo_log_id = 41`;
    expect(upload).toMatchObject({ odoo_log_id: 41, attachment_ids: [attachmentId], uploaded_by: 2 });
    const jobs = await db.sql<{ payload: { messageId: number } }[]>`
      select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'message_process'`;
    expect(jobs.map((j) => j.payload.messageId)).toEqual([rows[0]!.id]);
  });
});
