import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { connectDatabase, type DatabaseHandle } from "../db/connectDatabase.ts";
import { withDatabase } from "./globalSetup.ts";

export interface TestDatabase extends DatabaseHandle {
  name: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template: real PostgreSQL, isolated per test file. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const template = options.empty ? "template0" : inject("pgTemplate");
  const name = `${inject("pgRunPrefix")}${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end({ timeout: 2 });
  }
  const handle = connectDatabase(withDatabase(adminUrl, name), { max: 20 });
  return {
    ...handle,
    name,
    async drop() {
      await handle.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end({ timeout: 2 });
      }
    },
  };
}
