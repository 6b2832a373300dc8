import { existsSync } from "node:fs";
import { ConfigError, loadConfig } from "../config/loadConfig.ts";
import { openDatabase } from "../db/openDatabase.ts";
import { runMigrations } from "../db/runMigrations.ts";
import { createLogger } from "../log/createLogger.ts";
import { logDestinationFor } from "../log/logDestinationFor.ts";
import { runUntilSignal } from "../service/runUntilSignal.ts";
import { type ServiceMode, startService } from "../service/startService.ts";

const usage = `order-intake <command>

  start                 HTTP server and worker in one process (the main job)
  server                HTTP server only (webhooks, Slack, health)
  worker                worker only; run several against one database to scale out
  migrate               apply database migrations and exit
  extract <file.eml>    read one email and print the order found [--catalog DIR] [--json]
  eval [DIR]            run the extraction over a corpus and print accuracy [--catalog DIR] [--out DIR]
`;

async function runService(mode: ServiceMode): Promise<number> {
  const config = loadConfig(process.env, { allowDevelopmentDefaults: true });
  // a person at a terminal reads one line per email; pipes and files get JSON
  const logger = createLogger({
    level: config.logLevel,
    destination: logDestinationFor(process.stdout, config.logFormat),
  });
  if (!process.env.ODOO_WEBHOOK_SECRET) {
    logger.warn("ODOO_WEBHOOK_SECRET is not set: a random development secret is used for this run");
  }
  const handle = await openDatabase(config, logger);
  const service = await startService({ mode, config, logger, handle });
  await runUntilSignal(
    logger,
    async () => {
      await service.stop();
      await handle.close();
    },
    service.worker?.stopped,
  );
  logger.info("stopped");
  return 0;
}

async function runMigrate(): Promise<number> {
  const config = loadConfig(process.env, { allowDevelopmentDefaults: true });
  const logger = createLogger({
    level: config.logLevel,
    destination: logDestinationFor(process.stdout, config.logFormat),
  });
  const handle = await openDatabase(config, logger);
  try {
    await runMigrations(handle);
    logger.info("database migrations applied");
  } finally {
    await handle.close();
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // A .env file in the working directory is read once, before the configuration is checked.
  if (existsSync(".env")) process.loadEnvFile(".env");
  switch (command) {
    case "start":
    case "server":
    case "worker":
      return runService(command);
    case "migrate":
      return runMigrate();
    case "extract": {
      const { extractCommand } = await import("../extract/extractCommand.ts");
      return extractCommand(rest);
    }
    case "eval": {
      const { evalCommand } = await import("../eval/evalCommand.ts");
      return evalCommand(rest);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`order-intake: unknown command "${command}"\n\n${usage}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      for (const line of err.lines) process.stderr.write(`order-intake: ${line}\n`);
    } else {
      process.stderr.write(
        `order-intake: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  },
);
