import { randomBytes } from "node:crypto";
import path from "node:path";
import postgres from "postgres";
import { connectDatabase, type DatabaseHandle } from "../../bridge/db/connectDatabase.ts";
import { runMigrations } from "../../bridge/db/runMigrations.ts";
import { startEmbeddedPostgres } from "../../bridge/db/startEmbeddedPostgres.ts";

/**
 * A throw-away database for a benchmark, on the same servers the tests use: BENCH_DATABASE_URL or
 * TEST_DATABASE_URL, else the local server at 127.0.0.1:5432, else an embedded one.
 */
export async function benchDatabase(): Promise<DatabaseHandle & { drop(): Promise<void> }> {
  let adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const local = "postgres://postgres@127.0.0.1:5432/postgres";
    const probe = postgres(local, { max: 1, connect_timeout: 3, onnotice: () => {} });
    const ok = await probe`select 1`.then(
      () => true,
      () => false,
    );
    await probe.end({ timeout: 1 });
    if (ok) adminUrl = local;
    else {
      const e = await startEmbeddedPostgres({ dataDir: path.resolve(".data/bench-postgres"), port: 54349 });
      adminUrl = e.url;
      stopEmbedded = e.stop;
    }
  }
  const name = `oi_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const handle = connectDatabase(u.toString(), { max: 20 });
  await runMigrations(handle);
  return {
    ...handle,
    async drop() {
      await handle.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      await stopEmbedded?.();
    },
  };
}
