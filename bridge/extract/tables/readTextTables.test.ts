import { describe, expect, it } from "vitest";
import { corpusAvailable, corpusBodies } from "../documents/__fixtures__/corpusAttachments.ts";
import { readHtmlTables, readTextTables } from "./readTextTables.ts";

describe("readTextTables", () => {
  it("reads an ASCII-art table with the unit kept in the quantity cell", () => {
    const text = [
      "Bonjour,",
      "",
      "+------+----------------+----------+-------+",
      "| Réf. | Désignation    | Quantité | P.U.  |",
      "+------+----------------+----------+-------+",
      "| A-1  | Farine type 55 |   400 kg |  0,58 |",
      "| A-2  | Sucre glace    |    30 kg |  1,55 |",
      "+------+----------------+----------+-------+",
      "Merci",
    ].join("\n");
    const [table, ...rest] = readTextTables(text, "body:text");
    expect(rest).toEqual([]);
    expect(table!.roles).toEqual(["code", "description", "quantity", "unit_price"]);
    expect(table!.rows).toEqual([
      ["A-1", "Farine type 55", "400 kg", "0,58"],
      ["A-2", "Sucre glace", "30 kg", "1,55"],
    ]);
    expect(table!.trailer).toEqual(["Merci"]);
  });

  it("reads a Markdown table, its separator row being a border", () => {
    const text = [
      "| Qty | Code     | Description               | Price |",
      "|-----|:---------|---------------------------|------:|",
      "| 120 | ING-4301 | Sunflower oil refined     | 2.00  |",
      "| 40  | ING-4302 | Rapeseed oil cold pressed | 3.45  |",
    ].join("\n");
    const [table] = readTextTables(text, "body:text");
    expect(table!.roles).toEqual(["quantity", "code", "description", "unit_price"]);
    expect(table!.rows).toEqual([
      ["120", "ING-4301", "Sunflower oil refined", "2.00"],
      ["40", "ING-4302", "Rapeseed oil cold pressed", "3.45"],
    ]);
  });

  it("reads a column-aligned plain-text table and joins a wrapped description", () => {
    const text = [
      "Please supply:",
      "",
      "Item #     Description                 Qty   Unit price",
      "FUR-1042   Desk oak 160                 12       429.00",
      "ELC-2301   Power strip 6-way with      150        18.90",
      "           switch",
      "",
      "Total net                                     7,983.00",
    ].join("\n");
    const tables = readTextTables(text, "body:text");
    expect(tables).toHaveLength(1);
    expect(tables[0]!.rows).toEqual([
      ["FUR-1042", "Desk oak 160", "12", "429.00"],
      ["ELC-2301", "Power strip 6-way with switch", "150", "18.90"],
    ]);
  });

  it("finds nothing in prose", () => {
    expect(readTextTables("Please send 12 x FUR-1042 and 4 chairs.\nThanks, Tom", "body:text")).toEqual([]);
  });

  it("reads an HTML table with colspans and entities", () => {
    const html =
      "<table><tr><th>Code</th><th>Description</th><th>Qty</th><th>Price</th></tr>" +
      "<tr><td>X-1</td><td>Widget&nbsp;blue</td><td>50&nbsp;kg</td><td>1,35&nbsp;€</td></tr>" +
      "<tr><td colspan='3'>Total</td><td>67,50</td></tr></table>";
    const [table] = readHtmlTables(html, "body:html");
    expect(table!.rows).toEqual([["X-1", "Widget blue", "50 kg", "1,35 €"]]);
    expect(table!.trailer).toEqual(["Total\t67,50"]);
  });

  it.skipIf(!corpusAvailable)("reads the corpus ASCII (044) and HTML (013) tables", async () => {
    const ascii = readTextTables((await corpusBodies("044")).text, "body:text");
    expect(ascii[0]!.rows.map((r) => r[2])).toEqual(["400 kg", "100 kg", "5 kg", "30 kg", "250 pce"]);
    const html = readHtmlTables((await corpusBodies("013")).html, "body:html");
    expect(html[0]!.rows).toHaveLength(5);
    expect(html[0]!.rows[2]).toEqual(["ING-4801", "Extrait de vanille Bourbon", "2 L", "89,00 €"]);
  });
});
