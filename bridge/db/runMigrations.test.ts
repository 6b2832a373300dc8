import { readdirSync } from "node:fs";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { migrationsApplied, migrationsFolder, runMigrations } from "./runMigrations.ts";
import * as schema from "./schema.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
});
afterAll(async () => {
  await db?.drop();
});

/**
 * What bridge/db/schema.ts declares (the code's view of the database): every table of the bridge's
 * schema with its columns (nullability included) and its named indexes. The migrations must create
 * exactly this; a schema change without `npm run db:generate` (or a hand-edited migration) shows here.
 */
function declaredSchema() {
  const tables = (Object.values(schema) as unknown[])
    .filter((v): v is PgTable => is(v, PgTable))
    .map((t) => getTableConfig(t))
    .filter((c) => c.schema === "order_intake");
  return new Map(
    tables.map((c) => [
      c.name,
      {
        columns: c.columns.map((col) => `${col.name}${col.notNull ? " not null" : ""}`).sort(),
        indexes: c.indexes.map((i) => i.config.name).filter((n): n is string => Boolean(n)),
      },
    ]),
  );
}

async function columnsOf(table: string): Promise<string[]> {
  const rows = await db.sql<{ column_name: string; is_nullable: string }[]>`
    select column_name, is_nullable from information_schema.columns
    where table_schema = 'order_intake' and table_name = ${table}`;
  return rows.map((r) => `${r.column_name}${r.is_nullable === "NO" ? " not null" : ""}`).sort();
}

async function indexNames(): Promise<Set<string>> {
  const rows = await db.sql<{ indexname: string }[]>`
    select indexname from pg_indexes where schemaname = 'order_intake'`;
  return new Set(rows.map((r) => r.indexname));
}

/** The database has exactly the tables and columns schema.ts declares, and every named index. */
async function expectDeclaredSchema(): Promise<void> {
  const declared = declaredSchema();
  const names = [...declared.keys()].sort();
  expect(names.length).toBeGreaterThan(10); // the schema module was read (not an empty filter)
  expect(await tables()).toEqual(names);
  const indexes = await indexNames();
  for (const [name, t] of declared) {
    expect(await columnsOf(name), `columns of order_intake.${name}`).toEqual(t.columns);
    for (const i of t.indexes) expect(indexes.has(i), `index ${i} on ${name}`).toBe(true);
  }
}

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
    await expectDeclaredSchema();
    expect(await migrationsApplied(db)).toBe(true);
  });

  it("are idempotent, also when run concurrently", async () => {
    await Promise.all([runMigrations(db), runMigrations(db), runMigrations(db)]);
    await expectDeclaredSchema();
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
