import { describe, expect, it } from "vitest";
import { prepareAcknowledgement } from "../../mail/prepareAcknowledgement.ts";
import { createExtractor } from "../createExtractor.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { smallCatalog } from "./__fixtures__/smallCatalog.ts";
import { readSenderAuthentication } from "./senderAuthenticity.ts";

const order = (headers: string[]) =>
  Buffer.from(
    [
      ...headers,
      "From: Anna Buyer <buyer@acme.example>",
      "To: orders@ourcompany.example",
      "Subject: Purchase order PO-5521",
      "Date: Mon, 23 Nov 2026 11:00:00 +0100",
      "Message-ID: <po-5521@acme.example>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hello, please deliver:",
      "",
      "PO-5521",
      "100 x BOX-1001 Shipping box small @ 0.90",
      "20 x TAPE-2001 Packing tape clear @ 2.50",
      "Total net: 140.00 EUR",
      "",
      "Anna Buyer",
      "",
    ].join("\r\n"),
  );

const pass =
  "Authentication-Results: mx1.ourcompany.example; spf=pass smtp.mailfrom=acme.example; dkim=pass header.d=acme.example; dmarc=pass header.from=acme.example";

async function read(raw: Buffer) {
  const extractor = createExtractor({ catalog: smallCatalog, seen: createMemorySeenStore() });
  return extractor.extract(raw, { key: "k" });
}
const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

describe("sender authenticity (P14 point 4)", () => {
  it("a known customer's mail with a foreign Reply-To and no authentication is not drafted as is", async () => {
    const forged = await read(order(["Reply-To: Anna <anna.buyer@freemail.example>"]));
    expect(codes(forged)).toContain("sender.reply_to_foreign");
    expect(codes(forged)).toContain("sender.unauthenticated");
    expect(forged.expect).toBe("review");
    expect(forged.confidence).toBeLessThan(0.95);
    expect(forged.reasons.find((r) => r.code === "sender.reply_to_foreign")?.message).toMatch(
      /anna\.buyer@freemail\.example/,
    );
  });

  it("without a pass from the receiving server, a known customer stays below the auto threshold", async () => {
    const unproven = await read(order([]));
    expect(codes(unproven)).toContain("sender.unauthenticated");
    expect(unproven.confidence).toBeLessThan(0.95);
    const spoofed = await read(
      order([
        "Authentication-Results: mx1.ourcompany.example; spf=fail smtp.mailfrom=acme.example; dmarc=fail header.from=acme.example",
      ]),
    );
    expect(spoofed.reasons.find((r) => r.code === "sender.spoofed")?.severity).toBe("hard");
    expect(spoofed.expect).toBe("review");
  });

  it("an authenticated customer gets no such reason", async () => {
    const genuine = await read(order([pass]));
    expect(codes(genuine).filter((c) => c.startsWith("sender."))).toEqual([]);
  });

  it("trusts only the receiving server's (topmost) header, not one the sender wrote below it", () => {
    const raw = [
      "Authentication-Results: mx1.ourcompany.example; spf=fail smtp.mailfrom=acme.example; dkim=none",
      "Authentication-Results: evil.example; dmarc=pass header.from=acme.example",
      "From: buyer@acme.example",
      "",
      "x",
    ].join("\r\n");
    expect(readSenderAuthentication(raw, "buyer@acme.example").verdict).toBe("fail");
    // a DKIM pass for another domain is no pass for the From domain
    const unaligned = "Authentication-Results: mx; dkim=pass header.d=evil.example\r\n\r\n";
    expect(readSenderAuthentication(unaligned, "buyer@acme.example").verdict).toBe("none");
    const arc = "ARC-Authentication-Results: i=1; relay.example; dmarc=pass header.from=acme.example\r\n\r\n";
    expect(readSenderAuthentication(arc, "buyer@acme.example")).toMatchObject({
      verdict: "pass",
      source: "arc",
    });
  });

  it("acknowledgements go to the From address only, never to Reply-To, and not to a forged sender", async () => {
    const mailbox = { id: 1, address: "orders@ourcompany.example", name: "Orders" };
    const withReplyTo = order([pass, "Reply-To: anna.buyer@freemail.example"]);
    const result = await read(withReplyTo);
    const ack = await prepareAcknowledgement({ mailbox, messageRowId: 1, raw: withReplyTo, result });
    expect(ack?.to).toBe("buyer@acme.example");
    const forged = order([
      "Authentication-Results: mx1.ourcompany.example; dmarc=fail header.from=acme.example",
      "Reply-To: anna.buyer@freemail.example",
    ]);
    expect(await prepareAcknowledgement({ mailbox, messageRowId: 2, raw: forged, result })).toBeNull();
  });
});
