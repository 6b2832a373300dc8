import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { attachmentIsResend, createPgSeenStore } from "./createPgSeenStore.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const order = (customerRef: string | null, po: string | null) => ({
  customerRef,
  customerReference: po,
});

/** What the extractor does for one message: ask about its orders, then its attachments, then remember. */
async function receive(
  key: string,
  orders: Array<{ customerRef: string | null; customerReference: string | null }>,
  attachments: string[],
) {
  const store = createPgSeenStore(db, key);
  for (const o of orders) if (o.customerReference) await store.order(o.customerRef, o.customerReference);
  let resendOf: string | null = null;
  for (const a of attachments) resendOf ??= await store.attachment(a);
  await store.remember({ key, messageId: `<${key}@x>`, orders, attachments });
  return resendOf;
}

describe("attachment hashes as evidence of a resend", () => {
  it("a terms PDF carried by orders with different PO numbers never marks a resend", async () => {
    expect(await receive("t1", [order("C1", "PO-100")], ["terms", "order-100"])).toBeNull();
    // another order of the same customer with the same terms: not a resend
    expect(await receive("t2", [order("C1", "PO-200")], ["terms", "order-200"])).toBeNull();
    // once seen with two PO numbers, even a message whose PO was not read is not a resend by it
    expect(await receive("t3", [order("C1", null)], ["terms"])).toBeNull();
    // another customer with the same data sheet
    expect(await receive("t4", [order("C2", "X-1")], ["terms"])).toBeNull();
  });

  it("the same order document sent again is a resend, by the first message", async () => {
    expect(await receive("d1", [order("C3", "PO-300")], ["order-300"])).toBeNull();
    // the PO number was not read this time: the document itself says it is the same order
    expect(await receive("d2", [order("C3", null)], ["order-300"])).toBe("d1");
    // the same document claimed for another PO number is not taken as a resend
    expect(await receive("d3", [order("C3", "PO-999")], ["order-300"])).toBeNull();
  });

  it("a job run again after a crash does not find itself", async () => {
    expect(await receive("r1", [order("C4", "PO-400")], ["order-400"])).toBeNull();
    expect(await receive("r1", [order("C4", "PO-400")], ["order-400"])).toBeNull();
    const [row] = await db.sql<{ data: { pos: string[] } }[]>`
      select data from order_intake.seen_keys where kind = 'attachment' and value = 'order-400'`;
    expect(row!.data.pos).toEqual(["PO-400"]);
  });

  it("rules", () => {
    const one = { pos: ["A"], customers: ["C"], nopo: false };
    expect(attachmentIsResend(one, { pos: [], customers: [] })).toBe(true);
    expect(attachmentIsResend(one, { pos: ["A"], customers: ["C"] })).toBe(true);
    expect(attachmentIsResend(one, { pos: ["B"], customers: ["C"] })).toBe(false);
    expect(attachmentIsResend(one, { pos: ["A"], customers: ["D"] })).toBe(false);
    expect(attachmentIsResend({ ...one, pos: ["A", "B"] }, { pos: ["A"], customers: [] })).toBe(false);
    expect(attachmentIsResend({ ...one, nopo: true }, { pos: [], customers: [] })).toBe(false);
  });
});
