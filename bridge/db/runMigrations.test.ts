import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { migrationsApplied, migrationsFolder, runMigrations } from "./runMigrations.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await db?.drop();
});

const expectedTables = [
  "approvals",
  "catalog_partners",
  "catalog_products",
  "decisions",
  "drafts",
  "extractions",
  "mailboxes",
  "messages",
  "product_aliases",
  "seen_keys",
  "settings",
  "webhook_deliveries",
  "worker_heartbeats",
];

async function tables(): Promise<string[]> {
  const rows = await db.sql<{ table_name: string }[]>`
    select table_name from information_schema.tables where table_schema = 'order_intake' order by 1`;
  return rows.map((r) => r.table_name);
}

describe("migrations", () => {
  it("apply to an empty database", async () => {
    expect(await tables()).toEqual([]);
    expect(await migrationsApplied(db)).toBe(false);
    await runMigrations(db);
    expect(await tables()).toEqual(expectedTables);
    expect(await migrationsApplied(db)).toBe(true);
  });

  it("are idempotent, also when run concurrently", async () => {
    await Promise.all([runMigrations(db), runMigrations(db), runMigrations(db)]);
    expect(await tables()).toEqual(expectedTables);
    const [row] = await db.sql<
      { n: number }[]
    >`select count(*)::int as n from drizzle.order_intake_migrations`;
    const files = readdirSync(migrationsFolder).filter((f) => f.endsWith(".sql"));
    expect(row!.n).toBe(files.length);
  });

  it("enforce one message per mailbox and Message-ID, and one row per delivery id", async () => {
    const [mb] = await db.sql<{ id: number }[]>`
      insert into order_intake.mailboxes (address) values ('orders@example.com') returning id`;
    const insert = () => db.sql`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size)
      values (${mb!.id}, '<a@b>', 'x', 1)`;
    await insert();
    await expect(insert()).rejects.toThrow(/messages_mailbox_message_uq/);
    const delivery = () => db.sql`
      insert into order_intake.webhook_deliveries (delivery_id, event, sent_at, payload)
      values ('0b0f2d52-3a0c-4a8e-9d53-3f0a4c2f8e11', 'ping', now(), '{}')`;
    await delivery();
    await expect(delivery()).rejects.toThrow(/webhook_deliveries_delivery_uq/);
  });
});
