import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { envSchema } from "./configSchema.ts";
import { ConfigError, loadConfig } from "./loadConfig.ts";

const good = {
  ODOO_WEBHOOK_SECRET: "a-long-enough-secret-1234",
  CREDENTIALS_KEY: "ab".repeat(32),
  DATABASE_URL: "postgres://u@127.0.0.1:5432/db",
};

function errorLines(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.lines;
    throw e;
  }
  return [];
}

describe("loadConfig", () => {
  it("accepts a complete environment and derives typed values", () => {
    const c = loadConfig({ ...good, PORT: "8080", ODOO_WEBHOOK_SECRET_PREVIOUS: "the-previous-secret-0000" });
    expect(c.http.port).toBe(8080);
    expect(c.webhooks.secrets).toEqual([good.ODOO_WEBHOOK_SECRET, "the-previous-secret-0000"]);
    expect(c.credentialsKey).toHaveLength(32);
  });

  it("names a missing required variable in one line", () => {
    const lines = errorLines({ ...good, ODOO_WEBHOOK_SECRET: undefined });
    expect(lines).toEqual([expect.stringMatching(/^ODOO_WEBHOOK_SECRET is missing: expected /)]);
  });

  it("names each malformed variable and what it expects", () => {
    const lines = errorLines({
      ...good,
      PORT: "eighty",
      CREDENTIALS_KEY: "short",
      DATABASE_URL: "mysql://x",
    });
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith("PORT is invalid"))).toMatch(/port/);
    expect(lines.find((l) => l.startsWith("CREDENTIALS_KEY is invalid"))).toMatch(/64 hex characters/);
    expect(lines.find((l) => l.startsWith("DATABASE_URL is invalid"))).toMatch(/PostgreSQL URL/);
  });

  it("takes Slack's Web API address from SLACK_API_URL (one trailing slash), Slack's own otherwise", () => {
    const slack = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "s3cret" };
    expect(loadConfig({ ...good, ...slack }).slack?.apiUrl).toBe("https://slack.com/api/");
    expect(
      loadConfig({ ...good, ...slack, SLACK_API_URL: "http://127.0.0.1:8099/slack-proxy/api" }).slack?.apiUrl,
    ).toBe("http://127.0.0.1:8099/slack-proxy/api/");
    expect(errorLines({ ...good, ...slack, SLACK_API_URL: "slack.com/api" })).toEqual([
      expect.stringMatching(/^SLACK_API_URL is invalid: expected an http\(s\) URL/),
    ]);
    expect(errorLines({ ...good, ...slack, SLACK_API_URL: "ftp://slack.example/api" })).toEqual([
      expect.stringMatching(/^SLACK_API_URL is invalid: expected an http\(s\) URL/),
    ]);
  });

  it("requires the ODOO_* variables together", () => {
    const lines = errorLines({ ...good, ODOO_URL: "https://erp.example.com" });
    expect(lines).toEqual([
      expect.stringMatching(/^ODOO_DB is missing/),
      expect.stringMatching(/^ODOO_USER is missing/),
      expect.stringMatching(/^ODOO_API_KEY is missing/),
    ]);
  });
});

describe(".env.example", () => {
  it("documents every variable of the schema, and nothing else", () => {
    const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
    const documented = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });
});

// The real process compiles the whole TypeScript graph through tsx before it checks anything: 3 s on
// an idle machine, 14 s measured on a loaded 2-core CI machine. The limits leave room for that.
const bootLimitMs = 90_000;

describe("the order-intake process", () => {
  const bin = fileURLToPath(new URL("../../bin/order-intake.js", import.meta.url));

  it(
    "stops at boot with a one-line message naming a malformed variable",
    () => {
      const r = spawnSync(process.execPath, [bin, "migrate"], {
        env: { PATH: process.env.PATH, ...good, CREDENTIALS_KEY: "nothex" },
        encoding: "utf8",
        timeout: bootLimitMs,
      });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toEqual([
        expect.stringMatching(/^order-intake: CREDENTIALS_KEY is invalid: expected 64 hex/),
      ]);
    },
    bootLimitMs,
  );

  it(
    "stops with a one-line message naming a missing variable in production",
    () => {
      const r = spawnSync(process.execPath, [bin, "worker"], {
        env: { PATH: process.env.PATH, NODE_ENV: "production", CREDENTIALS_KEY: good.CREDENTIALS_KEY },
        encoding: "utf8",
        timeout: bootLimitMs,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^order-intake: ODOO_WEBHOOK_SECRET is missing: expected /m);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    },
    bootLimitMs,
  );
});
