import { describe, expect, it } from "vitest";
import type { OdooClient } from "../odoo/odooClient.ts";
import { readPartnerProductCodes } from "./syncProductLanguage.ts";

/** A client that answers searchRead per model and says which models ir.model knows. */
function fakeOdoo(models: string[]) {
  const asked: string[] = [];
  const rows = (model: string) =>
    model === "product.supplierinfo"
      ? [
          {
            id: 1,
            partner_id: [7, "V"],
            product_id: [3, "P"],
            product_tmpl_id: [4, "T"],
            product_code: "V-1",
            product_name: "Vendor name",
          },
        ]
      : [
          {
            id: 2,
            partner_id: [8, "C"],
            product_id: [3, "P"],
            product_tmpl_id: [4, "T"],
            product_code: "C-1",
            product_name: false,
          },
        ];
  const client = {
    async search(model: string, domain: unknown[][]) {
      asked.push(`search ${model}`);
      return model === "ir.model" && models.includes(String(domain[0]?.[2])) ? [99] : [];
    },
    async searchRead(model: string) {
      asked.push(`read ${model}`);
      if (!models.includes(model)) throw new Error(`Object ${model} doesn't exist`);
      return rows(model);
    },
  } as unknown as OdooClient;
  return { client, asked };
}

describe("vendors' and customers' product codes from Odoo", () => {
  it("does not read a model Odoo does not have (Odoo would log an error at every sync)", async () => {
    const { client, asked } = fakeOdoo(["product.supplierinfo"]);
    const codes = await readPartnerProductCodes(client);
    expect(asked).not.toContain("read product.customerinfo");
    expect([...(codes.byProduct.get(3)?.codes ?? [])]).toEqual(["V-1"]);
  });

  it("reads customers' codes where a module provides them", async () => {
    const { client } = fakeOdoo(["product.supplierinfo", "product.customerinfo"]);
    const codes = await readPartnerProductCodes(client);
    expect([...(codes.byProduct.get(3)?.codes ?? [])].sort()).toEqual(["C-1", "V-1"]);
  });
});
