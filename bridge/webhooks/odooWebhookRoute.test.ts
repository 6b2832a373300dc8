import { readFileSync } from "node:fs";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../crypto/secretBox.ts";
import type { RunningService } from "../service/startService.ts";
import { signedDelivery } from "../test/signedDelivery.ts";
import { previousTestSecret, startTestService, testSecret } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";
import { verifyOdooDelivery } from "./verifyOdooDelivery.ts";

let db: TestDatabase;
let service: RunningService & { url: string; logs: string[] };

async function post(body: string | Buffer, headers: Record<string, string>) {
  const res = await fetch(`${service.url}/webhooks/odoo`, { method: "POST", body, headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function counts() {
  const [d] = await db.sql<{ n: number }[]>`select count(*)::int as n from order_intake.webhook_deliveries`;
  const [j] = await db.sql<{ n: number }[]>`select count(*)::int as n from graphile_worker._private_jobs`;
  return { deliveries: d!.n, jobs: j!.n };
}

beforeAll(async () => {
  db = await createTestDatabase();
  // The server alone: jobs stay in the queue where the tests can count them.
  service = await startTestService(db, { mode: "server" });
});

afterAll(async () => {
  await service?.stop();
  await db?.drop();
});

describe("POST /webhooks/odoo refuses what it must", () => {
  it("a wrong signature is 401 and nothing is enqueued", async () => {
    const d = await signedDelivery("not-the-secret-at-all-000");
    const r = await post(d.body, d.headers);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe("signature_invalid");
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });

  it("a missing signature is 401", async () => {
    const d = await signedDelivery(testSecret);
    const { "x-order-intake-signature-256": _, ...headers } = d.headers;
    const r = await post(d.body, headers);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe("signature_missing");
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });

  it("a body altered after signing is 401", async () => {
    const d = await signedDelivery(testSecret, { data: { note: "original" } });
    const r = await post(d.body.replace("original", "altered!"), d.headers);
    expect(r.status).toBe(401);
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });

  it("a stale or future sent_at is 401", async () => {
    const stale = await signedDelivery(testSecret, { sentAt: new Date(Date.now() - 6 * 60_000) });
    const future = await signedDelivery(testSecret, { sentAt: new Date(Date.now() + 6 * 60_000) });
    expect((await post(stale.body, stale.headers)).json.error).toBe("stale_delivery");
    const r = await post(future.body, future.headers);
    expect(r.status).toBe(401);
    expect(r.json.error).toBe("stale_delivery");
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });

  it("malformed JSON, even correctly signed, is 400", async () => {
    const body = '{"event":"ping","delivery":';
    const r = await post(body, {
      "content-type": "application/json",
      "x-order-intake-signature-256": await sign(testSecret, body),
    });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe("malformed_json");
    const wrongShape = JSON.stringify({ event: "no.such.event", delivery: "x" });
    const r2 = await post(wrongShape, {
      "content-type": "application/json",
      "x-order-intake-signature-256": await sign(testSecret, wrongShape),
    });
    expect(r2.status).toBe(400);
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });

  it("a body over 1 MB is 413 with a JSON error", async () => {
    const d = await signedDelivery(testSecret, { data: { blob: "x".repeat(1024 * 1024 + 10) } });
    const r = await post(d.body, d.headers);
    expect(r.status).toBe(413);
    expect(r.json.error).toBe("payload_too_large");
    expect(await counts()).toEqual({ deliveries: 0, jobs: 0 });
  });
});

describe("POST /webhooks/odoo accepts what it must", () => {
  it("a delivery signed with the previous secret (rotation) is accepted", async () => {
    const d = await signedDelivery(previousTestSecret);
    const r = await post(d.body, d.headers);
    expect(r.status).toBe(202);
  });

  it("50 concurrent posts of one delivery enqueue exactly one job", async () => {
    const before = await counts();
    const d = await signedDelivery(testSecret);
    const results = await Promise.all(Array.from({ length: 50 }, () => post(d.body, d.headers)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(49);
    expect(results.filter((r) => r.json.duplicate === true)).toHaveLength(49);
    const after = await counts();
    expect(after.deliveries - before.deliveries).toBe(1);
    expect(after.jobs - before.jobs).toBe(1);
    const jobs = await db.sql`
      select 1 from graphile_worker._private_jobs where payload->>'deliveryId' = ${d.delivery}`;
    expect(jobs).toHaveLength(1);
  });

  it("the addon's signature test vector verifies in the bridge", async () => {
    const vectorUrl = new URL(
      "../../odoo_addon/order_intake/tests/webhook_test_vector.json",
      import.meta.url,
    );
    const vector = JSON.parse(readFileSync(vectorUrl, "utf8")) as {
      secret: string;
      body: string;
      signature: string;
    };
    expect(await sign(vector.secret, vector.body)).toBe(vector.signature);
    const verified = await verifyOdooDelivery(
      Buffer.from(vector.body),
      { "x-order-intake-signature-256": vector.signature },
      { secrets: [vector.secret], maxSkewSeconds: 300, now: new Date("2026-11-21T10:01:00Z") },
    );
    expect(verified).toMatchObject({ ok: true, delivery: { event: "ping", company_id: 1 } });
  });
});

describe("a correctly signed delivery is accepted and its job runs", () => {
  it("ping round-trips: 202, then the worker handles it once", async () => {
    const worker = await startTestService(db, { mode: "worker" });
    try {
      const d = await signedDelivery(testSecret, { event: "ping" });
      const r = await post(d.body, d.headers);
      expect(r.status).toBe(202);
      expect(r.json).toMatchObject({ accepted: true, delivery: d.delivery });
      const row = await waitFor(
        async () => {
          const [x] = await db.sql<{ status: string }[]>`
            select status from order_intake.webhook_deliveries where delivery_id = ${d.delivery}`;
          return x?.status === "processed" ? x : undefined;
        },
        { what: "the ping job to run" },
      );
      expect(row?.status).toBe("processed");
      await waitFor(async () => worker.logs.some((l) => l.includes("pong") && l.includes(d.delivery)));
      // A repeat after processing is still a duplicate, and nothing runs again.
      const again = await post(d.body, d.headers);
      expect(again.status).toBe(200);
      expect(again.json.duplicate).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});

describe("mailbox.updated carries a password", () => {
  it("is stored sealed: never in clear in any table nor in the logs", async () => {
    const password = "Imap-Pa55word-that-must-not-leak";
    const worker = await startTestService(db, { mode: "worker" });
    try {
      const d = await signedDelivery(testSecret, {
        event: "mailbox.updated",
        data: {
          id: 7,
          email: "orders@example.com", // the addon sends `email` (order_intake_mailbox.py)
          module: "sales",
          imap_host: "imap.example.com",
          password,
        },
      });
      expect((await post(d.body, d.headers)).status).toBe(202);
      await waitFor(async () => {
        const [m] =
          await db.sql`select 1 from order_intake.mailboxes where odoo_id = 7 and password_sealed is not null`;
        return m;
      });
      const dump = await db.sql<{ t: string }[]>`
        select (select coalesce(string_agg(x::text, ''), '') from order_intake.webhook_deliveries x) ||
               (select coalesce(string_agg(y::text, ''), '') from order_intake.mailboxes y) as t`;
      expect(dump[0]!.t).not.toContain(password);
      expect(dump[0]!.t).toContain("orders@example.com");
      const [sealed] = await db.sql<{ password_sealed: Buffer }[]>`
        select password_sealed from order_intake.mailboxes where odoo_id = 7`;
      const box = createSecretBox(Buffer.from("11".repeat(32), "hex"));
      expect(box.open(sealed!.password_sealed)).toBe(password);
      expect([...service.logs, ...worker.logs].join("\n")).not.toContain(password);
    } finally {
      await worker.stop();
    }
  });
});
