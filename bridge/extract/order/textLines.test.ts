import { describe, expect, it } from "vitest";
import type { Catalog, Product } from "../match/catalog.ts";
import { createMemoryProductMatcher } from "../match/productMatcher.ts";
import { readTextItems, readTextLines } from "./textLines.ts";

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
    p("SH-5", "Bookshelf Oak 5 Shelves"),
    p("WB-12", "Whiteboard 120x90"),
    p("SUG-1", "Cane Sugar Fine", "kg", "4260731554005"),
    p("PD-90", "Petri Dish 90 mm Sterile", "Box of 10"),
    // with its French name, as the catalog sync reads it from Odoo (P16: no translations in code)
    { ...p("FL-550", "Wheat Flour Type 550", "kg"), names: ["Farine de blé type 550"] },
    p("FU-10", "Fuse 5x20mm 10A", "Box of 10"),
    p("CH-B", "Office Chair ErgoPro Black"),
    p("FC-3", "Filing Cabinet 3 Drawers"),
    p("WB-18", "Whiteboard 180x90"),
    p("ETH", "Ethanol 96% Denatured", "L"),
    p("CH-G", "Office Chair ErgoPro Grey"),
    p("BOX-2", "Cardboard Box 400x300x200 Double Wall"),
    p("BOX-1", "Cardboard Box 300x200x150 Single Wall"),
  ],
};
const matcher = createMemoryProductMatcher(catalog);
const read = (text: string, decimal: "," | "." = ",") =>
  readTextLines(text, { source: "body:text", decimal, matcher });

describe("order lines in a text body", () => {
  it("keeps a price written after a comma with the item it belongs to", async () => {
    const lines = await read(
      "Pos. 1: 5 Stk. SH-5 Bücherregal Eiche, Einzelpreis 209,00 EUR\nPos. 2: 3 Stk. WB-12 Whiteboard, unit price EUR 112,00",
    );
    expect(lines.map((l) => [l.code, l.quantity, l.unitPrice])).toEqual([
      ["SH-5", 5, 209],
      ["WB-12", 3, 112],
    ]);
  });

  it("reads a table row that lost its spacing by its arithmetic, the leading number as its position", async () => {
    const lines = await read(
      "1 WB-12 Whiteboard 120x90 4 112,00 448,00\n2 SH-5 Bookshelf Oak 5 Shelves 3 209,00 627,00",
    );
    expect(lines.map((l) => [l.code, l.quantity, l.unitPrice, l.amount, l.description])).toEqual([
      ["WB-12", 4, 112, 448, "Whiteboard 120x90"],
      ["SH-5", 3, 209, 627, "Bookshelf Oak 5 Shelves"],
    ]);
    // a unit word between the quantity and the price
    const [withUnit] = await read("3 WB-12 Whiteboard 120x90 4 Stk 112,00 448,00");
    expect([withUnit?.quantity, withUnit?.unit, withUnit?.unitPrice, withUnit?.description]).toEqual([
      4,
      "Units",
      112,
      "Whiteboard 120x90",
    ]);
    // numbers that do not multiply are not taken for a quantity, price and amount
    const [other] = await read("2 SH-5 Bookshelf Oak 5 Shelves 3 209,00 600,00");
    expect(other?.quantity).toBe(2);
  });

  it("reads a line identified only by its EAN, with the quantity after the description", async () => {
    const [line, ...more] = await read("EAN 4260731554005 - Azúcar de caña fina - 200 kg a 1,30 €/kg");
    expect(more).toEqual([]);
    expect(line).toMatchObject({ barcode: "4260731554005", quantity: 200, unit: "kg", unitPrice: 1.3 });
    expect(line?.description).toBe("Azúcar de caña fina");
  });

  it("never takes an EAN for a quantity and ignores EANs we do not sell", async () => {
    expect(await read("4006381333931 - Something else - 20 kg")).toEqual([]);
  });

  it("reads '(5 paquets de 10)' as the quantity in boxes of 10", async () => {
    const [line] = await read("- 50 boîtes de Petri PD-90 90 mm stériles (5 paquets de 10)");
    expect(line?.explicit).toEqual({ quantity: 5, unit: "Box of 10" });
  });

  it("reads a labelled quantity after the description ('- qty 12 -')", async () => {
    const [line] = await read("CH-B Office Chair ErgoPro Black - qty 12 - £249.00 each", ".");
    expect(line).toMatchObject({ code: "CH-B", quantity: 12, unitPrice: 249 });
  });

  it("reads 'description – 300 kg à 0,57 €/kg' without a code", async () => {
    const lines = await read(
      "Farine de blé type 550 – 300 kg à 0,57 €/kg\nLivraison le 3 décembre, 2 m devant la porte",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ quantity: 300, unit: "kg", unitPrice: 0.57 });
  });

  it("joins an item written as a key/value block", async () => {
    const lines = await read(
      "Artikel: FU-10 Sicherung 5x20 mm 10 A\nMenge: 3 VE\nPreis: 3,20 € / VE\n\nArtikel: CH-B Bürostuhl\nMenge: 2\n",
    );
    expect(lines.map((l) => [l.code, l.quantity, l.unit, l.unitPrice])).toEqual([
      ["FU-10", 3, "Box", 3.2],
      ["CH-B", 2, null, null],
    ]);
  });

  it("applies a line discount written after the price", async () => {
    const [line] = await read("20 Stk CH-B Besucherstuhl à 79,90 € abzgl. 5 % Rabatt");
    expect(line?.unitPrice).toBeCloseTo(75.905, 6);
  });

  it("reads number words inside German prose that names our codes", async () => {
    const lines = await read(
      "könnten Sie uns bitte noch zwei Aktenschränke mit 3 Schubladen (FC-3) und ein Whiteboard 180x90 (WB-18) schicken?",
    );
    expect(lines.map((l) => [l.code, l.quantity])).toEqual([
      ["FC-3", 2],
      ["WB-18", 1],
    ]);
  });

  it("reads quantity, price and amount columns that multiply, not the last number as quantity", async () => {
    const [line] = await read("ETH\tÉthanol 96 % dénaturé (bidon 1 L)\t20\t4,70\t94,00");
    expect(line).toMatchObject({ code: "ETH", quantity: 20, unitPrice: 4.7, amount: 94 });
  });

  it("reads an item after a label ending in a colon and '15 more of the …'", async () => {
    const [a] = await read("PO BOI-PO-8203 dated 20/11/26: 4 x CH-B Office Chair @ £409.00.", ".");
    expect(a).toMatchObject({ code: "CH-B", quantity: 4, unitPrice: 409 });
    const [b] = await read("We'd like 15 more of the grey ErgoPro chairs, same price as last time.", ".");
    expect(b?.quantity).toBe(15);
  });

  it("reads 'whole number, price with cents' columns as quantity then price", async () => {
    const [line] = await read("BOX-2\tCarton double cannelure 400x300x200\t800\t1,38");
    expect(line).toMatchObject({ code: "BOX-2", quantity: 800, unitPrice: 1.38 });
  });

  it("divides a price stated per 100 pieces", async () => {
    const [line] = await read("5.000 Stk BOX-1 Faltkarton 300x200x150 zu 66,00 € pro 100 Stk");
    expect(line).toMatchObject({ code: "BOX-1", quantity: 5000, unitPrice: 0.66 });
  });

  it("reads 'CODE x 100' and keeps an unmatched part-number row for review", async () => {
    const [a] = await read("CH-B x 100", ".");
    expect(a).toMatchObject({ code: "CH-B", quantity: 100 });
    const lines = await read(
      "BL-0107  Office Chair ErgoPro Black   6\nBL-0311  Ergonomic footrest     6",
      ".",
    );
    expect(lines.map((l) => [l.code, l.customerSku, l.quantity])).toEqual([
      [null, "BL-0107", 6],
      [null, "BL-0311", 6],
    ]);
    expect(lines[1]?.description).toBe("Ergonomic footrest");
    // prose with a number is still not an order line
    expect(await read("We moved to 3 Wellington Place last year", ".")).toEqual([]);
  });

  it("keeps an article number we do not carry as a line, never drops it", async () => {
    const lines = await readTextLines("please send 12 x SH-5, 12 x WB-12 and 4 x BLX-7730 to Leeds", {
      source: "body:text",
      matcher,
    });
    expect(lines.map((l) => [l.code, l.customerSku, l.quantity])).toEqual([
      ["SH-5", null, 12],
      ["WB-12", null, 12],
      [null, "BLX-7730", 4],
    ]);
  });

  it("names a text line with one of our codes that was not read as a line", async () => {
    const r = await readTextItems("12 x SH-5\nThe WB-12 from last time was damaged.", {
      source: "body:text",
      matcher,
    });
    expect(r.lines).toHaveLength(1);
    expect(r.unexplained.map((u) => u.text)).toEqual(["The WB-12 from last time was damaged."]);
  });

  it("knows when the quantity is the only number beside the price", async () => {
    const [sole] = await readTextLines("40 x Whiteboard 120x90 (WB-12) @ EUR 4.00", { source: "b", matcher });
    expect(sole?.soleQuantity).toBe(true);
    const [two] = await readTextLines("40 x Bookshelf (SH-5) with 5 shelves @ EUR 4.00", {
      source: "b",
      matcher,
    });
    expect(two?.soleQuantity).toBe(false);
  });

  it("names an item-like phrase that matches no product instead of dropping it silently", async () => {
    const r = await readTextItems("12 x SH-5\n6 x ergonomic footrests\nThanks, and have a nice weekend", {
      source: "body:text",
      matcher,
    });
    expect(r.lines.map((l) => l.code)).toEqual(["SH-5"]);
    expect(r.unexplained.map((u) => [u.text, u.why])).toEqual([
      ["6 x ergonomic footrests", "reads like an item but matches no product"],
    ]);
  });
});
