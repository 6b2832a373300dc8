import type { Config } from "../config/loadConfig.ts";
import type { Logger } from "../log/createLogger.ts";
import { connectDatabase, type DatabaseHandle } from "./connectDatabase.ts";
import { startEmbeddedPostgres } from "./startEmbeddedPostgres.ts";

/** The database the bridge uses: DATABASE_URL when set, else an embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(
  config: Config,
  logger: Logger,
): Promise<DatabaseHandle & { embedded: boolean }> {
  if (config.database.url) {
    const handle = connectDatabase(config.database.url);
    return { ...handle, embedded: false };
  }
  const embedded = await startEmbeddedPostgres(config.database.embedded);
  logger.info(
    { dataDir: config.database.embedded.dataDir, port: config.database.embedded.port },
    "no DATABASE_URL: using an embedded PostgreSQL in the data folder",
  );
  const handle = connectDatabase(embedded.url);
  return {
    ...handle,
    embedded: true,
    async close() {
      await handle.close();
      await embedded.stop();
    },
  };
}
