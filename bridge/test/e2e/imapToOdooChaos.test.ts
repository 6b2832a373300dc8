import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dovecotUnavailable } from "../dovecot/startDovecot.ts";
import { testSecret } from "../startTestService.ts";
import { waitFor } from "../waitFor.ts";
import { acmeOrder, e2eMails } from "./e2eMails.ts";
import { catalogSynced, type E2e, e2eCatalogDir, liveOdooFromEnv, startE2e } from "./startE2e.ts";

/**
 * Acceptance 2 of P12: the same path as imapToOdoo.test.ts with the worker (IMAP watcher and every
 * job) in its own process, SIGKILLed at random points while the mails are read and written, and
 * started again: every email still ends with exactly one intake log entry, drafts are never doubled,
 * each keeps its files, nothing is lost.
 */
const unavailable = dovecotUnavailable();
const live = liveOdooFromEnv();
const main = fileURLToPath(new URL("../../cli/main.ts", import.meta.url));

describe.skipIf(unavailable !== null)(
  "IMAP -> bridge -> Odoo with the worker SIGKILLed at random points",
  () => {
    let e: E2e;
    let worker: ChildProcess | null = null;
    const run = randomBytes(3).toString("hex");
    const spawnWorker = async () => {
      const child = spawn(process.execPath, ["--import", "tsx", main, "worker"], {
        env: {
          ...process.env,
          NODE_ENV: "test",
          DATABASE_URL: e.db.url,
          ODOO_URL: e.odoo.url,
          ODOO_DB: e.odoo.db,
          ODOO_USER: e.odoo.user,
          ODOO_API_KEY: e.odoo.apiKey,
          ODOO_WEBHOOK_SECRET: testSecret,
          CREDENTIALS_KEY: "11".repeat(32),
          CATALOG_DIR: e2eCatalogDir,
          IMAP_POLL_MS: "2000",
          IMAP_WATCH_MS: "500",
          WORKER_HEARTBEAT_MS: "300",
          WORKER_STALE_AFTER_MS: "1500",
          WORKER_CONCURRENCY: "4",
          LOG_LEVEL: "error",
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      worker = child;
      return child;
    };

    beforeAll(async () => {
      e = await startE2e({ live, mode: "server" });
    }, 900_000);
    afterAll(async () => {
      worker?.kill("SIGKILL");
      await e?.stop();
    });

    it("nothing lost, nothing doubled, one entry per email with its files", async () => {
      const mails = await e2eMails(`k${run}`);
      const orders = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          acmeOrder(`K${run}${i}`, `<chaos-${run}-${i}@e2e.example>`, 1 + (i % 4)),
        ),
      );
      const outcome = [
        mails.clean,
        mails.unknownProduct,
        mails.unknownCustomer,
        mails.unreadable,
        mails.quotation,
        mails.vendorBill,
        mails.terms1,
        mails.terms2,
      ];
      const ids = [
        ...[
          "clean",
          "unknown-product",
          "unknown-customer",
          "unreadable",
          "quotation",
          "vendor-bill",
          "terms-1",
          "terms-2",
        ].map((n) => mails.id(n)),
        ...orders.map((_, i) => `<chaos-${run}-${i}@e2e.example>`),
      ];
      await spawnWorker();
      // the worker fills the catalog cache from Odoo before any mail is read
      await catalogSynced(e.db, e.odoo.db);
      await e.append([...outcome, ...orders]);
      // kills at random moments while the mails are read and written
      let kills = 0;
      const deadline = Date.now() + 150_000;
      const settledCount = async () => {
        const logs = await e.client.searchRead<{ message_id: string; status: string }>(
          "order.intake.log",
          [["message_id", "in", ids]],
          ["message_id", "status"],
        );
        return logs.filter((l) => l.status !== "pending").length;
      };
      while (kills < 6 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 1500));
        worker!.kill("SIGKILL");
        kills++;
        await spawnWorker();
      }
      await waitFor(async () => (await settledCount()) >= ids.length, {
        what: "every email settled in Odoo after the kills",
        timeoutMs: 180_000,
      });
      await waitFor(
        async () =>
          (
            await e.db
              .sql`select 1 from order_intake.messages where moved_at is null or status in ('received', 'processing')`
          ).length === 0,
        { what: "every message final and moved", timeoutMs: 60_000 },
      );
      expect(kills).toBe(6);
      const logs = await e.client.searchRead<{
        message_id: string;
        res_model: string | false;
        res_id: number;
        status: string;
        id: number;
      }>("order.intake.log", [["message_id", "in", ids]], ["message_id", "res_model", "res_id", "status"]);
      // exactly one entry per email, each with its source files
      expect(logs.map((l) => l.message_id).sort()).toEqual([...ids].sort());
      for (const l of logs) {
        const files = await e.client.search("ir.attachment", [
          ["res_model", "=", "order.intake.log"],
          ["res_id", "=", l.id],
        ]);
        expect(files.length, l.message_id).toBeGreaterThanOrEqual(1);
      }
      if (process.env.E2E_DEBUG) {
        console.log(logs.map((l) => [l.message_id, l.status, l.res_model]));
        console.log(
          await e.db
            .sql`select odoo_database, ref, is_customer, emails, domains from order_intake.catalog_partners where ref = 'C-1001'`,
        );
        console.log(
          await e.db
            .sql`select m.message_id, m.status, d.action, d.customer_ref, (select string_agg(r->>'code', ',') from jsonb_array_elements(d.reasons) r) as codes, (select string_agg(x.state || ':' || coalesce(x.error, ''), ',') from order_intake.drafts x where x.message_id = m.id) as drafts from order_intake.messages m left join order_intake.decisions d on d.message_id = m.id`,
        );
      }
      // drafts where the rules say, never two for one email
      const drafted = logs.filter((l) => l.res_model === "sale.order");
      expect(drafted.map((l) => l.message_id).sort()).toEqual(
        [
          mails.id("clean"),
          mails.id("unknown-product"),
          mails.id("terms-1"),
          mails.id("terms-2"),
          ...orders.map((_, i) => `<chaos-${run}-${i}@e2e.example>`),
        ].sort(),
      );
      for (const id of ids) {
        const count = (await e.client.search("sale.order", [["order_intake_message_id", "=", id]])).length;
        expect(count, id).toBe(drafted.some((l) => l.message_id === id) ? 1 : 0);
      }
      for (const l of drafted) {
        const files = await e.client.search("ir.attachment", [
          ["res_model", "=", "sale.order"],
          ["res_id", "=", l.res_id],
        ]);
        expect(files.length, l.message_id).toBeGreaterThanOrEqual(1);
      }
      for (const name of ["unknown-customer", "unreadable", "quotation"]) {
        expect(logs.find((l) => l.message_id === mails.id(name))?.status, name).toBe("to_review");
      }
    }, 400_000);
  },
);
