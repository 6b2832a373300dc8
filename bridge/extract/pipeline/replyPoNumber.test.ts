import { describe, expect, it } from "vitest";
import { createExtractor } from "../createExtractor.ts";
import { loadCsvCatalog } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { demoCustomerMail } from "./__fixtures__/testing.ts";

const demoCatalog = new URL("../../demo/catalog", import.meta.url).pathname;
const mail = (subject: string, body: string) => demoCustomerMail(subject, [body]);
const poOf = async (subject: string, body: string) => {
  const catalog = await loadCsvCatalog(demoCatalog);
  const r = await createExtractor({ catalog, seen: createMemorySeenStore() }).extract(mail(subject, body));
  return r.orders[0]?.customer_reference;
};

describe("the PO number of a reply", () => {
  const body =
    "Hello,\n\nplease deliver, purchase order no. LD-9207:\n\n4 x DSK-2002 Standing Desk Maple 160 at 489.00 EUR\n";
  it("is the one its own text labels clearly, not the thread's in its subject", async () => {
    expect(await poOf("Re: Order confirmation AB-104233 for your order LD-9100", body)).toBe("LD-9207");
    expect(await poOf("AW: Auftragsbestätigung zu Ihrer Bestellung LD-9100", body)).toBe("LD-9207");
  });
  it("is the subject's when the text labels none", async () => {
    const bare = "Hello,\n\nplease deliver:\n\n4 x DSK-2002 Standing Desk Maple 160 at 489.00 EUR\n";
    expect(await poOf("Re: Purchase order LD-9100", bare)).toBe("LD-9100");
  });
});
