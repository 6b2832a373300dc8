import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { parsePo } from "../extract/match/poTranslations.ts";
import { createMemoryProductMatcher } from "../extract/match/productMatcher.ts";
import { createPgProductMatcher } from "../match/createPgProductMatcher.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { createExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { loadCachedCatalog } from "./loadCachedCatalog.ts";
import { syncCatalog } from "./syncCatalog.ts";

/**
 * A catalog of another trade (tools and fasteners, 200 products, English names with German
 * translations in Odoo's PO format) loaded into Odoo as a user would (products, then the German
 * translations, the language activated): orders in either language match by the names the catalog sync
 * reads per language, with nothing about tools in the code.
 */
const FIXTURE = new URL("./__fixtures__/tools-catalog/", import.meta.url).pathname;

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;
let rows: Array<{ default_code: string; name: string; list_price: string }>;
let german: Map<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient(
    { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
    { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
  );
  rows = parse(await readFile(`${FIXTURE}products.csv`, "utf8"), { columns: true });
  german = new Map(parsePo(await readFile(`${FIXTURE}i18n/de.po`, "utf8")).map((e) => [e.msgid, e.msgstr]));
}, 60_000);
afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
});

const mail = (from: string, subject: string, body: string) =>
  Buffer.from(
    [
      `From: Einkauf <${from}>`,
      "To: orders@ourcompany.example",
      `Subject: ${subject}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${Math.random().toString(36).slice(2)}@tools.example>`,
      "MIME-Version: 1.0",
      'Content-Type: text/plain; charset="utf-8"',
      "",
      body,
      "",
    ].join("\r\n"),
  );

/** A customer's wording: lower case, without the pack note in brackets. */
const customerWording = (name: string) =>
  name
    .replace(/\s*\([^)]*\)\s*$/, "")
    .toLowerCase()
    .trim();

describe("a catalog of another trade, in two languages, from Odoo", () => {
  it("is read per language by the sync and matched in either language, with no code change", async () => {
    expect(rows).toHaveLength(200);
    expect(german.size).toBe(200);
    for (const r of rows) {
      const id = await client.create("product.product", {
        name: r.name,
        default_code: r.default_code,
        list_price: Number(r.list_price),
      });
      const [{ product_tmpl_id }] = (await client.read("product.product", [id], ["product_tmpl_id"])) as [
        {
          product_tmpl_id: [number, string];
        },
      ];
      await client.executeKw("product.template", "update_field_translations", [
        [product_tmpl_id[0]],
        "name",
        { de_DE: german.get(r.name) },
      ]);
    }
    const [de] = await client.searchRead<{ id: number }>("res.lang", [["code", "=", "de_DE"]], ["code"], {
      context: { active_test: false },
    });
    await client.write("res.lang", [de!.id], { active: true });
    // a vendor's code and name for one product (product.supplierinfo)
    const vendor = await client.create("res.partner", { name: "Schrauben Grosshandel KG", is_company: true });
    const [bolt] = await client.searchRead<{ id: number; product_tmpl_id: [number, string] }>(
      "product.product",
      [["default_code", "=", "HB-A2-M830"]],
      ["product_tmpl_id"],
    );
    await client.create("product.supplierinfo", {
      partner_id: vendor,
      product_tmpl_id: bolt!.product_tmpl_id[0],
      product_code: "0933 08 30 A2",
      product_name: "Sechskant-Schraube M8 x 30 VA",
      price: 0.12,
    });
    const company = await client.create("res.partner", {
      name: "Metallbau Krüger GmbH",
      ref: "C-9001",
      is_company: true,
      email: "einkauf@metallbau-krueger.example",
    });
    await client.create("res.partner", {
      name: "Einkauf",
      parent_id: company,
      email: "einkauf@metallbau-krueger.example",
    });

    const sync = await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    expect(sync.products).toBe(200);
    const catalog = await loadCachedCatalog(db, standIn.db, "ourcompany.example");
    const wrench = catalog?.products.find((p) => p.default_code === "WR-CMB-13");
    expect(wrench?.name).toBe("Combination Wrench 13 mm");
    expect(wrench?.names).toEqual(["Ringmaulschlüssel 13 mm"]);
    const synced = catalog?.products.find((p) => p.default_code === "HB-A2-M830");
    expect(synced?.codes).toEqual(["0933 08 30 A2"]);
    expect(synced?.names).toContain("Sechskant-Schraube M8 x 30 VA");

    // every product, by its name as a customer writes it, in English and in German
    const matcher = await createPgProductMatcher({ handle: db, odooDatabase: standIn.db });
    const wrong: string[] = [];
    for (const r of rows) {
      for (const wording of [customerWording(r.name), customerWording(german.get(r.name) ?? "")]) {
        const m = await matcher.match({ description: wording });
        if (m.product?.default_code !== r.default_code)
          wrong.push(`${wording} -> ${m.product?.default_code ?? "none"} (want ${r.default_code})`);
      }
    }
    expect(wrong).toEqual([]);
    // the vendor's code Odoo holds names the product too
    expect((await matcher.match({ code: "0933 08 30 A2" })).product?.default_code).toBe("HB-A2-M830");

    // an order in German and one in English, through the extractor on the synced cache
    const factory = await createExtractorFactory({
      handle: db,
      catalog: { products: [], customers: [], vendors: [], ownDomain: "ourcompany.example" },
      odooDatabase: standIn.db,
      catalogCache: true,
      refreshMs: 0,
    });
    const deOrder = await factory("t1").extract(
      mail(
        "einkauf@metallbau-krueger.example",
        "Bestellung 77120",
        [
          "Guten Tag,",
          "",
          "bitte liefern Sie zu unserer Bestellung 77120:",
          "",
          "20 x Ringmaulschlüssel 13 mm",
          "5 x Wasserwaage Aluminium 80 cm",
          "200 x Sechskantmutter DIN 934 M10 Edelstahl A2",
          "",
          "Mit freundlichen Grüßen",
        ].join("\n"),
      ),
      { key: "t1" },
    );
    expect(deOrder.customer_ref).toBe("C-9001");
    expect(deOrder.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([
      ["WR-CMB-13", 20],
      ["SL-80", 5],
      ["HN-A2-M10", 200],
    ]);
    const enOrder = await factory("t2").extract(
      mail(
        "einkauf@metallbau-krueger.example",
        "PO 77121",
        [
          "Hello,",
          "",
          "please deliver against PO 77121:",
          "",
          "20 x Combination Wrench 13 mm",
          "5 x Spirit Level Aluminium 80 cm",
          "200 x Hex Nut DIN 934 M10 Stainless A2",
          "",
          "Regards",
        ].join("\n"),
      ),
      { key: "t2" },
    );
    expect(enOrder.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([
      ["WR-CMB-13", 20],
      ["SL-80", 5],
      ["HN-A2-M10", 200],
    ]);
  }, 240_000);

  it("reads the same translations from PO files beside a CSV catalog", async () => {
    const catalog = await loadCsvCatalog(FIXTURE, "ourcompany.example", { translations: [`${FIXTURE}i18n`] });
    const m = createMemoryProductMatcher(catalog);
    expect(
      (await m.match({ description: "Schnittschutzhandschuhe Stufe C Größe 9" })).product?.default_code,
    ).toBe("GL-CR-9");
    expect((await m.match({ description: "Kombizange 180 mm" })).product?.default_code).toBe("PL-CMB-180");
    expect((await m.match({ description: "Kombizange" })).product).toBeNull();
  });
});
