/** The bridge's HTTP server in its own process, for benchmarks: prints `port=N` once listening. */
import { loadConfig } from "../../bridge/config/loadConfig.ts";
import { connectDatabase } from "../../bridge/db/connectDatabase.ts";
import { createLogger } from "../../bridge/log/createLogger.ts";
import { startService } from "../../bridge/service/startService.ts";

const config = loadConfig({ ...process.env, NODE_ENV: "production", PORT: "0", LOG_LEVEL: "silent" });
const handle = connectDatabase(config.database.url!, { max: 20 });
const service = await startService({
  mode: "server",
  config,
  logger: createLogger({ level: "silent" }),
  handle,
});
process.stdout.write(`port=${service.port}\n`);
process.on("SIGTERM", () => {
  void service
    .stop()
    .then(() => handle.close())
    .then(() => process.exit(0));
});
