import { Writable } from "node:stream";
import { type Config, loadConfig } from "../config/loadConfig.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { DefinedTask } from "../jobs/defineTask.ts";
import { createLogger, type Logger } from "../log/createLogger.ts";
import { type RunningService, type ServiceMode, startService } from "../service/startService.ts";

export const testSecret = "test-webhook-secret-current-0001";
export const previousTestSecret = "test-webhook-secret-previous-0001";

/** Collects log lines in memory so tests can search them (for secrets, for example). */
export function memoryLogger(level = "debug"): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: createLogger({ level, destination: destination as never }), lines };
}

export function testConfig(handle: DatabaseHandle, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: handle.url,
    PORT: "0",
    ODOO_WEBHOOK_SECRET: testSecret,
    ODOO_WEBHOOK_SECRET_PREVIOUS: previousTestSecret,
    CREDENTIALS_KEY: "11".repeat(32),
    WORKER_HEARTBEAT_MS: "500",
    WORKER_STALE_AFTER_MS: "3000",
    ...env,
  });
}

/** Starts the real service (server and/or worker) on a test database, on a free port. */
export async function startTestService(
  handle: DatabaseHandle,
  options: { mode?: ServiceMode; env?: Record<string, string>; extraTasks?: DefinedTask[] } = {},
): Promise<RunningService & { url: string; logs: string[]; config: Config }> {
  const config = testConfig(handle, options.env);
  const { logger, lines } = memoryLogger();
  const service = await startService({
    mode: options.mode ?? "start",
    config,
    logger,
    handle,
    extraTasks: options.extraTasks,
  });
  return { ...service, url: `http://127.0.0.1:${service.port ?? 0}`, logs: lines, config };
}
