import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../service/startService.ts";
import { describeMailError } from "../sources/imap/describeMailError.ts";
import { signedDelivery } from "../test/signedDelivery.ts";
import { startTestService, testSecret } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { isHostName, validateMailboxSettings } from "./validateDelivery.ts";

let db: TestDatabase;
let service: RunningService & { url: string; logs: string[] };

beforeAll(async () => {
  db = await createTestDatabase();
  service = await startTestService(db, { mode: "server" });
});
afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

async function post(body: string, event = "ping") {
  const delivery = /"delivery":"([^"]+)"/.exec(body)?.[1] ?? randomUUID();
  const res = await fetch(`${service.url}/webhooks/odoo`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-order-intake-event": event,
      "x-order-intake-delivery": delivery,
      "x-order-intake-signature-256": await sign(testSecret, body),
    },
  });
  return { status: res.status, json: (await res.json()) as { error?: string; message?: string } };
}

const envelope = (fields: Record<string, unknown>) =>
  JSON.stringify({
    company_id: 1,
    data: {},
    database: "odoo",
    delivery: randomUUID(),
    event: "ping",
    sent_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...fields,
  });

const mailbox = (over: Record<string, unknown>) => ({
  id: 7,
  email: "orders@ourcompany.example",
  name: "Orders",
  imap_host: "imap.ourcompany.example",
  imap_port: 993,
  imap_security: "ssl",
  smtp_host: "smtp.ourcompany.example",
  smtp_port: 587,
  smtp_security: "starttls",
  username: "orders",
  ...over,
});

describe("signed webhooks that used to get a 500 (P14 point 9)", () => {
  it.each([
    ["company_id beyond int4", envelope({ company_id: 2 ** 40 })],
    ["a NUL in a string", envelope({ data: { note: "a\u0000b" } })],
    [
      "deep nesting",
      envelope({ data: { x: "DEEP" } }).replace('"DEEP"', `${"[".repeat(5000)}${"]".repeat(5000)}`),
    ],
    [
      "nesting deeper than PostgreSQL takes",
      envelope({ data: { x: "DEEP" } }).replace('"DEEP"', `${"[".repeat(100)}${"]".repeat(100)}`),
    ],
  ])("%s is a 400 with words, nothing stored", async (_name, body) => {
    const r = await post(body);
    expect(r.status).toBe(400);
    expect(r.json.message).toBeTruthy();
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from order_intake.webhook_deliveries`;
    expect(n!.n).toBe(0);
  });
});

describe("mailbox settings validated at the webhook (P14 point 8)", () => {
  it.each([
    ["port 0", { imap_port: 0 }, /imap_port: 0 is not a port/],
    ["port 99999", { smtp_port: 99999 }, /smtp_port: 99999 is not a port/],
    ["CRLF in the name", { name: "Orders\r\nBcc: x@evil.example" }, /name: contains control characters/],
    [
      "CRLF in the address",
      { email: "orders@ourcompany.example\r\nBcc: x@evil.example" },
      /email: contains control/,
    ],
    ["an address that is not one", { email: "orders at ourcompany" }, /email: .* is not an email address/],
    ["a host that is not one", { imap_host: "imap.example.com:25/x" }, /imap_host: .* is not a host name/],
    ["a decimal IP", { imap_host: "2130706433" }, /imap_host: .* is not a host name/],
  ])("%s is a 400 whose message Odoo shows, nothing stored", async (_name, over, words) => {
    const d = await signedDelivery(testSecret, { event: "mailbox.updated", data: mailbox(over) });
    const res = await fetch(`${service.url}/webhooks/odoo`, {
      method: "POST",
      body: d.body,
      headers: d.headers,
    });
    const json = (await res.json()) as { error: string; message: string };
    expect(res.status).toBe(400);
    expect(json.error).toBe("invalid_settings");
    expect(json.message).toMatch(words);
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from order_intake.webhook_deliveries`;
    expect(n!.n).toBe(0);
  });

  it("accepts good settings (host names and IP literals, ports in range)", async () => {
    expect(validateMailboxSettings(mailbox({}))).toEqual([]);
    expect(
      validateMailboxSettings(
        mailbox({ imap_host: "127.0.0.1", smtp_host: "::1", notify_email: "a@b.example, c@d.example" }),
      ),
    ).toEqual([]);
    expect(isHostName("mail.example.com")).toBe(true);
    expect(isHostName("-bad.example")).toBe(false);
    const d = await signedDelivery(testSecret, { event: "mailbox.updated", data: mailbox({}) });
    const res = await fetch(`${service.url}/webhooks/odoo`, {
      method: "POST",
      body: d.body,
      headers: d.headers,
    });
    expect(res.status).toBe(202);
  });
});

describe("connection errors written back to Odoo (P14 point 8)", () => {
  it("tell the category, not what another service on that port answered", () => {
    const banner = new Error("Unexpected greeting: SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13");
    expect(describeMailError(banner)).toBe("the server did not answer as a mail server");
    expect(describeMailError(Object.assign(new Error("x"), { code: "ECONNREFUSED" }))).toBe(
      "connection refused",
    );
    expect(describeMailError(new Error("HTTP/1.1 400 Bad Request\r\nServer: nginx"))).not.toMatch(/nginx/);
  });
});
