import { describe, expect, it } from "vitest";
import { createMemoryProductMatcher } from "../match/productMatcher.ts";
import { parseEmail } from "../mime/parseEmail.ts";
import { emptyRawLine } from "../order/rawLine.ts";
import { readHtmlTables, readTextTables } from "../tables/readTextTables.ts";
import { testCatalog } from "./__fixtures__/testing.ts";
import { parsedLineFromRaw, readOrderCandidates, unreadCodeRows } from "./readers.ts";

const readers = {
  readDocument: async () => {
    throw new Error("no documents in these tests");
  },
  readHtmlTables,
  readTextTables,
};
const products = createMemoryProductMatcher(testCatalog);

function mail(text: string, html?: string): Buffer {
  const head =
    "From: buyer@acme.example\r\nTo: orders@ourcompany.example\r\nSubject: Order\r\nDate: Tue, 10 Nov 2026 10:00:00 +0100\r\n";
  if (!html) return Buffer.from(`${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
  return Buffer.from(
    `${head}Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--b--\r\n`,
  );
}

describe("readers: candidates with provenance", () => {
  it("states a printed price per its base and where each value came from", () => {
    const raw = {
      ...emptyRawLine("po.pdf"),
      code: "ELC-2501",
      quantity: 500,
      unitPrice: 0.89,
      priceBase: 100,
      row: 3,
    };
    const p = parsedLineFromRaw(raw, "table");
    expect([p.unitPrice, p.priceBase]).toEqual([89, 100]);
    expect(p.from.quantity).toMatchObject({ reader: "table", source: "po.pdf", row: 3 });
  });

  it("reads an HTML table and keeps the text alternative as a second reading", async () => {
    const email = await parseEmail(
      mail(
        "Please supply:\nFUR-1042  Desk Oak 160  2  429.00\n",
        "<p>Please supply:</p><table><tr><th>Item</th><th>Description</th><th>Qty</th><th>Price</th></tr><tr><td>FUR-1042</td><td>Desk Oak 160</td><td>2</td><td>429.00</td></tr></table>",
      ),
    );
    const [c] = await readOrderCandidates({
      email,
      documents: [],
      own: email.text,
      quoted: "",
      internal: false,
      readers,
      products,
    });
    expect(c?.parsed.source).toBe("body:html");
    expect(c?.parsed.lines.map((l) => [l.code, l.quantity])).toEqual([["FUR-1042", 2]]);
    expect(
      c?.parsed.alternateReadings?.map((a) => [a.source, a.lines.map((l) => l.quantity)]),
    ).toContainEqual(["body:text", [2]]);
  });

  it("reads text lines and names the rows it could not read", async () => {
    const email = await parseEmail(
      mail("Please send 12 x FUR-1042 and 4 x BLX-7730.\nFUR-1101 as discussed.\n"),
    );
    const [c] = await readOrderCandidates({
      email,
      documents: [],
      own: email.text,
      quoted: "",
      internal: false,
      readers,
      products,
    });
    expect(c?.parsed.lines.map((l) => [l.code ?? l.customerSku, l.quantity])).toEqual([
      ["FUR-1042", 12],
      ["BLX-7730", 4],
    ]);
    expect(c?.parsed.unexplainedRows?.map((r) => r.text)).toEqual(["FUR-1101 as discussed."]);
  });

  it("names text lines with one of our codes for which the table gave no line", () => {
    const read = [{ ...emptyRawLine("po.pdf"), code: "FUR-1042", quantity: 2 }];
    const rows = unreadCodeRows(
      "10  FUR-1042  Desk  2\n20  FUR-1101  Chair  see note\nTotal",
      read,
      products,
      "po.pdf",
      "table",
    );
    expect(rows.map((r) => r.text)).toEqual(["20  FUR-1101  Chair  see note"]);
  });
});
