import { randomBytes } from "node:crypto";
import path from "node:path";
import type { ZodIssue } from "zod";
import { type Env, envSchema } from "./configSchema.ts";
import { packageRoot } from "./packageRoot.ts";

/** The demo catalog shipped with the bridge, used when CATALOG_DIR is not set. */
export const demoCatalogDir = path.join(packageRoot(), "bridge", "demo", "catalog");
/** The demo mails copied into the default inbox on a first start without configuration. */
export const demoInboxDir = path.join(packageRoot(), "bridge", "demo", "inbox");

/** The bridge's configuration, validated once at boot and passed down explicitly. */
export interface Config {
  env: Env["NODE_ENV"];
  logLevel: Env["LOG_LEVEL"];
  /** auto: one summary line per email on a terminal, JSON otherwise; pretty / json force one. */
  logFormat: Env["LOG_FORMAT"];
  http: { host: string; port: number };
  database: { url: string | undefined; embedded: { dataDir: string; port: number } };
  dataDir: string;
  worker: { concurrency: number; heartbeatMs: number; staleAfterMs: number };
  webhooks: { secrets: string[]; maxSkewSeconds: number };
  credentialsKey: Buffer;
  /** A local folder of .eml files read as a mailbox; `demo` when it is the seeded default. */
  sources: { dir: string | undefined; pollMs: number; demo: boolean };
  /** CSV catalog (products, customers, vendors); the Odoo catalog comes with P3. */
  catalogDir: string;
  ownEmailDomain: string;
  maxMessageBytes: number;
  /** IMAP mailboxes: poll fallback, reconnect cap, watcher rescan, attachment size limit. */
  imap: { pollMs: number; reconnectMaxMs: number; watchMs: number; maxAttachmentBytes: number };
  odoo: { url: string; db: string; user: string; apiKey: string } | undefined;
  /** Claude as a reader; the budgets are the defaults until Odoo's settings name them. */
  anthropic: { apiKey: string; model: string; tokensPerEmail: number; dailyCostUsd: number } | undefined;
  ocr: { concurrency: number; pageTimeoutMs: number };
  /** Slack approvals; `channel` is used when Odoo's settings name none for the module. */
  slack:
    | {
        botToken: string;
        signingSecret: string;
        channel: string | undefined;
        /** Slack's Web API base (SLACK_API_URL): a proxy, or a local stand-in in tests. Always ends with `/`. */
        apiUrl: string;
      }
    | undefined;
  /** Scheduled reports (P8): SMTP for sending them, sender, and the scheduler's tick. */
  reports: { smtpUrl: string | undefined; from: string; tickSeconds: number };
  /** P14: internal hosts an admin allowed outbound events to reach. */
  outboundAllowedHosts: string[];
  /** The Odoo address people open (links in Slack); ODOO_URL when unset. */
  odooPublicUrl: string | undefined;
}

/** Thrown when the environment is wrong; `lines` has one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(`Invalid configuration:\n${lines.join("\n")}`);
    this.name = "ConfigError";
  }
}

function describeIssue(issue: ZodIssue, env: Record<string, string | undefined>): string {
  const name = String(issue.path[0] ?? "?");
  if (env[name] === undefined || env[name] === "") {
    return `${name} is missing: expected ${issue.message === "Required" ? "a value" : issue.message}`;
  }
  return `${name} is invalid: expected ${issue.message}`;
}

export interface LoadConfigOptions {
  /**
   * With no configuration at all, the main job still runs for a newcomer: development secrets are
   * generated for this process and the embedded database is used. Never in production.
   */
  allowDevelopmentDefaults?: boolean;
}

/** Slack's Web API base: SLACK_API_URL with one trailing slash, else Slack's own address. */
export function slackApiUrl(value: string | undefined): string {
  return value ? `${value.replace(/\/+$/, "")}/` : "https://slack.com/api/";
}

/** Reads and checks the environment once. Throws ConfigError naming every wrong variable. */
export function loadConfig(
  rawEnv: Record<string, string | undefined>,
  options: LoadConfigOptions = {},
): Config {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(rawEnv)) env[k] = v === "" ? undefined : v;
  if (options.allowDevelopmentDefaults && env.NODE_ENV !== "production") {
    env.ODOO_WEBHOOK_SECRET ??= `dev-${randomBytes(16).toString("hex")}`;
    env.CREDENTIALS_KEY ??= randomBytes(32).toString("hex");
  }
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      if (seen.has(name)) continue;
      seen.add(name);
      lines.push(describeIssue(issue, env));
    }
    throw new ConfigError(lines);
  }
  const e = parsed.data;
  const lines: string[] = [];
  const odooParts = [e.ODOO_URL, e.ODOO_DB, e.ODOO_USER, e.ODOO_API_KEY];
  if (odooParts.some(Boolean) && !odooParts.every(Boolean)) {
    for (const [name, v] of [
      ["ODOO_URL", e.ODOO_URL],
      ["ODOO_DB", e.ODOO_DB],
      ["ODOO_USER", e.ODOO_USER],
      ["ODOO_API_KEY", e.ODOO_API_KEY],
    ] as const) {
      if (!v) lines.push(`${name} is missing: expected a value when the other ODOO_* variables are set`);
    }
  }
  if (Boolean(e.SLACK_BOT_TOKEN) !== Boolean(e.SLACK_SIGNING_SECRET)) {
    const name = e.SLACK_BOT_TOKEN ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN";
    lines.push(`${name} is missing: expected a value when the other SLACK_* variable is set`);
  }
  if (e.NODE_ENV === "production" && !e.DATABASE_URL) {
    lines.push(
      "DATABASE_URL is missing: expected a PostgreSQL URL in production (the embedded one is for trying out)",
    );
  }
  if (lines.length > 0) throw new ConfigError(lines);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    http: { host: e.HOST, port: e.PORT },
    database: {
      url: e.DATABASE_URL,
      embedded: { dataDir: path.join(dataDir, "postgres"), port: e.EMBEDDED_PG_PORT },
    },
    dataDir,
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      heartbeatMs: e.WORKER_HEARTBEAT_MS,
      staleAfterMs: e.WORKER_STALE_AFTER_MS,
    },
    webhooks: {
      secrets: [
        e.ODOO_WEBHOOK_SECRET,
        ...(e.ODOO_WEBHOOK_SECRET_PREVIOUS ? [e.ODOO_WEBHOOK_SECRET_PREVIOUS] : []),
      ],
      maxSkewSeconds: e.WEBHOOK_MAX_SKEW_SECONDS,
    },
    credentialsKey: Buffer.from(e.CREDENTIALS_KEY, "hex"),
    sources: {
      dir: e.SOURCES_DIR
        ? path.resolve(e.SOURCES_DIR)
        : options.allowDevelopmentDefaults && e.NODE_ENV !== "production" && !e.ODOO_URL
          ? path.join(dataDir, "inbox")
          : undefined,
      pollMs: e.SOURCES_POLL_MS,
      demo:
        !e.SOURCES_DIR &&
        Boolean(options.allowDevelopmentDefaults) &&
        e.NODE_ENV !== "production" &&
        !e.ODOO_URL,
    },
    catalogDir: e.CATALOG_DIR ? path.resolve(e.CATALOG_DIR) : demoCatalogDir,
    ownEmailDomain: e.OWN_EMAIL_DOMAIN.toLowerCase(),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    imap: {
      pollMs: e.IMAP_POLL_MS,
      reconnectMaxMs: e.IMAP_RECONNECT_MAX_MS,
      watchMs: e.IMAP_WATCH_MS,
      maxAttachmentBytes: e.MAX_ATTACHMENT_BYTES,
    },
    odoo:
      e.ODOO_URL && e.ODOO_DB && e.ODOO_USER && e.ODOO_API_KEY
        ? { url: e.ODOO_URL, db: e.ODOO_DB, user: e.ODOO_USER, apiKey: e.ODOO_API_KEY }
        : undefined,
    anthropic: e.ANTHROPIC_API_KEY
      ? {
          apiKey: e.ANTHROPIC_API_KEY,
          model: e.ANTHROPIC_MODEL,
          tokensPerEmail: e.ANTHROPIC_TOKENS_PER_EMAIL,
          dailyCostUsd: e.ANTHROPIC_DAILY_COST_USD,
        }
      : undefined,
    ocr: { concurrency: e.OCR_CONCURRENCY, pageTimeoutMs: e.OCR_PAGE_TIMEOUT_MS },
    reports: { smtpUrl: e.REPORTS_SMTP_URL, from: e.REPORTS_FROM, tickSeconds: e.SCHEDULER_TICK_SECONDS },
    outboundAllowedHosts: e.OUTBOUND_ALLOWED_HOSTS.split(",")
      .map((h) => h.trim())
      .filter(Boolean),
    slack:
      e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            channel: e.SLACK_CHANNEL,
            apiUrl: slackApiUrl(e.SLACK_API_URL),
          }
        : undefined,
    odooPublicUrl: e.ODOO_PUBLIC_URL ?? e.ODOO_URL,
  };
}
