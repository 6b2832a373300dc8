import type { Server } from "node:http";
import { syncCatalog } from "../catalog/syncCatalog.ts";
import type { Config } from "../config/loadConfig.ts";
import { createSecretBox, type SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { runMigrations } from "../db/runMigrations.ts";
import { loadCsvCatalog } from "../extract/match/catalog.ts";
import { createOcrEngine, type OcrEngine } from "../extract/ocr/createOcrEngine.ts";
import { createApp } from "../http/createApp.ts";
import type { DefinedTask } from "../jobs/defineTask.ts";
import { startWorker, type WorkerHandle } from "../jobs/startWorker.ts";
import { createCatalogSyncTask, scheduleCatalogSync } from "../jobs/tasks/catalogSync.ts";
import { createMailboxFetchTask } from "../jobs/tasks/mailboxFetch.ts";
import { createMessageProcessTask } from "../jobs/tasks/messageProcess.ts";
import { createNotifyEmailTask } from "../jobs/tasks/notifyEmail.ts";
import { createOdooAliasWriteTask } from "../jobs/tasks/odooAliasWrite.ts";
import { createOdooApplyModuleTask } from "../jobs/tasks/odooApplyModule.ts";
import { createOdooCompleteDraftTask } from "../jobs/tasks/odooCompleteDraft.ts";
import { createOdooEventHandleTask } from "../jobs/tasks/odooEventHandle.ts";
import { createOdooIntakeLogTask } from "../jobs/tasks/odooIntakeLog.ts";
import { createOdooLogDuplicateTask } from "../jobs/tasks/odooLogDuplicate.ts";
import { createOdooLogFailedTask } from "../jobs/tasks/odooLogFailed.ts";
import { createOdooOrderActionTasks } from "../jobs/tasks/odooOrderAction.ts";
import { createOdooWriteDraftTask } from "../jobs/tasks/odooWriteDraft.ts";
import type { Logger } from "../log/createLogger.ts";
import { lazyOdooClient } from "../odoo/lazyOdooClient.ts";
import { createOutboundTasks, scheduleOutboundTick } from "../outbound/outboundTasks.ts";
import { createExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createReportMailer } from "../reports/createReportMailer.ts";
import { createReportTasks, scheduleReportsTick } from "../reports/reportTasks.ts";
import { createSlackRouter } from "../slack/createSlackRouter.ts";
import { requestSlackApproval, slackTasksFor } from "../slack/createSlackTasks.ts";
import { odooStatusWriter } from "../sources/imap/odooStatusWriter.ts";
import { startImapWatcher } from "../sources/imap/startImapWatcher.ts";
import { startSourcePolling } from "../sources/startSourcePolling.ts";
import { routeReply } from "../threads/routeReply.ts";
import { createThreadTasks } from "../threads/threadTasks.ts";

export type ServiceMode = "start" | "server" | "worker";

export interface RunningService {
  /** The port the HTTP server listens on (when it runs). */
  port?: number;
  worker?: WorkerHandle;
  stop(): Promise<void>;
}

/** The tasks every worker runs; later issues add theirs here. */
export async function createTasks(deps: {
  handle: DatabaseHandle;
  config: Config;
  logger: Logger;
  /** OCR worker pool for scans (created and closed by the caller); without it scans go to review. */
  ocrEngine?: OcrEngine;
  /** Seals and opens mailbox passwords (one per process). */
  secretBox: SecretBox;
  /** The process's one Odoo client, made on first use. */
  odoo: ReturnType<typeof lazyOdooClient>;
}): Promise<DefinedTask[]> {
  const { handle, config, secretBox, odoo } = deps;
  const catalog = await loadCsvCatalog(config.catalogDir, config.ownEmailDomain);
  const extractorFor = await createExtractorFactory({
    handle,
    catalog,
    anthropic: config.anthropic,
    odooDatabase: config.odoo?.db ?? "local",
    catalogCache: config.odoo !== undefined,
    ocr: deps.ocrEngine ? { engine: deps.ocrEngine, pageTimeoutMs: config.ocr.pageTimeoutMs } : undefined,
  });
  const mailboxStatus = config.odoo ? odooStatusWriter(odoo, config.odoo.db) : undefined;
  // Retry from Odoo: the catalog cache is synced before the email is read again
  const refreshCatalog = config.odoo
    ? async () => {
        await syncCatalog({ handle, client: await odoo(), odooDatabase: config.odoo!.db, full: false });
        extractorFor.refresh?.();
      }
    : undefined;
  return [
    createOdooEventHandleTask({
      handle,
      secretBox,
      odoo: config.odoo ? odoo : undefined,
      dataDir: config.dataDir,
      mailboxStatus,
    }) as DefinedTask,
    createMailboxFetchTask({
      handle,
      maxMessageBytes: config.maxMessageBytes,
      maxAttachmentBytes: config.imap.maxAttachmentBytes,
      secretBox,
      writeStatus: mailboxStatus,
    }) as DefinedTask,
    createNotifyEmailTask({
      handle,
      secretBox,
      odooConfigured: config.odoo !== undefined,
      writeStatus: mailboxStatus,
    }) as DefinedTask,
    createMessageProcessTask({
      handle,
      extractorFor,
      odooConfigured: config.odoo !== undefined,
      languageOf: (ref) => catalog.customers.find((c) => c.ref === ref)?.language ?? null,
      // the CSV catalog names customers only when it is the catalog read (no Odoo: its cache is)
      customerNameOf: config.odoo
        ? undefined
        : (ref) => catalog.customers.find((c) => c.ref === ref)?.name ?? null,
      routeReply: config.odoo ? routeReply : undefined,
      refreshCatalog,
    }) as DefinedTask,
    createOdooCompleteDraftTask({ handle, odoo, extractorFor, refreshCatalog }) as DefinedTask,
    createOdooWriteDraftTask({
      handle,
      odoo,
      onDraftWritten: config.slack ? requestSlackApproval : undefined,
    }) as DefinedTask,
    createOdooAliasWriteTask({ handle, odoo }) as DefinedTask,
    createOdooLogDuplicateTask({ handle, odoo }) as DefinedTask,
    createOdooLogFailedTask({ handle, odoo }) as DefinedTask,
    createOdooIntakeLogTask({ handle, odoo }) as DefinedTask,
    createCatalogSyncTask({ handle, odoo, odooDatabase: config.odoo?.db ?? "local" }) as DefinedTask,
    createOdooApplyModuleTask({ handle, odoo }) as DefinedTask,
    ...(createOdooOrderActionTasks({ handle, odoo }) as DefinedTask[]),
    ...slackTasksFor({ handle, config, odoo }),
    ...(createReportTasks({
      handle,
      odoo: config.odoo ? odoo : undefined,
      mailer: config.reports.smtpUrl ? createReportMailer(config.reports.smtpUrl) : undefined,
      from: config.reports.from,
      tickSeconds: config.reports.tickSeconds,
    }) as DefinedTask[]),
    ...(createOutboundTasks({
      handle,
      secretBox,
      tickSeconds: config.reports.tickSeconds,
      allowedHosts: config.outboundAllowedHosts, // P14
    }) as DefinedTask[]),
    ...(createThreadTasks({ handle, odoo }) as DefinedTask[]),
  ];
}

/**
 * Starts the server, the worker, or both (`start`) on an open database: migrations first, then the
 * parts. The returned `stop` is graceful: the server stops accepting, running jobs finish.
 */
export async function startService(deps: {
  mode: ServiceMode;
  config: Config;
  logger: Logger;
  handle: DatabaseHandle;
  extraTasks?: DefinedTask[];
}): Promise<RunningService> {
  const { config, logger, handle, mode } = deps;
  await runMigrations(handle);
  logger.info("database migrations applied");

  const secretBox = createSecretBox(config.credentialsKey);
  const odoo = lazyOdooClient(config.odoo);
  let worker: WorkerHandle | undefined;
  // tesseract workers start with the first scan and end with the service
  const ocrEngine = mode === "start" || mode === "worker" ? createOcrEngine(config.ocr) : undefined;
  if (mode === "start" || mode === "worker") {
    worker = await startWorker({
      handle,
      logger,
      tasks: [
        ...(await createTasks({ handle, config, logger, ocrEngine, secretBox, odoo })),
        ...(deps.extraTasks ?? []),
      ],
      options: config.worker,
    });
  }
  if (worker) {
    // the periodic checks (due reports, new outbound events): one pending job each, whatever the workers
    await scheduleReportsTick(handle, 0);
    await scheduleOutboundTick(handle, 0);
    // the catalog cache follows Odoo (products, customers): first sync now, then every few minutes
    if (config.odoo) await scheduleCatalogSync(handle.sql, 0);
  }
  const sourcePoll =
    worker && config.sources.dir ? await startSourcePolling({ handle, logger, config }) : undefined;
  // IMAP mailboxes configured in Odoo: IDLE per mailbox, one holder per mailbox across processes.
  const imapWatcher = worker
    ? await startImapWatcher({
        handle,
        logger,
        secretBox,
        options: { ...config.imap, maxMessageBytes: config.maxMessageBytes },
        writeStatus: config.odoo ? odooStatusWriter(odoo, config.odoo.db) : undefined,
      })
    : undefined;

  let server: Server | undefined;
  let port: number | undefined;
  if (mode === "start" || mode === "server") {
    const app = createApp({
      handle,
      logger,
      webhooks: config.webhooks,
      secretBox,
      slackRouter: config.slack ? createSlackRouter({ handle, logger, ...config.slack }) : undefined,
      workerAlive: async () => {
        if (worker) return worker.isRunning();
        const rows = await handle.sql`
          select 1 from order_intake.worker_heartbeats
          where beat_at > now() - make_interval(secs => ${config.worker.staleAfterMs / 1000}) limit 1`;
        return rows.length > 0;
      },
    });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.http.port, config.http.host, () => resolve(s));
      s.once("error", reject);
    });
    const address = server.address();
    port = typeof address === "object" && address ? address.port : config.http.port;
    logger.info({ host: config.http.host, port }, "HTTP server listening");
  }

  return {
    port,
    worker,
    async stop() {
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeAllConnections?.();
      }
      sourcePoll?.stop();
      await imapWatcher?.stop();
      if (worker) await worker.stop();
      await ocrEngine?.close();
    },
  };
}
