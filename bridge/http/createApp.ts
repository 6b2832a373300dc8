import express, { type ErrorRequestHandler, type Express, type Router } from "express";
import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { migrationsApplied } from "../db/runMigrations.ts";
import type { Logger } from "../log/createLogger.ts";
import { createOdooWebhookRoute } from "../webhooks/odooWebhookRoute.ts";

export interface AppDeps {
  handle: DatabaseHandle;
  logger: Logger;
  webhooks: { secrets: string[]; maxSkewSeconds: number };
  secretBox: SecretBox;
  /** Whether a worker is running (in this process, or alive in another one). */
  workerAlive: () => Promise<boolean>;
  /** Slack's interactions (Bolt's ExpressReceiver router), when Slack is configured. */
  slackRouter?: Router;
  now?: () => Date;
}

/** The HTTP side: it only verifies, records, enqueues and answers. No body parser is global. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    const checks = { database: false, migrations: false, worker: false };
    try {
      await deps.handle.sql`select 1`;
      checks.database = true;
      checks.migrations = await migrationsApplied(deps.handle);
      checks.worker = await deps.workerAlive();
    } catch (err) {
      deps.logger.warn({ err }, "readiness check failed");
    }
    const ready = checks.database && checks.migrations && checks.worker;
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not_ready", checks });
  });

  app.post(
    "/webhooks/odoo",
    express.raw({ type: () => true, limit: "1mb" }),
    createOdooWebhookRoute({
      handle: deps.handle,
      logger: deps.logger,
      secrets: deps.webhooks.secrets,
      maxSkewSeconds: deps.webhooks.maxSkewSeconds,
      secretBox: deps.secretBox,
      now: deps.now ?? (() => new Date()),
    }),
  );

  // Bolt reads and verifies its own raw body: mounted as it is, no parser in front of it.
  if (deps.slackRouter) app.use(deps.slackRouter);

  app.use((_req, res) => {
    res.status(404).json({ error: "not_found", message: "no such route" });
  });

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number; statusCode?: number };
    if (e.type === "entity.too.large") {
      res.status(413).json({ error: "payload_too_large", message: "the body is over the 1 MB limit" });
      return;
    }
    const status = e.status ?? e.statusCode;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ error: "bad_request", message: "the request could not be read" });
      return;
    }
    deps.logger.error({ err }, "unhandled error in an HTTP handler");
    res.status(500).json({ error: "internal_error", message: "the bridge could not handle the request" });
  };
  app.use(onError);
  return app;
}
