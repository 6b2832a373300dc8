import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { connectDatabase } from "../db/connectDatabase.ts";
import { migrationsFolder, runMigrations } from "../db/runMigrations.ts";
import { startEmbeddedPostgres } from "../db/startEmbeddedPostgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    /** Prefix of the databases this run creates (`oi_test_<run>_…`), dropped at the end whatever happened. */
    pgRunPrefix: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** The URL of a database named `name` on the server of `url`. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Finds a real PostgreSQL for the tests: TEST_DATABASE_URL, else the local server at 127.0.0.1:5432,
 * else an embedded one. Builds a template database with every migration applied (bridge and
 * graphile-worker), from which each test file clones its own database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const local = "postgres://postgres@127.0.0.1:5432/postgres";
    if (await reachable(local)) {
      adminUrl = local;
    } else {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.resolve(".data/test-postgres"),
        port: 54339,
      });
      adminUrl = embedded.url;
      stopEmbedded = embedded.stop;
    }
  }

  const hash = createHash("sha256");
  for (const f of readdirSync(migrationsFolder).sort()) {
    if (f.endsWith(".sql")) hash.update(readFileSync(path.join(migrationsFolder, f)));
  }
  // drizzle decides what is applied by the journal's timestamps, so they are part of the template's identity
  hash.update(readFileSync(path.join(migrationsFolder, "meta", "_journal.json")));
  hash.update("graphile-worker@0.17");
  const template = `oi_template_${hash.digest("hex").slice(0, 12)}`;

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(hashtext('order_intake.test_template'))`;
    const exists = await admin`select 1 from pg_database where datname = ${template}`;
    if (exists.length === 0) {
      const building = `${template}_building`;
      await admin.unsafe(`drop database if exists ${building}`);
      await admin.unsafe(`create database ${building}`);
      const url = withDatabase(adminUrl, building);
      const handle = connectDatabase(url, { max: 2 });
      try {
        await runMigrations(handle);
        await runWorkerMigrations({ connectionString: url });
      } finally {
        await handle.close();
      }
      await admin.unsafe(`alter database ${building} rename to ${template}`);
    }
    await admin`select pg_advisory_unlock(hashtext('order_intake.test_template'))`;
  } finally {
    await admin.end({ timeout: 2 });
  }

  const runPrefix = `oi_test_${randomBytes(3).toString("hex")}_`;
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  project.provide("pgRunPrefix", runPrefix);
  const url = adminUrl;
  return async () => {
    // A test file that crashed or was killed before its afterAll leaves its database: drop this run's.
    const sweep = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const left = await sweep<{ datname: string }[]>`
        select datname from pg_database where starts_with(datname, ${runPrefix})`;
      for (const { datname } of left) {
        await sweep.unsafe(`drop database if exists "${datname}" with (force)`);
      }
    } finally {
      await sweep.end({ timeout: 2 });
    }
    await stopEmbedded?.();
  };
}
