import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { findStatedBareTotal } from "../order/headerFields.ts";
import { demoCustomerMail } from "./__fixtures__/testing.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;
const mail = (body: string[]) =>
  demoCustomerMail("Purchase order LD-9100", ["Hello, please deliver (PO LD-9100):", "", ...body]);
const read = async (body: string[]) => {
  const catalog = await loadCsvCatalog(demoCatalog);
  return createExtractor({ catalog, seen: createMemorySeenStore() }).extract(mail(body));
};
const doubts = (r: { reasons: Array<{ code: string; severity: string }> }) =>
  r.reasons.filter((x) => x.severity === "hard").map((x) => x.code);

describe("totals and amounts the document prints", () => {
  it("reads a total with a bare label, the last one, and nothing else", () => {
    expect(findStatedBareTotal(["Total: 354.00", "thanks"], ".")).toBe(354);
    expect(findStatedBareTotal(["Summe 1.396,50 EUR", "Gesamt: 1.662,84 €"], ",")).toBe(1662.84);
    expect(findStatedBareTotal(["Total quantity of pallets 4 and more text"], ".")).toBeNull();
    expect(findStatedBareTotal(["Pos Item Qty Total"], ".")).toBeNull();
  });

  it("a bare total that is neither the sum of the lines nor that sum with VAT is a hard doubt", async () => {
    const lines = [
      "4 x DSK-2002 Standing Desk Maple 160 at 489.00 EUR",
      "2 x CHR-3001 Task Chair Mesh Black at 219.00 EUR",
    ];
    // 4 x 489 + 2 x 219 = 2394
    expect(doubts(await read([...lines, "", "Total: 2394.00 EUR"]))).not.toContain("totals.mismatch");
    expect(doubts(await read([...lines, "", "Total: 2872.80 EUR"]))).not.toContain("totals.mismatch"); // + 20 % VAT
    const off = await read([...lines, "", "Total: 1956.00 EUR"]); // a line the reading got wrong
    expect(doubts(off)).toContain("totals.mismatch");
    expect(off.expect).not.toBe("draft");
  });

  it("a printed line amount the quantity and price do not make is a hard doubt on that line", async () => {
    const r = await read([
      "Item      Description                 Qty   Unit price   Amount",
      "DSK-2002  Standing Desk Maple 160     4     489.00       1,956.00",
      "CHR-3001  Task Chair Mesh Black       2     219.00       4,380.00",
    ]);
    expect(r.reasons.find((x) => x.code === "line.amount_mismatch")).toMatchObject({
      severity: "hard",
      path: "order[0].lines[1]",
    });
    expect(r.expect).not.toBe("draft");
  });
});
