import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { createPgAliasStore } from "./createPgAliasStore.ts";
import { recordProductAlias } from "./recordProductAlias.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("recordProductAlias", () => {
  it("stores part number and description per customer, idempotently, and the store finds them", async () => {
    const input = {
      odooDatabase: "odoo",
      partnerRef: "C-1007",
      customerSku: " 474.831.60 ",
      description: "Becherglas   Borosilikat 600 ml",
      productCode: "LAB-5002",
      source: "slack",
    };
    const first = await recordProductAlias(db, input);
    expect(first.map((a) => [a.aliasKey, a.changed])).toEqual([
      ["474.831.60", true],
      ["Becherglas Borosilikat 600 ml", true],
    ]);
    const again = await recordProductAlias(db, input);
    expect(again.map((a) => a.changed)).toEqual([false, false]);
    expect(again.map((a) => a.id)).toEqual(first.map((a) => a.id));

    const store = createPgAliasStore(db, "odoo");
    expect(await store.lookup("C-1007", ["474.831.60"])).toBe("LAB-5002");
    expect(await store.lookup("C-1007", [null, "becherglas borosilikat  600 ML"])).toBe("LAB-5002");
    // another customer, another database: nothing
    expect(await store.lookup("C-1001", ["474.831.60"])).toBeNull();
    expect(await createPgAliasStore(db, "other").lookup("C-1007", ["474.831.60"])).toBeNull();

    // a later correction points the key elsewhere
    const moved = await recordProductAlias(db, { ...input, description: null, productCode: "LAB-5003" });
    expect(moved).toEqual([{ id: first[0]!.id, aliasKey: "474.831.60", changed: true }]);
    expect(await store.lookup("C-1007", ["474.831.60", "Becherglas Borosilikat 600 ml"])).toBe("LAB-5003");
    const rows = await db.sql`select count(*)::int as n from order_intake.product_aliases`;
    expect(rows[0]!.n).toBe(2);
  });

  it("records nothing without a customer, a product or a usable key", async () => {
    expect(
      await recordProductAlias(db, {
        odooDatabase: "odoo",
        partnerRef: "",
        customerSku: "X-1",
        productCode: "A",
      }),
    ).toEqual([]);
    expect(
      await recordProductAlias(db, {
        odooDatabase: "odoo",
        partnerRef: "C-1",
        customerSku: " ",
        productCode: "A",
      }),
    ).toEqual([]);
  });
});
