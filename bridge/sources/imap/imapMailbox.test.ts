import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCatalogDir, demoInboxDir } from "../../config/loadConfig.ts";
import { packageRoot } from "../../config/packageRoot.ts";
import { createSecretBox } from "../../crypto/secretBox.ts";
import type { TaskContext } from "../../jobs/defineTask.ts";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { createNotifyEmailTask } from "../../jobs/tasks/notifyEmail.ts";
import { createLogger } from "../../log/createLogger.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import {
  type DovecotUser,
  dovecotUnavailable,
  type RunningDovecot,
  startDovecot,
} from "../../test/dovecot/startDovecot.ts";
import { type RunningSmtpServer, startSmtpServer } from "../../test/dovecot/startSmtpServer.ts";
import { createOdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger, startTestService } from "../../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { waitFor } from "../../test/waitFor.ts";
import type { OdooDelivery } from "../../webhooks/odooDelivery.ts";
import { odooEventHandlers } from "../../webhooks/odooEventHandlers.ts";
import { sealPasswords } from "../../webhooks/recordDelivery.ts";
import type { MailboxStatusWriter } from "./mailboxHealth.ts";
import { listWatchableMailboxes, loadMailbox } from "./mailboxRow.ts";
import { odooStatusWriter } from "./odooStatusWriter.ts";
import { startImapWatcher } from "./startImapWatcher.ts";

const killedDuringSync = fileURLToPath(new URL("../../test/dovecot/killedDuringSync.ts", import.meta.url));
const unavailable = dovecotUnavailable();
if (unavailable) console.warn(`[imapMailbox.test] ${unavailable}`);

const key = Buffer.from("11".repeat(32), "hex"); // the CREDENTIALS_KEY of testConfig
const secretBox = createSecretBox(key);
const users: DovecotUser[] = [
  { user: "orders@acme.example", password: "Imap-Pa55word-orders-7f3a" },
  { user: "crash@acme.example", password: "Imap-Pa55word-crash-91c2" },
  { user: "dupes@acme.example", password: "Imap-Pa55word-dupes-44d0" },
];
const wrongPassword = "Wrong-Pa55word-never-logged-0b7e";
const allPasswords = [...users.map((u) => u.password), wrongPassword];

let db: TestDatabase;
let dovecot: RunningDovecot;
let smtp: RunningSmtpServer;
const silent = createLogger({ level: process.env.P6_DEBUG ? "debug" : "silent" });

/** The payload the addon sends (order_intake_mailbox.py `_bridge_payload`), password included. */
function addonMailboxPayload(odooId: number, user: DovecotUser, overrides: Record<string, unknown> = {}) {
  return {
    id: odooId,
    name: `Orders ${user.user}`,
    module: "sales",
    email: user.user,
    active: true,
    imap_host: dovecot.host,
    imap_port: dovecot.port,
    imap_security: "none",
    smtp_host: "127.0.0.1",
    smtp_port: smtp.port,
    smtp_security: "none",
    username: user.user,
    processed_folder: "Processed",
    failed_folder: "Failed",
    notify_email: "admin@acme.example",
    send_acknowledgement: true,
    company_id: 1,
    password: user.password,
    ...overrides,
  };
}

function delivery(event: OdooDelivery["event"], data: Record<string, unknown>): OdooDelivery {
  return {
    event,
    delivery: crypto.randomUUID(),
    sent_at: new Date().toISOString(),
    database: "odoo",
    company_id: 1,
    data,
  } as OdooDelivery;
}

/** Runs a handler as the odoo_event_handle job does, on the delivery as stored (password sealed). */
async function handleEvent(
  event: OdooDelivery["event"],
  data: Record<string, unknown>,
  extra: { log?: ReturnType<typeof createLogger>; mailboxStatus?: MailboxStatusWriter } = {},
) {
  const stored = sealPasswords(delivery(event, data), secretBox);
  await odooEventHandlers[event](
    { handle: db, log: extra.log ?? silent, secretBox, mailboxStatus: extra.mailboxStatus },
    stored,
  );
}

async function imap(user: DovecotUser): Promise<ImapFlow> {
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
  return c;
}

async function folderUids(user: DovecotUser, folder: string): Promise<number> {
  const c = await imap(user);
  try {
    const list = await c.list();
    if (!list.some((f) => f.path === folder)) return 0;
    const s = await c.status(folder, { messages: true });
    return s ? (s.messages ?? 0) : 0;
  } finally {
    await c.logout();
  }
}

async function append(user: DovecotUser, raws: Array<string | Buffer>): Promise<void> {
  const c = await imap(user);
  try {
    for (const raw of raws) await c.append("INBOX", raw);
  } finally {
    await c.logout();
  }
}

const mailboxIdOf = async (address: string) => {
  const [r] = await db.sql<
    { id: number }[]
  >`select id from order_intake.mailboxes where address = ${address}`;
  if (!r) throw new Error(`no mailbox ${address} in the database`);
  return r.id;
};

/**
 * Stores a mailbox as Odoo sends it (idempotent: mailbox.updated is an upsert on the Odoo id), so
 * each test registers the mailboxes it uses instead of relying on an earlier test.
 */
async function registerMailbox(
  odooId: number,
  user: DovecotUser,
  overrides: Record<string, unknown> = {},
): Promise<number> {
  await handleEvent("mailbox.updated", addonMailboxPayload(odooId, user, overrides));
  const [r] = await db.sql<{ id: number }[]>`
    select id from order_intake.mailboxes where odoo_database = 'odoo' and odoo_id = ${odooId}`;
  return r!.id;
}

/** The test mailboxes (Odoo ids) on the Dovecot users; a test registers those it reads. */
const ORDERS = 11;
const CRASH = 12;
const DUPES = 13;

/** Conditions on a real service under load: polled, with a generous limit (not a timing claim). */
const within = (what: string, timeoutMs = 30_000) => ({ what, timeoutMs });

const simpleMail = (n: number, extra = "") =>
  `From: Anna Lindqvist <anna@lindqvist-design.example>\r\nTo: orders@acme.example\r\nSubject: note ${n}\r\nMessage-ID: <note-${n}-${extra}@lindqvist-design.example>\r\nDate: Mon, 16 Nov 2026 09:12:00 +0100\r\n\r\nJust a note number ${n}, thank you.\r\n`;

describe.skipIf(unavailable !== null)("IMAP mailboxes against a real Dovecot and SMTP server", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    dovecot = await startDovecot(users);
    smtp = await startSmtpServer(users);
    await db.sql`
      insert into order_intake.settings (odoo_database, company_id, values)
      values ('odoo', 1, ${JSON.stringify({ modules: { sales: { enabled: true }, purchase: { enabled: false } } })}::jsonb)`;
  });
  afterAll(async () => {
    await smtp?.stop();
    await dovecot?.stop();
    await db?.drop();
  });

  it("mailbox.updated with the addon's real payload stores the mailbox, the password sealed", async () => {
    // The payload here has exactly the fields the addon sends (SYNCED_FIELDS in the model, plus id).
    const model = await readFile(
      path.join(packageRoot(), "odoo_addon/order_intake/models/order_intake_mailbox.py"),
      "utf8",
    );
    const synced = /SYNCED_FIELDS = \[([^\]]*)\]/
      .exec(model)![1]!
      .match(/"([a-z_]+)"/g)!
      .map((f) => f.slice(1, -1));
    const { id: _id, password: _password, ...sent } = addonMailboxPayload(11, users[0]!);
    expect(Object.keys(sent).sort()).toEqual(synced.sort());
    await handleEvent("mailbox.updated", addonMailboxPayload(11, users[0]!));
    const mailbox = await loadMailbox(db, await mailboxIdOf(users[0]!.user));
    expect(mailbox).toMatchObject({
      kind: "imap",
      odoo_id: 11,
      address: "orders@acme.example",
      name: "Orders orders@acme.example",
      notification_address: "admin@acme.example",
      acknowledge: true,
      imap_port: dovecot.port,
      smtp_port: smtp.port,
    });
    expect(secretBox.open(Buffer.from(mailbox!.password_sealed!))).toBe(users[0]!.password);
    // Saved again in Odoo without a new password: the stored one is kept; acknowledgements off.
    await handleEvent("mailbox.updated", {
      ...addonMailboxPayload(11, users[0]!, { send_acknowledgement: false }),
      password: undefined,
    });
    const again = await loadMailbox(db, mailbox!.id);
    expect(again!.acknowledge).toBe(false);
    expect(secretBox.open(Buffer.from(again!.password_sealed!))).toBe(users[0]!.password);
    await handleEvent("mailbox.updated", { ...addonMailboxPayload(11, users[0]!), password: undefined });
  });

  it("a crash in the middle of a batch neither loses nor repeats a message", async () => {
    const mailbox = (await loadMailbox(db, await registerMailbox(CRASH, users[1]!)))!;
    await append(
      users[1]!,
      [1, 2, 3, 4, 5].map((n) => simpleMail(n, "crash")),
    );
    // A worker process is killed (SIGKILL) in the middle of its pass, after storing the 3rd message.
    const child = spawn(process.execPath, ["--import", "tsx", killedDuringSync], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        CREDENTIALS_KEY: key.toString("hex"),
        MAILBOX_ID: String(mailbox.id),
        KILL_AFTER: "3",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    // (a child that hangs is ended by the test, and the test fails: no process outlives it)
    let hung = false;
    const guard = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, 90_000);
    try {
      const [, signal] = (await once(child, "exit")) as [number | null, string | null];
      expect(hung, "the worker hung and was ended by the test").toBe(false);
      expect(signal).toBe("SIGKILL");
    } finally {
      clearTimeout(guard);
    }
    const rows = await db.sql`select id from order_intake.messages where mailbox_id = ${mailbox.id}`;
    expect(rows).toHaveLength(3);

    // A new process takes over: every message once, all moved, none twice.
    const service = await startTestService(db, {
      env: { CATALOG_DIR: demoCatalogDir, IMAP_POLL_MS: "600000", IMAP_WATCH_MS: "500" },
    });
    try {
      await waitFor(
        async () => (await folderUids(users[1]!, "Processed")) === 5,
        within("the crashed batch to be processed and moved"),
      );
      await waitFor(
        async () =>
          (
            await db.sql`
              select 1 from order_intake.messages where mailbox_id = ${mailbox.id} and moved_at is not null`
          ).length === 5,
        within("the moves recorded"),
      );
      const crashRows = await db.sql<{ n: number; d: number }[]>`
        select count(*)::int as n, count(distinct message_id)::int as d
        from order_intake.messages where mailbox_id = ${mailbox.id}`;
      expect(crashRows[0]).toEqual({ n: 5, d: 5 });
      expect(await folderUids(users[1]!, "INBOX")).toBe(0);
      expect(await folderUids(users[1]!, "Processed")).toBe(5);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it("new mail arrives over IDLE in seconds, is processed, moved to Processed and acknowledged in the customer's language", async () => {
    const ordersBox = await registerMailbox(ORDERS, users[0]!);
    const [started] = await db.sql<{ at: Date }[]>`select now() as at`;
    const service = await startTestService(db, {
      env: {
        CATALOG_DIR: demoCatalogDir,
        IMAP_POLL_MS: "600000", // the poll cannot be what finds the mail: IDLE does
        IMAP_WATCH_MS: "500",
        MAX_ATTACHMENT_BYTES: "4000",
      },
    });
    try {
      // The watcher holds the orders mailbox: once its first pass of this service is done it waits
      // in IDLE, and mail appended now is fetched at once (not by a pass on connecting).
      const order = await readFile(path.join(demoInboxDir, "02-csv-attachment-order.eml"));
      await waitFor(async () => {
        const [m] = await db.sql<{ status: string; synced: boolean }[]>`
          select status, coalesce(last_sync_at > ${started!.at}, false) as synced
          from order_intake.mailboxes where id = ${ordersBox}`;
        return m?.status === "ok" && m.synced;
      }, within("the orders mailbox connected and its first pass done"));
      await append(users[0]!, [order]);
      await waitFor(
        async () =>
          (await db.sql`select 1 from order_intake.messages where mailbox_id = ${ordersBox}`).length === 1,
        within("the message row"),
      );
      // (No timing asserted here: `npm run bench:latency` measures it. The poll is 10 minutes away.)
      await waitFor(
        async () => (await folderUids(users[0]!, "Processed")) === 1,
        within("the order to be moved to Processed (created on first use)"),
      );
      // The holder moves the message, then records the move: wait for the record, not the folder.
      const msg = await waitFor(async () => {
        const [m] = await db.sql<{ id: number; status: string; moved_at: Date | null }[]>`
          select id::int as id, status, moved_at from order_intake.messages where mailbox_id = ${ordersBox}`;
        return m?.moved_at ? m : null;
      }, within("the move recorded"));
      expect(msg).toMatchObject({ status: "processed" });
      // The raw bytes are not kept once the message is moved.
      expect(
        await db.sql`select 1 from order_intake.message_spool where message_id = ${msg!.id}`,
      ).toHaveLength(0);

      // The acknowledgement: German (the customer writes German), threaded, recorded with its Message-ID.
      const ack = (await waitFor(
        async () => smtp.received.find((m) => m.to.includes("einkauf@bauer-soehne.example")) ?? null,
        within("the acknowledgement"),
      ))!;
      expect(ack.raw).toMatch(/^In-Reply-To: <demo-2-4500-7781@bauer-soehne\.example>/m);
      expect(ack.raw).toMatch(/^References: .*<demo-2-4500-7781@bauer-soehne\.example>/m);
      expect(ack.raw).toMatch(/^Subject: Re: Bestellung 4500-7781/m);
      expect(ack.raw).toMatch(/Auto-Submitted: auto-replied/);
      expect(ack.raw).toContain("vielen Dank");
      const sent = await waitFor(
        async () =>
          (
            await db.sql<{ email_message_id: string; status: string; language: string }[]>`
              select email_message_id, status, language from order_intake.sent_emails
              where message_id = ${msg!.id} and kind = 'acknowledgement' and status = 'sent'`
          )[0],
        within("the acknowledgement recorded as sent"),
      );
      expect(sent).toMatchObject({ status: "sent", language: "de" });
      expect(ack.raw).toContain(`Message-ID: ${sent!.email_message_id}`);

      // A message that fails for good (an attachment over MAX_ATTACHMENT_BYTES) lands in Failed, admins alerted.
      const big = Buffer.alloc(6000, "A").toString("base64");
      await append(users[0]!, [
        `From: anna@lindqvist-design.example\r\nSubject: huge scan\r\nMessage-ID: <huge-1@lindqvist-design.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Disposition: attachment; filename=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n--b--\r\n`,
      ]);
      await waitFor(
        async () => (await folderUids(users[0]!, "Failed")) === 1,
        within("the big message in Failed"),
      );
      const failed = await waitFor(async () => {
        const [m] = await db.sql<{ status: string; error: string; moved_at: Date | null }[]>`
          select status, error, moved_at from order_intake.messages
          where message_id = '<huge-1@lindqvist-design.example>'`;
        return m?.moved_at ? m : null;
      }, within("the move to Failed recorded"));
      expect(failed!.status).toBe("failed");
      expect(failed!.error).toMatch(/attachment .* over the limit/);
      const alert = (await waitFor(
        async () => smtp.received.find((m) => /could not be read/.test(m.raw)) ?? null,
        within("the alert"),
      ))!;
      expect(alert.to).toEqual(["admin@acme.example"]);

      // Processing that fails for good (here: its stored bytes are gone) also ends in Failed, alerted.
      const c = await imap(users[0]!);
      const appended = await c.append(
        "INBOX",
        "From: anna@lindqvist-design.example\r\nSubject: lost\r\nMessage-ID: <lost-1@lindqvist-design.example>\r\n\r\nx\r\n",
        ["\\Seen"],
      );
      await c.logout();
      if (!appended) throw new Error("append failed");
      await db.sql.begin(async (tx) => {
        const [row] = await tx<{ id: number }[]>`
          insert into order_intake.messages (mailbox_id, message_id, source_uid, source_uid_validity, raw_sha256, raw_size)
          values (${ordersBox}, '<lost-1@lindqvist-design.example>', ${appended.uid ?? 0}, ${Number(appended.uidValidity)}, 'x', 1)
          returning id::int as id`;
        await enqueueJob(tx, "message_process", { messageId: row!.id });
      });
      await waitFor(
        async () => (await folderUids(users[0]!, "Failed")) === 2,
        within("the message that failed in processing moved to Failed"),
      );
      const lost = await waitFor(async () => {
        const [m] = await db.sql<{ status: string; error: string; moved_at: Date | null }[]>`
          select status, error, moved_at from order_intake.messages
          where message_id = '<lost-1@lindqvist-design.example>'`;
        return m?.moved_at ? m : null;
      }, within("the move of the lost message recorded"));
      expect(lost).toMatchObject({ status: "failed" });
      expect(lost!.error).toMatch(/cannot be read/);
      await waitFor(
        async () => smtp.received.find((m) => /could not be processed/.test(m.raw)) ?? null,
        within("the alert for the failed processing"),
      );

      // The same message delivered twice: one row, both copies leave the inbox.
      const dupes = await registerMailbox(DUPES, users[2]!);
      await append(users[2]!, [simpleMail(7, "dup"), simpleMail(7, "dup")]);
      await waitFor(
        async () => (await folderUids(users[2]!, "Processed")) === 2,
        within("both copies in Processed"),
      );
      const dupRows = await db.sql`select 1 from order_intake.messages where mailbox_id = ${dupes}`;
      expect(dupRows).toHaveLength(1);
      expect(await folderUids(users[2]!, "INBOX")).toBe(0);

      // A sync requested in Odoo wakes the holder (mailbox_fetch job).
      await append(users[2]!, [simpleMail(8, "sync")]);
      await handleEvent("mailbox.sync_requested", {
        mailbox_id: DUPES,
        email: users[2]!.user,
        module: "sales",
      });
      await waitFor(
        async () =>
          (await db.sql`select 1 from order_intake.messages where mailbox_id = ${dupes}`).length === 2,
        within("the synced message"),
      );

      // Acceptance 3: no password in the logs of the whole run.
      const logs = service.logs.join("\n");
      for (const p of allPasswords) expect(logs).not.toContain(p);
    } finally {
      if (process.env.P6_DEBUG) console.log(service.logs.join(""));
      await service.stop();
    }
  }, 180_000);

  it("one holder per mailbox across worker processes", async () => {
    await registerMailbox(ORDERS, users[0]!);
    await registerMailbox(DUPES, users[2]!);
    const opts = {
      pollMs: 600_000,
      reconnectMaxMs: 5000,
      watchMs: 60_000,
      maxMessageBytes: 1e6,
      maxAttachmentBytes: 1e6,
    };
    const a = await startImapWatcher({ handle: db, logger: silent, secretBox, options: opts });
    const b = await startImapWatcher({ handle: db, logger: silent, secretBox, options: opts });
    try {
      const ids = (await listWatchableMailboxes(db)).map((r) => r.id).sort();
      expect(ids.length).toBeGreaterThanOrEqual(2);
      expect([...a.held(), ...b.held()].sort()).toEqual(ids);
      expect(a.held().filter((id) => b.held().includes(id))).toEqual([]);
      // When the holder stops (a process ending), the other takes its mailboxes at its next scan.
      const moved = a.held().length > 0 ? a : b;
      const other = moved === a ? b : a;
      await moved.stop();
      // (a scan already under way may have looked before the locks were freed: the next one takes them)
      await waitFor(async () => {
        await other.rescan();
        return other.held().length === ids.length;
      }, within("the other process to take the mailboxes"));
      expect(other.held().sort()).toEqual(ids);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("an IMAP outage: reconnects with backoff on a new connection, reported to admins once per mailbox", async () => {
    const service = await startTestService(db, {
      env: {
        CATALOG_DIR: demoCatalogDir,
        IMAP_POLL_MS: "600000",
        IMAP_WATCH_MS: "500",
        IMAP_RECONNECT_MAX_MS: "800",
      },
    });
    try {
      const boxes = [await registerMailbox(ORDERS, users[0]!), await registerMailbox(DUPES, users[2]!)];
      const [sentBefore] = await db.sql<{ last: number }[]>`
        select coalesce(max(id), 0)::int as last from order_intake.sent_emails`;
      const lastEmail = sentBefore!.last;
      const statuses = async () =>
        (
          await db.sql<{ status: string }[]>`
          select status from order_intake.mailboxes where id = any(${boxes}::int[])`
        ).map((r) => r.status);
      await waitFor(
        async () => (await statuses()).every((st) => st === "ok"),
        within("every mailbox connected"),
      );
      await dovecot.interrupt();
      await waitFor(
        async () => (await statuses()).every((st) => st === "error"),
        within("the outage noticed"),
      );
      // Several reconnect attempts of each mailbox later, still one report per mailbox.
      const reconnects = (box: number) =>
        service.logs.filter(
          (l) =>
            l.includes("IMAP connection failed; reconnecting later") &&
            new RegExp(`"mailbox":${box}[,}]`).test(l),
        ).length;
      await waitFor(
        async () => boxes.every((b) => reconnects(b) >= 2),
        within("several reconnect attempts of each mailbox"),
      );
      const alerts = await db.sql<{ mailbox_id: number; n: number }[]>`
        select mailbox_id, count(*)::int as n from order_intake.sent_emails
        where dedupe_key like 'alert:connection:%' and mailbox_id = any(${boxes}::int[]) and id > ${lastEmail}
        group by mailbox_id order by mailbox_id`;
      expect(alerts.map((a) => a.n)).toEqual(boxes.map(() => 1));
      const [row] = await db.sql<
        { last_error: string }[]
      >`select last_error from order_intake.mailboxes where id = ${boxes[0]!}`;
      expect(row!.last_error).toMatch(/^IMAP: /);
      await dovecot.resume();
      await waitFor(
        async () => (await statuses()).every((st) => st === "ok"),
        within("every mailbox reconnected"),
      );
      const dupes = boxes[1]!;
      const before = (await db.sql`select 1 from order_intake.messages where mailbox_id = ${dupes}`).length;
      await append(users[2]!, [simpleMail(9, "after-outage")]);
      await waitFor(
        async () =>
          (await db.sql`select 1 from order_intake.messages where mailbox_id = ${dupes}`).length ===
          before + 1,
        within("mail fetched after the outage"),
      );
      for (const p of allPasswords) expect(service.logs.join("\n")).not.toContain(p);
    } finally {
      if (process.env.P6_DEBUG) console.log(service.logs.join(""));
      await dovecot.resume().catch(() => {});
      await service.stop();
    }
  }, 180_000);

  it("test connection: wrong credentials give a clear result, right ones pass; the password is never shown", async () => {
    const results: Array<{ status?: string; error?: string | null }> = [];
    const mailboxStatus: MailboxStatusWriter = async (_m, update) => {
      results.push(update);
    };
    const { logger, lines } = memoryLogger();
    await registerMailbox(ORDERS, users[0]!);
    // Right credentials first: Dovecot slows down logins from an address after a failure.
    await handleEvent(
      "mailbox.test_requested",
      { mailbox_id: 11, email: users[0]!.user, module: "sales" },
      {
        log: logger,
        mailboxStatus,
      },
    );
    expect(results[0]).toMatchObject({ status: "ok", error: null });
    await handleEvent(
      "mailbox.updated",
      addonMailboxPayload(
        14,
        { user: users[0]!.user, password: wrongPassword },
        {
          email: "wrong@acme.example",
        },
      ),
      { log: logger },
    );
    await handleEvent(
      "mailbox.test_requested",
      { mailbox_id: 14, email: "wrong@acme.example", module: "sales" },
      {
        log: logger,
        mailboxStatus,
      },
    );
    expect(results[1]!.status).toBe("error");
    expect(results[1]!.error).toMatch(
      new RegExp(
        `IMAP login to 127\\.0\\.0\\.1:${dovecot.port} as orders@acme\\.example failed: authentication failed`,
      ),
    );
    expect(results[1]!.error).toMatch(/SMTP login .* failed: authentication failed/);
    const [row] = await db.sql<{ status: string; last_error: string }[]>`
      select status, last_error from order_intake.mailboxes where address = 'wrong@acme.example'`;
    expect(row!.status).toBe("error");
    for (const p of allPasswords) {
      expect(lines.join("\n")).not.toContain(p);
      expect(JSON.stringify(results)).not.toContain(p);
    }
    // Deactivated in Odoo: no later watcher keeps trying it.
    await handleEvent("mailbox.updated", {
      ...addonMailboxPayload(14, users[0]!, { email: "wrong@acme.example", active: false }),
      password: undefined,
    });
  });

  it("the connection test result is written back to the mailbox in Odoo (stand-in recorded from Odoo 18)", async () => {
    const standIn = await createOdooStandIn();
    const client = await createOdooClient(
      { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
      { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
    );
    try {
      const odooId = await client.create("order.intake.mailbox", {
        name: "Wrong",
        email: "wrong2@acme.example",
      });
      await handleEvent(
        "mailbox.updated",
        addonMailboxPayload(
          odooId,
          { user: users[0]!.user, password: wrongPassword },
          { email: "wrong2@acme.example" },
        ),
      );
      await handleEvent(
        "mailbox.test_requested",
        { mailbox_id: odooId, email: "wrong2@acme.example", module: "sales" },
        { mailboxStatus: odooStatusWriter(async () => client, "odoo") },
      );
      const [read] = await client.read<{
        status: string;
        last_error: string | false;
        last_sync: string | false;
      }>("order.intake.mailbox", [odooId], ["status", "last_error", "last_sync"]);
      expect(read!.status).toBe("error");
      expect(read!.last_error).toMatch(
        /^IMAP login to 127\.0\.0\.1:\d+ as orders@acme\.example failed: authentication failed/,
      );
      expect(read!.last_sync).toBe(false); // a test is not a sync: it has its own time (last_test)
      for (const p of allPasswords) expect(String(read!.last_error)).not.toContain(p);
      await handleEvent("mailbox.updated", {
        ...addonMailboxPayload(odooId, users[0]!, { email: "wrong2@acme.example", active: false }),
        password: undefined,
      });
    } finally {
      client.close();
      await standIn.close();
    }
  });

  it("SMTP: throttling pauses the mailbox's sending; a connection failure is reported once, not per retry", async () => {
    const boxId = await registerMailbox(DUPES, users[2]!);
    const task = createNotifyEmailTask({ handle: db, secretBox });
    const { logger, lines } = memoryLogger();
    const ctx = (attempt: number): TaskContext => ({
      log: logger,
      jobId: "1",
      attempt,
      maxAttempts: 10,
      abortSignal: new AbortController().signal,
    });
    const queue = async (key: string) => {
      const [r] = await db.sql<{ id: number }[]>`
        insert into order_intake.sent_emails (mailbox_id, kind, dedupe_key, to_address, subject, email_message_id, data)
        values (${boxId}, 'alert', ${key}, 'admin@acme.example', 'test', ${`<${key}@acme.example>`}, '{"lines":["x"]}')
        returning id::int as id`;
      return r!.id;
    };
    smtp.failMailFrom({ code: 421, message: "4.7.0 Too many messages, slow down" });
    const throttled = await queue("throttle-1");
    await expect(task.handler({ emailId: throttled }, ctx(1))).rejects.toThrow(/SMTP: .*slow down/i);
    await expect(task.handler({ emailId: throttled }, ctx(2))).rejects.toThrow(/paused .*throttled/);
    smtp.failMailFrom(null);

    // The SMTP server is unreachable: three retries, one report.
    await db.sql`update order_intake.mailboxes set smtp_port = 1, status = 'ok' where id = ${boxId}`;
    const connectionAlerts = async () =>
      (
        await db.sql`
          select 1 from order_intake.sent_emails where mailbox_id = ${boxId} and dedupe_key like 'alert:connection:%'`
      ).length;
    const alertsBefore = await connectionAlerts();
    const unreachable = await queue("unreachable-1");
    const task2 = createNotifyEmailTask({ handle: db, secretBox });
    for (const attempt of [1, 2, 3]) {
      await expect(task2.handler({ emailId: unreachable }, ctx(attempt))).rejects.toThrow(
        /SMTP: connection refused/,
      );
    }
    expect(await connectionAlerts()).toBe(alertsBefore + 1);
    const [box] = await db.sql<{ status: string; last_error: string }[]>`
      select status, last_error from order_intake.mailboxes where id = ${boxId}`;
    expect(box).toEqual({ status: "error", last_error: "SMTP: connection refused" });
    expect(lines.filter((l) => l.includes("mailbox problem reported to admins"))).toHaveLength(1);
    for (const p of allPasswords) expect(lines.join("\n")).not.toContain(p);
    // Odoo's configuration back (the real SMTP port) for whatever runs next.
    await registerMailbox(DUPES, users[2]!);
  });

  it("with Odoo configured, an acknowledgement waits for its draft and names it; none if no draft was written", async () => {
    const boxId = await registerMailbox(ORDERS, users[0]!);
    const task = createNotifyEmailTask({ handle: db, secretBox, odooConfigured: true });
    const ctx: TaskContext = {
      log: silent,
      jobId: "1",
      attempt: 1,
      maxAttempts: 10,
      abortSignal: new AbortController().signal,
    };
    const message = async (n: number) => {
      const [m] = await db.sql<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
        values (${boxId}, ${`<ack-${n}@x.example>`}, 'x', 1, 'processed') returning id::int as id`;
      const [e] = await db.sql<{ id: number }[]>`
        insert into order_intake.sent_emails (mailbox_id, message_id, kind, dedupe_key, to_address, subject,
                                              language, email_message_id, in_reply_to, data)
        values (${boxId}, ${m!.id}, 'acknowledgement', ${`ack:${m!.id}`}, 'buyer@x.example', 'Re: PO',
                'fr', ${`<oi-ack-${n}@acme.example>`}, ${`<ack-${n}@x.example>`}, '{"poNumbers":["PO-9"]}')
        returning id::int as id`;
      await db.sql`insert into order_intake.drafts (message_id, order_index, state) values (${m!.id}, 0, 'pending')`;
      return { messageRow: m!.id, emailId: e!.id };
    };
    const waiting = await message(1);
    await expect(task.handler({ emailId: waiting.emailId }, ctx)).rejects.toThrow(/waiting for the draft/);
    await db.sql`update order_intake.drafts set state = 'created', odoo_name = 'S00042' where message_id = ${waiting.messageRow}`;
    await task.handler({ emailId: waiting.emailId }, ctx);
    const sent = smtp.received.find((m) => m.raw.includes("<oi-ack-1@acme.example>"));
    expect(sent?.raw).toContain("S00042");
    expect(sent?.raw).toMatch(/merci pour votre commande PO-9/);

    const noDraft = await message(2);
    await db.sql`update order_intake.drafts set state = 'failed' where message_id = ${noDraft.messageRow}`;
    await task.handler({ emailId: noDraft.emailId }, ctx);
    const [row] = await db.sql<
      { status: string }[]
    >`select status from order_intake.sent_emails where id = ${noDraft.emailId}`;
    expect(row!.status).toBe("skipped");
    expect(smtp.received.some((m) => m.raw.includes("<oi-ack-2@acme.example>"))).toBe(false);
  });

  it("a disabled module's mailbox is not read; enabling the module in Odoo starts it at once", async () => {
    await registerMailbox(ORDERS, users[0]!);
    await handleEvent(
      "mailbox.updated",
      addonMailboxPayload(15, users[2]!, { module: "purchase", email: "po@acme.example" }),
    );
    const purchaseBox = await mailboxIdOf("po@acme.example");
    const watcher = await startImapWatcher({
      handle: db,
      logger: silent,
      secretBox,
      options: {
        pollMs: 600_000,
        reconnectMaxMs: 5000,
        watchMs: 600_000,
        maxMessageBytes: 1e6,
        maxAttachmentBytes: 1e6,
      },
    });
    try {
      expect(watcher.held()).not.toContain(purchaseBox);
      expect(watcher.held().length).toBeGreaterThan(0);
      await handleEvent("settings.updated", {
        modules: { sales: { enabled: true }, purchase: { enabled: true } },
      });
      await waitFor(
        async () => watcher.held().includes(purchaseBox),
        within("the purchase mailbox to be held"),
      );
      await handleEvent("settings.updated", {
        modules: { sales: { enabled: false }, purchase: { enabled: true } },
      });
      await waitFor(async () => watcher.held().length === 1, within("the sales mailboxes released"));
      expect(watcher.held()).toEqual([purchaseBox]);
    } finally {
      await watcher.stop();
      await handleEvent("settings.updated", {
        modules: { sales: { enabled: true }, purchase: { enabled: false } },
      });
    }
  });

  it("no password in clear text anywhere in the database", async () => {
    const tables = await db.sql<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema in ('order_intake', 'graphile_worker') and table_type = 'BASE TABLE'`;
    expect(tables.length).toBeGreaterThan(5);
    for (const t of tables) {
      const rows = await db.sql.unsafe(`select t::text as row from "${t.schema}"."${t.name}" t`);
      const text = rows.map((r) => String(r.row)).join("\n");
      for (const p of allPasswords) {
        expect(text, `${t.schema}.${t.name}`).not.toContain(p);
        expect(text, `${t.schema}.${t.name} (hex)`).not.toContain(Buffer.from(p).toString("hex"));
      }
    }
  });
});
