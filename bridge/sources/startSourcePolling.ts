import { cp, mkdir, readdir } from "node:fs/promises";
import type { Config } from "../config/loadConfig.ts";
import { demoInboxDir } from "../config/loadConfig.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { Logger } from "../log/createLogger.ts";

/**
 * Registers SOURCES_DIR as a folder mailbox and enqueues its scan every SOURCES_POLL_MS (one pending
 * scan at a time, by job key, however many workers poll). On a first start without configuration the
 * folder is seeded with the demo mails, so a newcomer sees orders extracted at once.
 */
export async function startSourcePolling(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  config: Config;
}): Promise<{ stop(): void }> {
  const { handle, config } = deps;
  const dir = config.sources.dir!;
  const log = deps.logger.child({ component: "sources" });
  const existed = await readdir(dir).then(
    () => true,
    () => false,
  );
  await mkdir(dir, { recursive: true });
  if (!existed && config.sources.demo) {
    await cp(demoInboxDir, dir, { recursive: true });
    log.info({ dir }, "no mailbox configured: reading the demo inbox (drop .eml files here to try your own)");
  }
  const [mailbox] = await handle.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path, module, status)
    values ('folder', ${`folder:${dir}`}, ${dir}, 'sales', 'ok')
    on conflict (folder_path) do update set active = true, updated_at = now()
    returning id`;
  const mailboxId = mailbox!.id;
  log.info(
    { dir, mailbox: mailboxId, everyMs: config.sources.pollMs },
    "reading .eml files from a local folder",
  );
  const enqueue = () =>
    enqueueJob(
      handle.sql,
      "mailbox_fetch",
      { mailboxId },
      { jobKey: `mailbox_fetch:${mailboxId}`, maxAttempts: 3 },
    ).catch((err) => log.warn({ err }, "could not enqueue the folder scan"));
  await enqueue();
  const timer = setInterval(enqueue, config.sources.pollMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
