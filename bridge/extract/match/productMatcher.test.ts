import { describe, expect, it } from "vitest";
import type { Catalog, Product } from "./catalog.ts";
import { createMemoryProductMatcher, isValidEan13 } from "./productMatcher.ts";

const p = (default_code: string, name: string, uom = "Units", barcode: string | null = null): Product => ({
  default_code,
  name,
  list_price: 1,
  currency: "EUR",
  uom,
  barcode,
  category: "",
});

const catalog: Catalog = {
  ownDomain: "ourcompany.example",
  customers: [],
  vendors: [],
  products: [
    p("D-140", "Desk Oak 140"),
    p("D-160", "Desk Oak 160", "Units", "4006381333931"),
    p("D-180", "Desk Oak 180"),
    p("D-W160", "Desk Walnut 160"),
    p("C-2", "Cable CAT6 2m"),
    p("C-3", "Cable CAT6 3m"),
    p("C-3A", "Cable CAT6A 3m"),
    p("F-10", "Fuse 5x20mm 10A", "Box of 10"),
    p("F-16", "Fuse 5x20mm 16A", "Box of 10"),
    p("CH-B", "Office Chair ErgoPro Black"),
    p("CH-G", "Office Chair ErgoPro Grey"),
    p("G-M", "Nitrile Gloves Size M (100 pcs)"),
    p("G-L", "Nitrile Gloves Size L (100 pcs)"),
    p("FL-405", "Wheat Flour Type 405", "kg"),
    p("FL-550", "Wheat Flour Type 550", "kg"),
    p("PH-7", "pH Buffer Solution pH 7.00", "L"),
    p("PH-4", "pH Buffer Solution pH 4.01", "L"),
    p("BK-250", "Beaker Borosilicate 250 ml", "Dozens"),
  ],
};

describe("product matcher", () => {
  const m = createMemoryProductMatcher(catalog);
  const code = async (description: string) => (await m.match({ description })).product?.default_code ?? null;

  it("finds our code, also embedded in a description", async () => {
    expect((await m.match({ code: "d-160" })).product?.default_code).toBe("D-160");
    expect(await code("Schreibtisch (D-180)")).toBe("D-180");
  });
  it("finds a valid EAN-13", async () => {
    expect(isValidEan13("4006381333931")).toBe(true);
    expect(isValidEan13("4006381333932")).toBe(false);
    expect((await m.match({ barcode: "4006381333931" })).product?.default_code).toBe("D-160");
  });
  it("tells confusable sizes, types and colours apart, in several languages", async () => {
    expect(await code("Desk Oak 160")).toBe("D-160");
    expect(await code("Schreibtisch Eiche 160 cm")).toBe("D-160");
    expect(await code("Escritorio roble 140 cm")).toBe("D-140");
    expect(await code("bureau chêne 180")).toBe("D-180");
    expect(await code("Escritorio nogal 160 cm")).toBe("D-W160");
    expect(await code("Patchkabel CAT6 3 m")).toBe("C-3");
    expect(await code("Cable de red CAT6A 3 m")).toBe("C-3A");
    expect(await code("Feinsicherung 5x20 mm 16 A")).toBe("F-16");
    expect(await code("Bürostuhl ErgoPro schwarz")).toBe("CH-B");
    expect(await code("Silla de oficina ErgoPro gris")).toBe("CH-G");
    expect(await code("Gants nitrile taille L")).toBe("G-L");
    expect(await code("Nitrilhandschuhe Gr. M")).toBe("G-M");
    expect(await code("Farine de blé type 550")).toBe("FL-550");
    expect(await code("Pufferlösung pH 7,00")).toBe("PH-7");
    expect(await code("Becherglas Borosilikat 250 ml")).toBe("BK-250");
  });
  it("does not guess between variants when the distinguishing number is missing", async () => {
    expect(await code("Desk Oak")).toBeNull();
    expect(await code("Zentrifugenröhrchen 50 ml")).toBeNull();
  });
  it("offers candidates", async () => {
    const r = await m.match({ description: "Desk Oak" });
    expect(r.candidates.length).toBeGreaterThan(1);
  });
});
