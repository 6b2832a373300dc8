import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verify } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../crypto/secretBox.ts";
import type { DefinedTask } from "../jobs/defineTask.ts";
import { startWorker, type WorkerHandle } from "../jobs/startWorker.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";
import { odooEventHandlers } from "../webhooks/odooEventHandlers.ts";
import { createOutboundTasks, scheduleOutboundTick } from "./outboundTasks.ts";
import { scanOutboundEvents } from "./scanOutboundEvents.ts";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  verified: boolean;
}

const secret = "receiver-secret-0123456789abcdef";
let db: TestDatabase;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
let failNext = 0;
let worker: WorkerHandle;
const { logger: log, lines } = memoryLogger("debug");
const secretBox = createSecretBox(Buffer.from("22".repeat(32), "hex"));

beforeAll(async () => {
  db = await createTestDatabase();
  // the test receiver: checks the signature of the raw body exactly as a third party would
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(req.headers["x-order-intake-signature-256"] ?? "");
      const verified = await verify(secret, body, signature).catch(() => false);
      received.push({ headers: req.headers, body, verified });
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end("busy");
        return;
      }
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/order-intake`;
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((r) => receiver.close(() => r()));
  await db?.drop();
});

const delivery = (event: "outbound.updated" | "outbound.deleted", data: Record<string, unknown>) => ({
  event,
  delivery: randomUUID(),
  sent_at: new Date().toISOString(),
  database: "erp",
  company_id: 1,
  data,
});

/** The endpoint 7 as Odoo sends it (outbound.updated is an upsert: each test registers what it uses). */
const registerEndpoint7 = () =>
  odooEventHandlers["outbound.updated"](
    { handle: db, log, secretBox },
    delivery("outbound.updated", {
      id: 7,
      name: "ERP hooks",
      url: receiverUrl,
      active: true,
      secret,
      events: ["order.drafted", "order.approved", "intake.failed", "not.an.event"],
    }),
  );

/** The outbound worker (ticks every second), started by the first test that needs it. */
async function outboundWorker(): Promise<WorkerHandle> {
  worker ??= await startWorker({
    handle: db,
    logger: log,
    tasks: createOutboundTasks({
      handle: db,
      secretBox,
      tickSeconds: 1,
      allowedHosts: ["127.0.0.1"],
    }) as DefinedTask[],
    options: { concurrency: 2, heartbeatMs: 500, staleAfterMs: 3000, pollInterval: 200 },
  });
  await scheduleOutboundTick(db, 0);
  return worker;
}

/** A message of the mailbox of Odoo database "erp". */
async function seedMessage(messageId: string, status: string): Promise<number> {
  const [mb] = await db.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, odoo_database, odoo_id, company_id, address)
    values ('imap', 'erp', 1, 1, 'orders@ourcompany.example')
    on conflict (odoo_database, odoo_id) do update set address = excluded.address returning id`;
  const [msg] = await db.sql<{ id: number }[]>`
    insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, from_address, subject, status)
    values (${mb!.id}, ${messageId}, 'x', 10, 'anna@customer.example', 'PO 4711', ${status})
    returning id::int as id`;
  return msg!.id;
}

describe("outbound events", () => {
  it("an endpoint registered in Odoo is stored with its secret sealed", async () => {
    await registerEndpoint7();
    const [row] = await db.sql<{ events: string[]; secret_sealed: Buffer }[]>`
      select events, secret_sealed from order_intake.outbound_endpoints where odoo_id = 7`;
    expect(row!.events).toEqual(["order.drafted", "order.approved", "intake.failed"]);
    expect(row!.secret_sealed.toString("latin1")).not.toContain(secret);
    expect(secretBox.open(row!.secret_sealed)).toBe(secret);
    expect(lines.join("")).not.toContain(secret);
  });

  it("order.drafted reaches the receiver signed, retried with backoff after a failure, logged", async () => {
    await registerEndpoint7();
    const msg = { id: await seedMessage("<po-4711@customer.example>", "processed") };
    await db.sql`insert into order_intake.decisions (message_id, action, kind, confidence, customer_ref)
                 values (${msg.id}, 'review', 'sales_order', 0.83, 'C-9001')`;
    const [draft] = await db.sql<{ id: number }[]>`
      insert into order_intake.drafts (message_id, customer_ref, po_number, odoo_model, odoo_id, odoo_name, state)
      values (${msg.id}, 'C-9001', '4711', 'sale.order', 42, 'S00042', 'created') returning id::int as id`;

    failNext = 1;
    const firstReceived = received.length;
    const mine = () => received.slice(firstReceived);
    const drafted = () => mine().filter((r) => r.headers["x-order-intake-event"] === "order.drafted");
    await outboundWorker();
    const ok = await waitFor(async () => (drafted()[1]?.verified ? drafted()[1] : null), {
      what: "the retried order.drafted delivery",
      timeoutMs: 20_000,
    });
    const [first, second] = drafted();
    expect(first!.verified).toBe(true);
    const body1 = JSON.parse(first!.body);
    const body2 = JSON.parse(ok!.body);
    // the same delivery id on every attempt, re-signed with a fresh sent_at
    expect(body2.delivery).toBe(body1.delivery);
    expect(second!.headers["x-order-intake-delivery"]).toBe(body1.delivery);
    expect(body2).toMatchObject({
      event: "order.drafted",
      database: "erp",
      company_id: 1,
      data: {
        draft_id: draft!.id,
        odoo_id: 42,
        odoo_name: "S00042",
        po_number: "4711",
        customer_ref: "C-9001",
        decision: "review",
      },
    });
    expect(JSON.stringify(body2.data)).not.toContain(secret);
    // The receiver has answered; the worker records the answer just after: wait for that record.
    const logRow = await waitFor(
      async () => {
        const [r] = await db.sql<
          { status: string; attempts: number; last_status_code: number; delivered_at: string | null }[]
        >`
          select status, attempts, last_status_code, delivered_at from order_intake.outbound_deliveries
          where event = 'order.drafted'`;
        return r?.status === "pending" ? null : r;
      },
      { what: "the order.drafted delivery recorded", timeoutMs: 20_000 },
    );
    expect(logRow).toMatchObject({ status: "delivered", attempts: 2, last_status_code: 204 });
    expect(logRow!.delivered_at).not.toBeNull();

    // approved: one more event; not subscribed (order.rejected) and repeats: none
    await db.sql`update order_intake.drafts set state = 'confirmed', updated_at = now() where id = ${draft!.id}`;
    await waitFor(
      async () =>
        (
          await db.sql`
            select 1 from order_intake.outbound_deliveries where event = 'order.approved' and status = 'delivered'`
        ).length === 1,
      { what: "order.approved delivered", timeoutMs: 20_000 },
    );
    // Scanning again (as every tick does) queues nothing new: no repeat, no unsubscribed event.
    expect(await scanOutboundEvents(db)).toBe(0);
    expect(await scanOutboundEvents(db)).toBe(0);
    const logged = await db.sql<{ event: string; status: string }[]>`
      select event, status from order_intake.outbound_deliveries order by id`;
    expect(logged).toEqual([
      { event: "order.drafted", status: "delivered" },
      { event: "order.approved", status: "delivered" },
    ]);
    const events = mine()
      .filter((r) => r.verified)
      .map((r) => r.headers["x-order-intake-event"]);
    expect(events.filter((e) => e === "order.drafted")).toHaveLength(2); // the 503 and the retry
    expect(events.filter((e) => e === "order.approved")).toHaveLength(1);
    expect(events).not.toContain("order.rejected");
  }, 60_000);

  it("a receiver that refuses for good (4xx) is not hammered: the delivery is marked failed", async () => {
    await odooEventHandlers["outbound.updated"](
      { handle: db, log, secretBox },
      delivery("outbound.updated", {
        id: 8,
        name: "wrong key",
        url: receiverUrl,
        secret: "another-secret-0123456789",
        events: ["intake.failed"],
      }),
    );
    await registerEndpoint7();
    const failedId = await seedMessage("<unreadable-1@customer.example>", "failed");
    await db.sql`update order_intake.messages set error = 'unreadable', updated_at = now() where id = ${failedId}`;
    await outboundWorker();
    const row = await waitFor(
      async () => {
        const [r] = await db.sql<{ status: string; attempts: number; last_status_code: number }[]>`
        select o.status, o.attempts, o.last_status_code from order_intake.outbound_deliveries o
        join order_intake.outbound_endpoints e on e.id = o.endpoint_id where e.odoo_id = 8`;
        return r?.status === "failed" ? r : null;
      },
      { what: "the refused delivery to be marked failed", timeoutMs: 20_000 },
    );
    expect(row).toMatchObject({ attempts: 1, last_status_code: 401 });
    // the endpoint 7 subscribed to intake.failed gets it too, verified (its own job, maybe later)
    await waitFor(
      async () => received.some((r) => r.verified && r.headers["x-order-intake-event"] === "intake.failed"),
      { what: "intake.failed at the endpoint 7", timeoutMs: 20_000 },
    );
  }, 60_000);
});
