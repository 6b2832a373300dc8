import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { loadCachedCatalog } from "./loadCachedCatalog.ts";
import { syncCatalog } from "./syncCatalog.ts";

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
});
afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
});

const mail = (from: string, body: string, subject = "Order 5501") =>
  Buffer.from(
    [
      `From: Buyer <${from}>`,
      "To: orders@ourcompany.example",
      `Subject: ${subject}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${Math.random().toString(36).slice(2)}@sync.example>`,
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      body,
      "",
    ].join("\r\n"),
  );

describe("catalog sync from Odoo (stand-in)", () => {
  it("picks up a new product and a renamed one without a full reload; matching reads the cache", async () => {
    const company = await client.create("res.partner", {
      name: "Nordwind Handel GmbH",
      ref: "C-7001",
      is_company: true,
      email: "info@nordwind-handel.example",
      vat: "DE811907980",
    });
    await client.create("res.partner", {
      name: "Einkauf",
      parent_id: company,
      email: "einkauf@nordwind-handel.example",
    });
    const desk = await client.create("product.product", {
      name: "Desk Oak 160",
      default_code: "FUR-1042",
      list_price: 289,
    });
    const chair = await client.create("product.product", {
      name: "Office Chair ErgoPro Black",
      default_code: "FUR-1101",
      list_price: 199,
    });
    // everything so far was written long ago, and a catalog has many more products
    for (let i = 0; i < 40; i++) {
      await client.create("product.product", {
        name: `Carton ${200 + i}x300`,
        default_code: `PKG-${3000 + i}`,
        list_price: 1,
      });
    }
    for (const model of ["res.partner", "product.product"]) {
      for (const r of standIn.records(model)) {
        r.write_date = `2026-01-${String(1 + (r.id % 28)).padStart(2, "0")} 10:00:00`;
      }
    }

    const first = await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    expect(first).toMatchObject({ mode: "full", products: 42 });
    let catalog = await loadCachedCatalog(db, standIn.db, "ourcompany.example");
    expect(catalog?.products.slice(0, 2).map((p) => [p.default_code, p.name, p.list_price, p.uom])).toEqual([
      ["FUR-1042", "Desk Oak 160", 289, "Units"],
      ["FUR-1101", "Office Chair ErgoPro Black", 199, "Units"],
    ]);
    const nordwind = catalog?.customers.find((c) => c.ref === "C-7001");
    expect(nordwind?.contact_emails.sort()).toEqual([
      "einkauf@nordwind-handel.example",
      "info@nordwind-handel.example",
    ]);
    expect(nordwind?.email_domain).toBe("nordwind-handel.example");
    expect(nordwind?.vat).toBe("DE811907980");

    // in Odoo: a new product, a renamed one, an archived one
    await client.create("product.product", {
      name: "Whiteboard 180x90",
      default_code: "FUR-1502",
      list_price: 149,
    });
    await client.write("product.product", [chair], { name: "Office Chair ErgoPro Graphite" });
    const reads = standIn.calls.get("product.product.search_read") ?? 0;
    const second = await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    // read: the two written since, and the record(s) of the newest second already in the cache again
    // (write_date has whole seconds; `>=` so a write in that same second is never missed)
    expect(second.mode).toBe("incremental");
    expect(second.products).toBeLessThanOrEqual(3);
    expect(second.products).toBeGreaterThanOrEqual(2);
    expect(second.partners).toBeLessThanOrEqual(1);
    expect(standIn.calls.get("product.product.search_read")).toBe(reads + 1);
    catalog = await loadCachedCatalog(db, standIn.db, "ourcompany.example");
    expect(catalog?.products).toHaveLength(43);
    const names = new Map(catalog?.products.map((p) => [p.default_code, p.name]));
    expect(names.get("FUR-1042")).toBe("Desk Oak 160");
    expect(names.get("FUR-1101")).toBe("Office Chair ErgoPro Graphite");
    expect(names.get("FUR-1502")).toBe("Whiteboard 180x90");

    await client.write("product.product", [desk], { active: false });
    await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    catalog = await loadCachedCatalog(db, standIn.db, "ourcompany.example");
    expect(catalog?.products.map((p) => p.default_code)).not.toContain("FUR-1042");
    expect(catalog?.products).toHaveLength(42);

    // the extractor matches against the cache: the contact's address, the new product, no Odoo call
    const factory = await createExtractorFactory({
      handle: db,
      catalog: { products: [], customers: [], vendors: [], ownDomain: "ourcompany.example" },
      odooDatabase: standIn.db,
      catalogCache: true,
      refreshMs: 0,
    });
    const calls = [...standIn.calls.values()].reduce((a, b) => a + b, 0);
    const result = await factory("m1").extract(
      mail("einkauf@nordwind-handel.example", "Please deliver PO 5501:\n\n4 x FUR-1502 Whiteboard 180x90\n"),
      { key: "m1" },
    );
    expect(result.customer_ref).toBe("C-7001");
    expect(result.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([["FUR-1502", 4]]);
    expect([...standIn.calls.values()].reduce((a, b) => a + b, 0)).toBe(calls);

    // an order typed into Odoo by hand with the customer's PO number: the same PO by mail is a duplicate
    const whiteboard = standIn.records("product.product").find((p) => p.default_code === "FUR-1502")!;
    await client.create("sale.order", {
      partner_id: company,
      client_order_ref: "PO-88123",
      order_line: [[0, 0, { product_id: whiteboard.id, product_uom_qty: 2 }]],
    });
    const third = await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    expect(third.orders).toBe(1);
    const dup = await factory("m2").extract(
      mail(
        "einkauf@nordwind-handel.example",
        "Please deliver PO-88123:\n\n2 x FUR-1502 Whiteboard 180x90\n",
        "Order PO-88123",
      ),
      { key: "m2" },
    );
    expect(dup.duplicate_of).toMatch(/^odoo:S\d+$/);
    expect(dup.expect).toBe("review");
    expect(dup.reasons.map((r) => r.code)).toContain("duplicate.resend");

    // a change to that order by mail is proposed on the Odoo order itself (its chatter)
    const change = Buffer.from(
      [
        "From: Buyer <einkauf@nordwind-handel.example>",
        "To: orders@ourcompany.example",
        "Subject: Re: Order PO-88123",
        "Date: Tue, 17 Nov 2026 09:12:00 +0100",
        "Message-ID: <change-88123@nordwind-handel.example>",
        "In-Reply-To: <unknown-to-us@ourcompany.example>",
        "References: <unknown-to-us@ourcompany.example>",
        'Content-Type: text/plain; charset="utf-8"',
        "",
        "Hello, please change PO-88123: we need 3 whiteboards instead of 2.",
        "",
      ].join("\r\n"),
    );
    const amended = await factory("m3").extract(change, { key: "m3" });
    expect(amended.kind).toBe("amendment");
    expect(amended.amends?.of).toMatch(/^odoo:S\d+$/);
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'o@x.example', '/tmp/p3-sync')
      returning id`;
    const [msg] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
      values (${mb!.id}, '<change-88123@nordwind-handel.example>', 'x', 1, 'processed') returning id::int as id`;
    const { proposeAmendment } = await import("../match/proposeAmendment.ts");
    const parent = await db.sql.begin((tx) =>
      proposeAmendment(tx, { messageRowId: msg!.id, raw: change, result: amended }),
    );
    const order = standIn.records("sale.order").find((o) => o.client_order_ref === "PO-88123")!;
    expect(parent).toMatchObject({ draftId: null, odooModel: "sale.order", odooId: order.id });
  });
});

describe("the catalog_sync job", () => {
  it("syncs and schedules its next run (one pending job, whatever the workers)", async () => {
    const { createCatalogSyncTask } = await import("../jobs/tasks/catalogSync.ts");
    const { memoryLogger } = await import("../test/startTestService.ts");
    const task = createCatalogSyncTask({
      handle: db,
      odoo: async () => client,
      odooDatabase: standIn.db,
      everyMs: 60_000,
    });
    const ctx = {
      log: memoryLogger("silent").logger,
      jobId: "1",
      attempt: 1,
      maxAttempts: 3,
      abortSignal: new AbortController().signal,
    };
    await task.handler({ full: false }, ctx);
    await task.handler({ full: false }, ctx);
    const jobs = await db.sql<{ run_at: Date }[]>`
      select j.run_at from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'catalog_sync'`;
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]!.run_at).getTime()).toBeGreaterThan(Date.now() + 30_000);
  });
});

describe("pricelists", () => {
  it("the customer's pricelist price (synced rules) is what a line price is compared with", async () => {
    const [gbp] = await client.search("res.currency", [["name", "=", "GBP"]], {
      context: { active_test: false },
    });
    const pricelist = await client.create("product.pricelist", { name: "UK customers", currency_id: gbp });
    const [company] = await client.search("res.partner", [["ref", "=", "C-7001"]]);
    await client.write("res.partner", [company!], { property_product_pricelist: pricelist });
    const [whiteboard] = await client.search("product.product", [["default_code", "=", "FUR-1502"]]);
    await client.create("product.pricelist.item", {
      pricelist_id: pricelist,
      applied_on: "0_product_variant",
      product_id: whiteboard,
      compute_price: "fixed",
      fixed_price: 139,
    });
    await client.create("product.pricelist.item", {
      pricelist_id: pricelist,
      applied_on: "0_product_variant",
      product_id: whiteboard,
      compute_price: "fixed",
      fixed_price: 119,
      min_quantity: 10,
    });
    // a rule on the product template (what Odoo's product form creates) applies to its variant
    const [chair] = await client.search("product.product", [["default_code", "=", "FUR-1101"]]);
    const [chairRow] = await client.read<{ product_tmpl_id: [number, string] }>(
      "product.product",
      [chair!],
      ["product_tmpl_id"],
    );
    await client.create("product.pricelist.item", {
      pricelist_id: pricelist,
      applied_on: "1_product",
      product_tmpl_id: chairRow!.product_tmpl_id[0],
      compute_price: "fixed",
      fixed_price: 201,
    });
    const result = await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    expect(result.priceRules).toBe(3);

    const factory = await createExtractorFactory({
      handle: db,
      catalog: { products: [], customers: [], vendors: [], ownDomain: "ourcompany.example" },
      odooDatabase: standIn.db,
      catalogCache: true,
      refreshMs: 0,
    });
    const order = (qty: number, price: string, po: string, item = "FUR-1502 Whiteboard 180x90") =>
      factory(po).extract(
        mail(
          "einkauf@nordwind-handel.example",
          `Please deliver ${po}:\n\n${qty} x ${item} at ${price} GBP\n`,
          `Order ${po}`,
        ),
        { key: po },
      );
    const priceReasons = (r: Awaited<ReturnType<typeof order>>) =>
      r.reasons.filter((x) => x.code === "line.price_differs").map((x) => x.message);
    expect(priceReasons(await order(2, "139.00", "PO-9101"))).toEqual([]);
    // 10 or more: the quantity rule's 119 applies
    expect(priceReasons(await order(12, "119.00", "PO-9102"))).toEqual([]);
    const chairLine = "FUR-1101 Office Chair ErgoPro Black";
    expect(priceReasons(await order(2, "201.00", "PO-9104", chairLine))).toEqual([]);
    const offTemplate = priceReasons(await order(2, "250.00", "PO-9105", chairLine));
    expect(offTemplate).toHaveLength(1);
    expect(offTemplate[0]).toContain("pricelist price 201");
    const off = priceReasons(await order(2, "99.00", "PO-9103"));
    expect(off).toHaveLength(1);
    expect(off[0]).toContain("pricelist price 139");
  });
});
