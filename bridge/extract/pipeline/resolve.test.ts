import { describe, expect, it } from "vitest";
import { createMemoryProductMatcher } from "../match/productMatcher.ts";
import { parseEmail } from "../mime/parseEmail.ts";
import type { Reason } from "../types.ts";
import { candidate, line, testCatalog } from "./__fixtures__/testing.ts";
import { matchProduct, resolveCandidate, resolveLines } from "./resolve.ts";

const products = createMemoryProductMatcher(testCatalog);
const deps = { products, now: () => new Date("2026-11-10T10:00:00Z") };

describe("resolve: catalog, aliases, units, prices", () => {
  it("finds products by code, then by a learned alias of this customer", async () => {
    expect((await matchProduct(deps, line({ code: "FUR-1042" }), "C-1")).via).toBe("code");
    const aliases = {
      lookup: async (_c: string, keys: Array<string | null>) => (keys.includes("X-77") ? "FUR-1101" : null),
      learn: async () => {},
    };
    const m = await matchProduct(
      { products, aliases: aliases as never },
      line({ customerSku: "X-77", description: "chair" }),
      "C-1",
    );
    expect([m.via, m.product?.default_code]).toEqual(["alias", "FUR-1101"]);
  });

  it("converts units into the catalog unit and a price per 100 into a price per unit", async () => {
    const reasons: Reason[] = [];
    const lines = await resolveLines(
      deps,
      [
        line({ code: "LAB-5001", quantity: 36, unit: "Units", unitPrice: 2.5 }),
        line({ code: "ELC-2501", quantity: 500, unit: "m", unitPrice: 89, priceBase: 100 }),
      ],
      reasons,
      0,
      "C-1",
    );
    expect(lines.map((l) => [l.line.quantity, l.line.uom, l.line.unit_price])).toEqual([
      [3, "Dozens", 30],
      [500, "m", 0.89],
    ]);
    expect(lines[0]?.converted).toBe(true);
    expect(reasons.map((r) => r.code)).toEqual(["line.unit_converted"]);
  });

  it("keeps an unknown product as a line with a hard reason", async () => {
    const reasons: Reason[] = [];
    const [l] = await resolveLines(
      deps,
      [line({ customerSku: "BLX-7730", description: "BLX-7730", quantity: 4 })],
      reasons,
      0,
      null,
    );
    expect(l?.line.default_code).toBeNull();
    expect(reasons[0]).toMatchObject({ code: "line.unknown_product", severity: "hard" });
  });

  it("an article number we do not know with a wording only somewhat like ours is an unknown product", async () => {
    const weak = await matchProduct(
      deps,
      line({ code: "XK-9921", description: "Acoustic Desk Screen 160" }),
      "C-1",
    );
    expect(weak.product).toBeNull();
    expect(weak.candidates[0]?.product.default_code).toBe("FUR-1042");
    // a wording that matches well is taken, whatever number the customer wrote beside it
    const strong = await matchProduct(deps, line({ code: "XK-9921", description: "Desk Oak 160" }), "C-1");
    expect(strong.product?.default_code).toBe("FUR-1042");
  });

  it("an article number in our own numbering that we do not have is an unknown product, its nearest named", async () => {
    const reasons: Reason[] = [];
    const [l] = await resolveLines(
      deps,
      [line({ code: "FUR-1049", description: "Desk Oak 160", quantity: 2 })],
      reasons,
      0,
      "C-1",
    );
    expect(l?.line).toMatchObject({ default_code: null, customer_sku: "FUR-1049" });
    expect(reasons[0]?.message).toBe(
      'No catalog product matches "Desk Oak 160" (the written code FUR-1049 is not ours); nearest: FUR-1042 Desk Oak 160.',
    );
    // a customer's own numbering beside our wording is matched by the wording
    const own = await matchProduct(deps, line({ code: "A-100234", description: "Desk Oak 160" }), "C-1");
    expect(own.product?.default_code).toBe("FUR-1042");
  });

  it("our code for one product and a wording that names another beyond doubt is a hard conflict", async () => {
    const reasons: Reason[] = [];
    const [l] = await resolveLines(
      deps,
      [line({ code: "FUR-1101", description: "Beaker Borosilicate 250 ml", quantity: 2 })],
      reasons,
      0,
      "C-1",
    );
    expect(l?.line.default_code).toBe("FUR-1101"); // the code stays; a person decides
    expect(reasons.find((r) => r.code === "line.code_wording_conflict")).toMatchObject({
      severity: "hard",
      path: "order[0].lines[0]",
    });
    // a wording that is the coded product's, or says little, raises nothing
    const quiet: Reason[] = [];
    await resolveLines(
      deps,
      [
        line({ code: "FUR-1101", description: "Office Chair black" }),
        line({ code: "FUR-1042", description: "Desk" }),
      ],
      quiet,
      0,
      "C-1",
    );
    expect(quiet.map((r) => r.code)).not.toContain("line.code_wording_conflict");
  });

  it("keeps the code written for an item no product matches, beside its wording", async () => {
    const [unknown, known] = await resolveLines(
      deps,
      [
        line({ code: "ZZ-40417", description: "Garderobe Esche", quantity: 4 }),
        line({ code: "FUR-1042", description: "Desk", quantity: 1 }),
      ],
      [],
      0,
      "C-1",
    );
    expect(unknown?.line).toMatchObject({
      default_code: null,
      customer_sku: "ZZ-40417",
      description: "Garderobe Esche",
    });
    // a matched product is named by our code, never by a copy of it as the customer's
    expect(known?.line).toMatchObject({ default_code: "FUR-1042", customer_sku: null });
  });

  it("takes header fields a structured reader states, and reads them from the text otherwise", async () => {
    const email = await parseEmail(
      Buffer.from(
        "From: buyer@acme.example\r\nSubject: x\r\nDate: Tue, 10 Nov 2026 10:00:00 +0100\r\n\r\nhi\r\n",
      ),
    );
    const structured = candidate([line({ code: "FUR-1042", quantity: 1, unitPrice: 429 })], {
      structured: true,
      documentNumber: "PO-1",
      orderDate: "2026-11-09",
      currency: "EUR",
      totals: { lineExtension: 429 },
    });
    structured.context = null;
    const r1 = await resolveCandidate(deps, structured, email, null, [], 0);
    expect([r1.order.customer_reference, r1.order.order_date, r1.statedTotal]).toEqual([
      "PO-1",
      "2026-11-09",
      429,
    ]);
    const text = candidate([line({ code: "FUR-1042", quantity: 1 })], {}, [
      "Bestellnummer: 4500-2291\nLiefertermin: 24.11.2026",
    ]);
    const r2 = await resolveCandidate(deps, text, email, testCatalog.customers[0] ?? null, [], 0);
    expect([r2.order.customer_reference, r2.order.delivery_date]).toEqual(["4500-2291", "2026-11-24"]);
  });
});
