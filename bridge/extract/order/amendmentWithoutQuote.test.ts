import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";

const corpus = new URL("../../../../shared/corpus/", import.meta.url);
const available = existsSync(new URL("dev/020/message.eml", corpus));

/** A reply that changes the order without quoting it, found by its thread header only. */
const reply = (inReplyTo: string, body: string) =>
  Buffer.from(
    [
      "From: Tom Hughes <tom.hughes@acme-logistics.example>",
      "To: orders@ourcompany.example",
      "Subject: Re: our order",
      "Date: Thu, 05 Nov 2026 09:00:00 +0000",
      "Message-ID: <change-1@acme-logistics.example>",
      `In-Reply-To: ${inReplyTo}`,
      `References: ${inReplyTo}`,
      'Content-Type: text/plain; charset="utf-8"',
      "",
      body,
      "",
    ].join("\r\n"),
  );

describe.skipIf(!available)("an amendment that does not quote its order", () => {
  it("is linked by the thread, rebuilt from the order received, and its line difference computed", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });
    const first = await extractor.extract(readFileSync(new URL("dev/020/message.eml", corpus)), {
      key: "020",
    });
    const original = first.orders[0]!;
    const messageId = "<AM7PR08MB4342CF9CB13E67C3F64B@AM7PR08MB4342.eurprd02.prod.outlook.com>";
    const r = await extractor.extract(
      reply(messageId, "Hi,\n\nplease change line 2 to 20 units, everything else stays.\n\nThanks,\nTom"),
      { key: "change" },
    );
    expect(r.kind).toBe("amendment");
    expect(r.expect).toBe("review");
    expect(r.amends).toMatchObject({
      customer_reference: original.customer_reference,
      of: "020",
      changes: [{ kind: "quantity", default_code: original.lines[1]!.default_code, from: 10, to: 20 }],
    });
    // the complete order after the change, as the original was read
    expect(r.orders[0]!.lines.map((l) => [l.default_code, l.quantity, l.unit_price])).toEqual(
      original.lines.map((l, i) => [l.default_code, i === 1 ? 20 : l.quantity, l.unit_price]),
    );
    expect(r.orders[0]!.order_date).toBe(original.order_date);
  });

  it("a cancellation of the whole order: no order left, every line removed", async () => {
    const catalog = await loadCsvCatalog(new URL("catalog", corpus).pathname);
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore() });
    const first = await extractor.extract(readFileSync(new URL("dev/020/message.eml", corpus)), {
      key: "020",
    });
    const messageId = "<AM7PR08MB4342CF9CB13E67C3F64B@AM7PR08MB4342.eurprd02.prod.outlook.com>";
    const r = await extractor.extract(
      reply(messageId, "Hi,\n\nsorry, please cancel this order, we no longer need it.\n\nTom"),
      { key: "cancel" },
    );
    expect(r.kind).toBe("amendment");
    expect(r.expect).toBe("review");
    expect(r.orders).toEqual([]);
    expect(r.amends?.changes?.map((c) => [c.kind, c.default_code])).toEqual(
      first.orders[0]!.lines.map((l) => ["removed", l.default_code]),
    );
    expect(r.reasons.map((x) => x.code)).toContain("amendment.cancel");
  });
});
