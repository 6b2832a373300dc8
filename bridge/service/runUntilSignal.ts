import type { Logger } from "../log/createLogger.ts";

/**
 * Keeps a service running until SIGTERM or SIGINT, then stops it gracefully: the HTTP server stops
 * accepting, running jobs finish and release their locks, the database closes. A second signal exits
 * at once.
 */
export function runUntilSignal(
  logger: Logger,
  stop: () => Promise<void>,
  stopped?: Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, "second signal: exiting now");
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, "shutting down: finishing running jobs");
      stop().then(resolve, (err) => {
        logger.error({ err }, "shutdown failed");
        resolve();
      });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
    stopped?.then(() => {
      if (!stopping) onSignal("SIGTERM");
    });
  });
}
