import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;
const mail = (id: string, subject: string, lines: string[]) =>
  Buffer.from(
    [
      "From: Anna Lindqvist <anna@lindqvist-design.example>",
      "To: orders@ourcompany.example",
      `Subject: ${subject}`,
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${id}@lindqvist-design.example>`,
      'Content-Type: text/plain; charset="utf-8"',
      "",
      "Hello, please deliver (PO LD-5005):",
      "",
      ...lines,
      "",
    ].join("\r\n"),
  );

describe("a revised PO (same customer and PO number, not a reply)", () => {
  it("is an amendment with its line difference when the lines changed, a resend when they did not", async () => {
    const catalog = await loadCsvCatalog(demoCatalog);
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });
    const lines = [
      "4 x DSK-2002 Standing Desk Maple 160 at 489.00 EUR",
      "2 x CHR-3001 Task Chair Mesh Black at 219.00 EUR",
    ];
    const first = await extractor.extract(mail("a", "Order LD-5005", lines), { key: "first" });
    expect(first.expect).toBe("draft");

    const revised = await extractor.extract(
      mail("b", "Order LD-5005 (revised)", [lines[0]!, "6 x CHR-3001 Task Chair Mesh Black at 219.00 EUR"]),
      { key: "revised" },
    );
    expect(revised.kind).toBe("amendment");
    expect(revised.expect).toBe("review");
    expect(revised.duplicate_of).toBeNull();
    expect(revised.amends).toMatchObject({
      customer_reference: "LD-5005",
      of: "first",
      changes: [{ kind: "quantity", default_code: "CHR-3001", from: 2, to: 6 }],
    });

    // the same lines again (against the order as amended): a resend
    const again = await extractor.extract(
      mail("c", "Order LD-5005", [lines[0]!, "6 x CHR-3001 Task Chair Mesh Black at 219.00 EUR"]),
      { key: "again" },
    );
    expect(again.kind).toBe("sales_order");
    expect(again.duplicate_of).toBe("first");
    expect(again.expect).toBe("review");
  });
});
