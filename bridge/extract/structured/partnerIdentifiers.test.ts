import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCachedCatalog } from "../../catalog/loadCachedCatalog.ts";
import { partnerIdentifiers, syncCatalog } from "../../catalog/syncCatalog.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { createMemoryPartnerMatcher } from "../match/partnerMatcher.ts";

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

describe("customer identifiers (GLN, VAT, Peppol endpoint) from Odoo's partners", () => {
  it("a GLN is a barcode with a valid check digit; the Peppol address is scheme:endpoint", () => {
    expect(
      partnerIdentifiers({ barcode: "4012345000009", peppol_eas: false, peppol_endpoint: false }),
    ).toEqual({
      gln: "4012345000009",
      endpoint: null,
    });
    expect(
      partnerIdentifiers({ barcode: "4012345000008", peppol_eas: "9930", peppol_endpoint: "DE811907980" }),
    ).toEqual({
      gln: null,
      endpoint: "9930:DE811907980",
    });
    expect(
      partnerIdentifiers({ barcode: false, peppol_eas: "0088", peppol_endpoint: "7612345678900" }),
    ).toEqual({
      gln: "7612345678900",
      endpoint: "0088:7612345678900",
    });
  });

  it("the catalog sync stores them and the partner matcher finds customers by endpoint, GLN and VAT", async () => {
    await client.create("product.product", { name: "Desk", default_code: "DSK-160", list_price: 1 });
    await client.create("res.partner", {
      name: "Stadtwerke Musterstadt GmbH",
      ref: "C-5001",
      is_company: true,
      email: "einkauf@stadtwerke-muster.example",
      vat: "DE811907980",
      barcode: "4012345000009",
    });
    await client.create("res.partner", {
      name: "Peppol Kommune",
      ref: "C-5003",
      is_company: true,
      email: "post@kommune.example",
      peppol_eas: "0208",
      peppol_endpoint: "0123456789",
    });
    await syncCatalog({ handle: db, client, odooDatabase: standIn.db });
    const catalog = await loadCachedCatalog(db, standIn.db, "ourcompany.example");
    const stadtwerke = catalog?.customers.find((c) => c.ref === "C-5001");
    expect(stadtwerke).toMatchObject({ gln: "4012345000009", vat: "DE811907980", peppol_endpoint: null });
    const partners = createMemoryPartnerMatcher(catalog!);
    expect(partners.byIdentifiers?.("customer", { gln: "4012345000009" })).toMatchObject({
      partner: { ref: "C-5001" },
      via: "gln",
    });
    expect(partners.byIdentifiers?.("customer", { endpoint: "0088:4012345000009" })).toMatchObject({
      partner: { ref: "C-5001" },
      via: "gln",
    });
    expect(partners.byIdentifiers?.("customer", { vat: "DE 811 907 980" })).toMatchObject({
      partner: { ref: "C-5001" },
      via: "vat",
    });
    expect(partners.byIdentifiers?.("customer", { endpoint: "0208:0123456789" })).toMatchObject({
      partner: { ref: "C-5003" },
      via: "endpoint",
    });
    expect(
      partners.byIdentifiers?.("customer", { gln: "4000000000013", email: "x@nowhere.example" }),
    ).toBeNull();
  });
});
