import { execFileSync, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createLogger } from "./createLogger.ts";
import { logDestinationFor } from "./logDestinationFor.ts";

function fakeStdout(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => written.push(s) };
}

const decided = {
  kind: "sales_order",
  customerName: "ACME GmbH",
  po: "4500018872",
  orders: 1,
  lines: 4,
  confidence: 0.97,
  expect: "draft",
  why: ["Known sender buyer@acme.example"],
};

describe("the log destination follows stdout: a summary on a terminal, JSON otherwise", () => {
  it("on a terminal: one summary line per email, warnings in one line, job detail left out", () => {
    const out = fakeStdout(true);
    const log = createLogger({ level: "info", destination: logDestinationFor(out, "auto", {}) });
    log.info(decided, "message read and decided");
    log.info({ task: "mailbox_fetch", enqueued: 3 }, "source folder scanned");
    log.warn(
      { task: "odoo_write_draft", err: { message: "Odoo unreachable" } },
      "job failed; it will be retried",
    );
    const text = out.written.join("").replace(/\u001b\[\d+m/g, "");
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d ✓ ACME GmbH · PO 4500018872 · 4 lines · 97 % · draft$/);
    expect(lines[1]).toMatch(/^\s+Known sender buyer@acme\.example$/);
    expect(lines[2]).toMatch(/! job failed; it will be retried \(odoo_write_draft\): Odoo unreachable$/);
    expect(lines).toHaveLength(3);
    expect(text).not.toContain("{");
    // a terminal gets colours, unless NO_COLOR
    expect(out.written.join("")).toContain("\u001b[");
    const plain = fakeStdout(true);
    createLogger({ level: "info", destination: logDestinationFor(plain, "auto", { NO_COLOR: "1" }) }).info(
      decided,
      "message read and decided",
    );
    expect(plain.written.join("")).not.toContain("\u001b[");
  });

  it("not a terminal (a pipe, a file, a collector): pino's JSON lines, every field kept", () => {
    const out = fakeStdout(false);
    const log = createLogger({ level: "info", destination: logDestinationFor(out, "auto", {}) });
    log.info(decided, "message read and decided");
    const entry = JSON.parse(out.written.join(""));
    expect(entry).toMatchObject({ msg: "message read and decided", po: "4500018872", expect: "draft" });
  });

  it("LOG_FORMAT forces either", () => {
    const json = fakeStdout(true);
    createLogger({ level: "info", destination: logDestinationFor(json, "json", {}) }).info(
      decided,
      "message read and decided",
    );
    expect(JSON.parse(json.written.join("")).lines).toBe(4);
    const pretty = fakeStdout(false);
    createLogger({ level: "info", destination: logDestinationFor(pretty, "pretty", {}) }).info(
      decided,
      "message read and decided",
    );
    expect(pretty.written.join("")).toMatch(/✓ ACME GmbH · PO 4500018872/);
    // no colours where stdout is not a terminal
    expect(pretty.written.join("")).not.toContain("\u001b[");
  });

  const script = (() => {
    try {
      execFileSync("script", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  const fixture = fileURLToPath(new URL("../test/fixtures/logOneEmail.ts", import.meta.url));
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

  it.skipIf(!script)(
    "a real process: JSON through a pipe, the summary on a pseudo-terminal (script)",
    () => {
      const piped = spawnSync(tsx, [fixture], { encoding: "utf8", timeout: 60_000 });
      expect(piped.status).toBe(0);
      const entries = piped.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(entries.map((e) => e.msg)).toEqual(["message read and decided", "worker started"]);

      const tty = spawnSync("script", ["-qfec", `${tsx} ${fixture}`, "/dev/null"], {
        encoding: "utf8",
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: "1" },
      });
      expect(tty.status).toBe(0);
      const shown = tty.stdout.replace(/\r/g, "").trim().split("\n");
      expect(shown).toHaveLength(2);
      expect(shown[0]).toMatch(/^\d\d:\d\d:\d\d ✓ ACME GmbH · PO 4500018872 · 4 lines · 97 % · draft$/);
      expect(shown[1]).toMatch(/Known sender buyer@acme\.example$/);
    },
    90_000,
  );
});
