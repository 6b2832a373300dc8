import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../crypto/secretBox.ts";
import type { TaskContext } from "../jobs/defineTask.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import type { OdooDelivery } from "../webhooks/odooDelivery.ts";
import { odooEventHandlers } from "../webhooks/odooEventHandlers.ts";
import { pruneDeliveryPayloads, recordDelivery } from "../webhooks/recordDelivery.ts";
import { checkOutboundUrl, isInternalAddress } from "./checkOutboundUrl.ts";
import { createOutboundTasks } from "./outboundTasks.ts";

const secretBox = createSecretBox(Buffer.alloc(32, 7));
const { logger: log, lines } = memoryLogger("debug");
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const ctx = (): TaskContext => ({
  log,
  jobId: "1",
  attempt: 1,
  maxAttempts: 12,
  abortSignal: new AbortController().signal,
});

const endpointDelivery = (data: Record<string, unknown>): OdooDelivery => ({
  event: "outbound.updated",
  delivery: randomUUID(),
  sent_at: new Date().toISOString(),
  database: "erp",
  company_id: 1,
  data,
});

describe("secrets in stored deliveries (P14 point 2)", () => {
  it("seals an outbound endpoint's secret (and any secret-named value) before the delivery is stored", async () => {
    const secret = "whsec-0123456789abcdef-XYZ";
    const d = endpointDelivery({
      id: 31,
      url: "https://hooks.example.com/oi",
      secret,
      events: ["order.drafted"],
      auth: { api_key: "key-abcdef-123456", token: "tok-987654321" },
    });
    await recordDelivery(db, d, secretBox);
    const [row] = await db.sql<{ payload: unknown }[]>`
      select payload from order_intake.webhook_deliveries where delivery_id = ${d.delivery}`;
    const stored = JSON.stringify(row!.payload);
    for (const clear of [secret, "key-abcdef-123456", "tok-987654321"]) expect(stored).not.toContain(clear);
    expect(stored).toContain("secret_sealed");
    // the handler reads the stored (sealed) payload and still registers the endpoint with its secret
    const payload = row!.payload as OdooDelivery;
    await odooEventHandlers["outbound.updated"]({ handle: db, log, secretBox }, payload);
    const [endpoint] = await db.sql<{ secret_sealed: Buffer }[]>`
      select secret_sealed from order_intake.outbound_endpoints where odoo_id = 31`;
    expect(secretBox.open(endpoint!.secret_sealed)).toBe(secret);
  });

  it("prunes handled delivery payloads after the retention period", async () => {
    const d = endpointDelivery({ id: 32, url: "https://hooks.example.com/x", note: "personal data" });
    await recordDelivery(db, d, secretBox);
    await db.sql`
      update order_intake.webhook_deliveries set status = 'processed', received_at = now() - interval '40 days'
      where delivery_id = ${d.delivery}`;
    expect(await pruneDeliveryPayloads(db, 30)).toBeGreaterThanOrEqual(1);
    const [row] = await db.sql<{ payload: Record<string, unknown> }[]>`
      select payload from order_intake.webhook_deliveries where delivery_id = ${d.delivery}`;
    expect(row!.payload).toEqual({ pruned: true, event: "outbound.updated" });
  });
});

describe("outbound URLs (P14 point 7)", () => {
  it.each([
    "http://127.0.0.1:8069/hook",
    "http://2130706433/hook",
    "http://0x7f.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://10.1.2.3/hook",
    "http://192.168.1.10/hook",
    "http://224.0.0.1/hook",
  ])("refuses %s", async (url) => {
    expect(await checkOutboundUrl(url)).toMatchObject({ ok: false });
  });

  it("refuses a host name that resolves inside, allows what an admin allow-listed, and public hosts", async () => {
    const resolve = async (h: string) => (h === "internal.example.com" ? ["10.0.0.5"] : ["93.184.215.14"]);
    expect(await checkOutboundUrl("https://internal.example.com/x", { resolve })).toMatchObject({
      ok: false,
    });
    expect(await checkOutboundUrl("https://hooks.example.com/x", { resolve })).toEqual({ ok: true });
    expect(
      await checkOutboundUrl("https://internal.example.com/x", {
        resolve,
        allowedHosts: ["internal.example.com"],
      }),
    ).toEqual({ ok: true });
    expect(await checkOutboundUrl("https://user:pw@hooks.example.com/x", { resolve })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/credentials/),
    });
    expect(isInternalAddress("8.8.8.8")).toBe(false);
  });

  it("never posts to an internal address and never logs credentials of a URL", async () => {
    await odooEventHandlers["outbound.updated"](
      { handle: db, log, secretBox },
      endpointDelivery({
        id: 41,
        url: "http://127.0.0.1:9/metadata",
        secret: "0123456789abcdef0123",
        events: ["intake.failed"],
      }),
    );
    const [endpoint] = await db.sql<
      { id: number }[]
    >`select id from order_intake.outbound_endpoints where odoo_id = 41`;
    const [delivery] = await db.sql<{ id: number }[]>`
      insert into order_intake.outbound_deliveries (endpoint_id, event, subject_key, data)
      values (${endpoint!.id}, 'intake.failed', 'message:1', '{}'::jsonb) returning id::int as id`;
    const [, deliver] = createOutboundTasks({ handle: db, secretBox, tickSeconds: 60 });
    await expect(deliver!.handler({ deliveryId: delivery!.id } as never, ctx())).rejects.toMatchObject({
      code: "outbound.refused",
    });
    const [row] = await db.sql<{ status: string; last_error: string }[]>`
      select status, last_error from order_intake.outbound_deliveries where id = ${delivery!.id}`;
    expect(row!.status).toBe("failed");
    expect(row!.last_error).toMatch(/internal address/);

    // an endpoint URL carrying user:password is refused, and the password is nowhere in the logs
    await odooEventHandlers["outbound.updated"](
      { handle: db, log, secretBox },
      endpointDelivery({
        id: 42,
        url: "https://admin:hunter2-pass@hooks.example.com/x",
        secret: "0123456789abcdef0123",
        events: ["intake.failed"],
      }),
    );
    expect(await db.sql`select 1 from order_intake.outbound_endpoints where odoo_id = 42`).toHaveLength(0);
    expect(lines.join("\n")).not.toContain("hunter2-pass");
  });
});
