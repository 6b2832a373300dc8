import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";
import { createSecretBox } from "../../crypto/secretBox.ts";
import { createLogger } from "../../log/createLogger.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import type { OdooDelivery } from "../../webhooks/odooDelivery.ts";
import { odooEventHandlers } from "../../webhooks/odooEventHandlers.ts";
import { sealPasswords } from "../../webhooks/recordDelivery.ts";
import { type DovecotUser, type RunningDovecot, startDovecot } from "../dovecot/startDovecot.ts";
import { createOdooStandIn, type OdooStandIn } from "../odooStandIn/createOdooStandIn.ts";
import { startTestService } from "../startTestService.ts";
import type { TestDatabase } from "../testDatabase.ts";
import { waitFor } from "../waitFor.ts";
import { loadTestCatalog } from "./loadTestCatalog.ts";

/** The catalog the end-to-end runs load into Odoo (a copy of corpus files kept in the repository). */
export const e2eCatalogDir = fileURLToPath(
  new URL("../../modules/__fixtures__/corpus/catalog", import.meta.url),
);

/**
 * Waits for the first catalog sync from Odoo into the bridge's cache to be complete (the last
 * customer and the last product of the test catalog are in it): mail read before would be matched
 * against a partial catalog.
 */
export async function catalogSynced(db: TestDatabase, odooDatabase: string): Promise<void> {
  await waitFor(
    async () =>
      (
        await db.sql`
          select 1 from order_intake.catalog_partners
          where odoo_database = ${odooDatabase} and ref in ('C-1001', 'C-1020')`
      ).length === 2 &&
      (
        await db.sql`
          select 1 from order_intake.catalog_products
          where odoo_database = ${odooDatabase} and default_code = 'LAB-5901'`
      ).length === 1,
    { what: "the first catalog sync", timeoutMs: 120_000 },
  );
}

/** A real Odoo named by ODOO_URL, ODOO_DB, ODOO_USER, ODOO_API_KEY (all four), else null. */
export function liveOdooFromEnv(env = process.env) {
  const { ODOO_URL, ODOO_DB, ODOO_USER, ODOO_API_KEY } = env;
  return ODOO_URL && ODOO_DB && ODOO_USER && ODOO_API_KEY
    ? { url: ODOO_URL, db: ODOO_DB, user: ODOO_USER, apiKey: ODOO_API_KEY }
    : null;
}

export interface E2e {
  db: TestDatabase;
  dovecot: RunningDovecot;
  /** The stand-in, or null against a real Odoo. */
  standIn: OdooStandIn | null;
  odoo: { url: string; db: string; user: string; apiKey: string };
  client: OdooClient;
  /**
   * The client that seeds what a person or an administrator would make (catalog, mailbox, users,
   * customers): against a real Odoo the administrator of ODOO_ADMIN_USER / ODOO_ADMIN_API_KEY when
   * set (the bridge's user rightly may not create them), else `client`.
   */
  seed: OdooClient;
  service: Awaited<ReturnType<typeof startTestService>>;
  /** The mailbox in Odoo (order.intake.mailbox id) and in the bridge. */
  mailbox: { odooId: number; bridgeId: number; user: DovecotUser };
  partners: Map<string, number>;
  products: Map<string, number>;
  /** Appends mails to the mailbox's INBOX (one IMAP connection, in order). */
  append(raws: Buffer[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole path users run, started for a test or a bench: a real Dovecot with a sales mailbox, an
 * Odoo (the stand-in, or the real one of ODOO_* when `live`) with the test catalog loaded and an
 * order.intake.mailbox record, the bridge (server and worker, its own jobs) configured for that Odoo,
 * the mailbox registered as the addon does (mailbox.updated), and the first catalog sync done.
 */
export async function startE2e(
  options: {
    live?: { url: string; db: string; user: string; apiKey: string } | null;
    env?: Record<string, string>;
    /** Products of the catalog not loaded into Odoo (to be created during the run). */
    skipProducts?: string[];
    /** The worker runs in another process (chaos): the service here only serves HTTP. */
    mode?: "start" | "server";
    /** A fresh migrated database (a bench makes its own; tests clone the template by default). */
    createDatabase?: () => Promise<TestDatabase>;
  } = {},
): Promise<E2e> {
  const db = options.createDatabase
    ? await options.createDatabase()
    : await (await import("../testDatabase.ts")).createTestDatabase();
  const user: DovecotUser = { user: "sales@ourcompany.example", password: "Imap-Pa55word-sales-e2e-5c1d" };
  const dovecot = await startDovecot([user]);
  const standIn = options.live ? null : await createOdooStandIn({ db: "e2e", modules: true });
  const odoo = options.live ?? {
    url: standIn!.url,
    db: standIn!.db,
    user: standIn!.user.login,
    apiKey: standIn!.user.apiKey,
  };
  const client = await createOdooClient(odoo, { attempts: 3, backoffMs: 100 });
  const { ODOO_ADMIN_USER, ODOO_ADMIN_API_KEY } = process.env;
  const seed =
    options.live && ODOO_ADMIN_USER && ODOO_ADMIN_API_KEY
      ? await createOdooClient(
          { ...odoo, user: ODOO_ADMIN_USER, apiKey: ODOO_ADMIN_API_KEY },
          { attempts: 3, backoffMs: 100 },
        )
      : client;
  const { partners, products } = await loadTestCatalog(seed, e2eCatalogDir, {
    skipProducts: options.skipProducts,
  });
  const mailboxOdooId =
    (await seed.search("order.intake.mailbox", [["email", "=", user.user]], { limit: 1 }))[0] ??
    (await seed.create("order.intake.mailbox", {
      name: "Sales orders (e2e)",
      module: "sales",
      email: user.user,
      provider: "custom",
      processed_folder: "Processed",
      failed_folder: "Failed",
    }));
  await db.sql`
    insert into order_intake.settings (odoo_database, company_id, values)
    values (${odoo.db}, 1, ${JSON.stringify({
      thresholds: { auto: 95, review: 70 },
      modules: { sales: { enabled: true }, invoicing: { enabled: true }, purchase: { enabled: true } },
    })}::jsonb)`;
  const service = await startTestService(db, {
    mode: options.mode ?? "start",
    env: {
      ODOO_URL: odoo.url,
      ODOO_DB: odoo.db,
      ODOO_USER: odoo.user,
      ODOO_API_KEY: odoo.apiKey,
      CATALOG_DIR: e2eCatalogDir,
      IMAP_POLL_MS: "2000",
      IMAP_WATCH_MS: "500",
      WORKER_CONCURRENCY: "4",
      ...options.env,
    },
  });
  // the addon's mailbox.updated (order_intake_mailbox.py `_bridge_payload`), password sealed as stored
  const secretBox = createSecretBox(Buffer.from(service.config.credentialsKey));
  const delivery = {
    event: "mailbox.updated",
    delivery: crypto.randomUUID(),
    sent_at: new Date().toISOString(),
    database: odoo.db,
    company_id: 1,
    data: {
      id: mailboxOdooId,
      name: "Sales orders (e2e)",
      module: "sales",
      email: user.user,
      active: true,
      imap_host: dovecot.host,
      imap_port: dovecot.port,
      imap_security: "none",
      smtp_host: null,
      smtp_port: null,
      smtp_security: "none",
      username: user.user,
      processed_folder: "Processed",
      failed_folder: "Failed",
      notify_email: null,
      send_acknowledgement: false,
      company_id: 1,
      password: user.password,
    },
  } as OdooDelivery;
  await odooEventHandlers["mailbox.updated"](
    { handle: db, log: createLogger({ level: "silent" }), secretBox },
    sealPasswords(delivery, secretBox),
  );
  const [box] = await db.sql<{ id: number }[]>`
    select id from order_intake.mailboxes where odoo_database = ${odoo.db} and odoo_id = ${mailboxOdooId}`;
  // the catalog cache is filled from Odoo before any mail is read (by the worker: elsewhere in "server")
  if ((options.mode ?? "start") === "start") await catalogSynced(db, odoo.db);
  const append = async (raws: Buffer[]) => {
    const c = new ImapFlow({
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: user.user, pass: user.password },
      logger: false,
    });
    c.on("error", () => {});
    await c.connect();
    try {
      for (const raw of raws) await c.append("INBOX", raw);
    } finally {
      await c.logout();
    }
  };
  return {
    db,
    dovecot,
    standIn,
    odoo,
    client,
    seed,
    service,
    mailbox: { odooId: mailboxOdooId, bridgeId: box!.id, user },
    partners,
    products,
    append,
    async stop() {
      await service.stop();
      client.close();
      if (seed !== client) seed.close();
      await standIn?.close();
      await dovecot.stop();
      await db.drop();
    },
  };
}
