import { describe, expect, it } from "vitest";
import type { Catalog, Product } from "./catalog.ts";
import { createMemoryProductMatcher, isValidEan13 } from "./productMatcher.ts";

/** A product with its name in further languages, as the catalog sync reads them from Odoo. */
const p = (
  default_code: string,
  name: string,
  uom = "Units",
  barcode: string | null = null,
  names: string[] = [],
): Product => ({
  default_code,
  name,
  list_price: 1,
  currency: "EUR",
  uom,
  barcode,
  category: "",
  names,
});
const tr = (default_code: string, name: string, names: string[], uom = "Units") =>
  p(default_code, name, uom, null, names);

const catalog: Catalog = {
  ownDomain: "ourcompany.example",
  customers: [],
  vendors: [],
  products: [
    tr("D-140", "Desk Oak 140", ["Schreibtisch Eiche 140", "Bureau chêne 140", "Escritorio roble 140"]),
    p("D-160", "Desk Oak 160", "Units", "4006381333931", [
      "Schreibtisch Eiche 160",
      "Bureau chêne 160",
      "Escritorio roble 160",
    ]),
    tr("D-180", "Desk Oak 180", ["Schreibtisch Eiche 180", "Bureau chêne 180", "Escritorio roble 180"]),
    tr("D-W160", "Desk Walnut 160", [
      "Schreibtisch Nussbaum 160",
      "Bureau noyer 160",
      "Escritorio nogal 160",
    ]),
    tr("C-2", "Cable CAT6 2m", ["Patchkabel CAT6 2 m", "Câble réseau CAT6 2 m", "Cable de red CAT6 2 m"]),
    tr("C-3", "Cable CAT6 3m", ["Patchkabel CAT6 3 m", "Câble réseau CAT6 3 m", "Cable de red CAT6 3 m"]),
    tr("C-3A", "Cable CAT6A 3m", [
      "Patchkabel CAT6A 3 m",
      "Câble réseau CAT6A 3 m",
      "Cable de red CAT6A 3 m",
    ]),
    tr("F-10", "Fuse 5x20mm 10A", ["Feinsicherung 5x20 mm 10 A", "Fusible 5x20 mm 10 A"], "Box of 10"),
    tr("F-16", "Fuse 5x20mm 16A", ["Feinsicherung 5x20 mm 16 A", "Fusible 5x20 mm 16 A"], "Box of 10"),
    tr("CH-B", "Office Chair ErgoPro Black", ["Bürostuhl ErgoPro schwarz", "Silla de oficina ErgoPro negra"]),
    tr("CH-G", "Office Chair ErgoPro Grey", ["Bürostuhl ErgoPro grau", "Silla de oficina ErgoPro gris"]),
    tr("G-M", "Nitrile Gloves Size M (100 pcs)", ["Nitrilhandschuhe Größe M", "Gants nitrile taille M"]),
    tr("G-L", "Nitrile Gloves Size L (100 pcs)", ["Nitrilhandschuhe Größe L", "Gants nitrile taille L"]),
    tr("FL-405", "Wheat Flour Type 405", ["Weizenmehl Type 405", "Farine de blé type 405"], "kg"),
    tr("FL-550", "Wheat Flour Type 550", ["Weizenmehl Type 550", "Farine de blé type 550"], "kg"),
    tr("PH-7", "pH Buffer Solution pH 7.00", ["pH-Pufferlösung pH 7,00"], "L"),
    tr("PH-4", "pH Buffer Solution pH 4.01", ["pH-Pufferlösung pH 4,01"], "L"),
    tr("BK-250", "Beaker Borosilicate 250 ml", ["Becherglas Borosilikat 250 ml"], "Dozens"),
    p("WB-120", "Whiteboard 120x90"),
    p("WB-180", "Whiteboard 180x90"),
    p("SC-200", "Wood Screw 4x40 (Box of 200)"),
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
  it("tells confusable sizes, types and colours apart, in the languages the catalog holds", async () => {
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
  it("learns which words tell variants apart from the catalog itself (no word list)", async () => {
    // "oak"/"walnut" and "schwarz"/"grau" are rivals because the catalog has both variants
    expect(await code("Desk Walnut 160 cm")).toBe("D-W160");
    expect(await code("Bürostuhl ErgoPro grau")).toBe("CH-G");
    expect(await code("Office Chair ErgoPro Grey")).toBe("CH-G");
  });
  it("finds a vendor's or customer's code that Odoo holds for a product", async () => {
    const withCodes = createMemoryProductMatcher({
      ...catalog,
      products: [...catalog.products, { ...p("X-1", "Socket Set 1/2in"), codes: ["VN-884213"] }],
    });
    const r = await withCodes.match({ code: "vn-884213" });
    expect(r.product?.default_code).toBe("X-1");
    expect(r.via).toBe("code");
    expect(r.confidence).toBeLessThan(1);
  });
  it("takes a catalog name's note in brackets as optional, a customer's brackets as meant", async () => {
    expect(await code("wood screw 4x40")).toBe("SC-200");
    expect(await code("big whiteboards (180 wide)")).toBe("WB-180");
  });
  it("does not guess between variants when the distinguishing number is missing", async () => {
    expect(await code("Desk Oak")).toBeNull();
    expect(await code("Zentrifugenröhrchen 50 ml")).toBeNull();
  });
  it("offers candidates", async () => {
    const r = await m.match({ description: "Desk Oak" });
    expect(r.candidates.length).toBeGreaterThan(1);
  });

  it("a wording that swaps one of the product's words for another is never sure ('Felt Blue' for 'Felt Grey')", async () => {
    const m = createMemoryProductMatcher({
      ...catalog,
      products: [p("AP-1", "Acoustic Panel Felt Grey"), p("AP-2", "Whiteboard Magnetic 90x60")],
    });
    const swapped = await m.match({ description: "Acoustic Panel Felt Blue" });
    expect(swapped.product?.default_code).toBe("AP-1");
    expect(swapped.confidence).toBeLessThan(0.9); // below weights.ts descriptionUnambiguous
    // the same words, or fewer of them, are as sure as before
    expect((await m.match({ description: "Acoustic Panel Felt Grey" })).confidence).toBeGreaterThanOrEqual(
      0.9,
    );
    expect((await m.match({ description: "acoustic felt panel, grey" })).confidence).toBeGreaterThanOrEqual(
      0.9,
    );
  });

  it("reads a size written as a word ('size large', 'Größe mittel') as its letter", async () => {
    const m = createMemoryProductMatcher({
      ...catalog,
      products: [p("G-M", "Nitrile Gloves Size M (100 pcs)"), p("G-L", "Nitrile Gloves Size L (100 pcs)")],
    });
    expect((await m.match({ description: "Nitrile Gloves, size LARGE (100)" })).product?.default_code).toBe(
      "G-L",
    );
    expect(
      (await m.match({ description: "Nitrilhandschuhe Nitrile Gloves Größe mittel" })).product?.default_code,
    ).toBe("G-M");
  });
});
