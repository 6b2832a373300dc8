import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("health and readiness", () => {
  it("healthz answers while the process is up; readyz waits for a worker", async () => {
    const server = await startTestService(db, { mode: "server" });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({
        status: "not_ready",
        checks: { database: true, migrations: true, worker: false },
      });
      const worker = await startTestService(db, { mode: "worker" });
      try {
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: "ready" });
      } finally {
        await worker.stop();
      }
      const unknown = await fetch(`${server.url}/nope`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: "not_found" });
    } finally {
      await server.stop();
    }
  });

  it("readyz is 503 when migrations are missing", async () => {
    const server = await startTestService(db, { mode: "server" });
    try {
      await db.sql`delete from drizzle.order_intake_migrations`;
      const r = await fetch(`${server.url}/readyz`);
      expect(r.status).toBe(503);
      expect(((await r.json()) as { checks: { migrations: boolean } }).checks.migrations).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
