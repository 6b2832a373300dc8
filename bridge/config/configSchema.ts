import { z } from "zod";
import { DEFAULT_CLAUDE_MODEL } from "../extract/llm/modelPricing.ts";

const port = z.coerce
  .number({ invalid_type_error: "a TCP port number" })
  .int("a whole number")
  .min(0, "a port between 0 and 65535")
  .max(65535, "a port between 0 and 65535");

const positiveInt = (what: string) =>
  z.coerce.number({ invalid_type_error: what }).int(`${what} (a whole number)`).positive(`${what} above 0`);

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, "a PostgreSQL URL such as postgres://user:pass@host:5432/db");

const hexKey32 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "64 hex characters (a 32-byte key: `openssl rand -hex 32`)");

const secret = z.string().min(16, "a secret of at least 16 characters");

/**
 * Every environment variable the bridge reads. `.env.example` documents each one; keep them in step.
 * Values are strings in the environment; the schema coerces and checks them once at boot.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: port.default(3000),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: port.default(54329),
  WORKER_CONCURRENCY: positiveInt("a number of concurrent jobs").default(4),
  WORKER_HEARTBEAT_MS: positiveInt("milliseconds between worker heartbeats").default(5000),
  WORKER_STALE_AFTER_MS: positiveInt("milliseconds after which a silent worker's jobs are released").default(
    30000,
  ),
  ODOO_WEBHOOK_SECRET: secret,
  ODOO_WEBHOOK_SECRET_PREVIOUS: secret.optional(),
  WEBHOOK_MAX_SKEW_SECONDS: positiveInt("a number of seconds").default(300),
  CREDENTIALS_KEY: hexKey32,
  SOURCES_DIR: z.string().min(1).optional(),
  SOURCES_POLL_MS: positiveInt("milliseconds between scans of SOURCES_DIR").default(5000),
  IMAP_POLL_MS: positiveInt("milliseconds between polls of an IMAP mailbox (IDLE wakes it sooner)").default(
    300000,
  ),
  IMAP_RECONNECT_MAX_MS: positiveInt("the longest wait before reconnecting to IMAP, in milliseconds").default(
    300000,
  ),
  IMAP_WATCH_MS: positiveInt("milliseconds between checks for mailboxes to watch").default(15000),
  MAX_ATTACHMENT_BYTES: positiveInt("a size in bytes").default(25 * 1024 * 1024),
  CATALOG_DIR: z.string().min(1).optional(),
  OWN_EMAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/i, "an email domain such as mycompany.com")
    .default("ourcompany.example"),
  MAX_MESSAGE_BYTES: positiveInt("a size in bytes").default(40 * 1024 * 1024),
  ODOO_URL: z.string().url("a URL such as https://erp.example.com").optional(),
  ODOO_DB: z.string().min(1).optional(),
  ODOO_USER: z.string().min(1).optional(),
  ODOO_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_MODEL: z.string().min(1).default(DEFAULT_CLAUDE_MODEL),
  ANTHROPIC_TOKENS_PER_EMAIL: positiveInt("a number of tokens one email may use").default(100_000),
  ANTHROPIC_DAILY_COST_USD: z.coerce
    .number({ invalid_type_error: "USD per day (a number such as 20)" })
    .min(0, "USD per day, 0 or more")
    .default(20),
  OCR_CONCURRENCY: positiveInt("a number of pages read by OCR at the same time").default(1),
  OCR_PAGE_TIMEOUT_MS: positiveInt("milliseconds allowed for the OCR of one page").default(30000),
  SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", "a bot token starting with xoxb-").optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_CHANNEL: z
    .string()
    .regex(
      /^(#[a-z0-9._-]+|[CG][A-Z0-9]+)$/,
      "a channel name such as #orders or a channel id such as C0123ABCD",
    )
    .optional(),
  SLACK_API_URL: z
    .string()
    .url("an http(s) URL such as https://slack.com/api/")
    .regex(/^https?:\/\//i, "an http(s) URL such as https://slack.com/api/")
    .optional(),
  ODOO_PUBLIC_URL: z.string().url("a URL such as https://erp.example.com").optional(),
  REPORTS_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, "an SMTP URL such as smtps://user:password@smtp.example.com:465")
    .optional(),
  REPORTS_FROM: z.string().min(3).default("Order Intake <order-intake@localhost>"),
  // P14: internal hosts (host names or IPs, comma-separated) outbound events may reach
  OUTBOUND_ALLOWED_HOSTS: z.string().default(""),
  SCHEDULER_TICK_SECONDS: positiveInt(
    "seconds between checks for due reports and new outbound events",
  ).default(60),
});

export type Env = z.infer<typeof envSchema>;
