import { createServer, type Server, type Socket } from "node:net";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSecretBox } from "../../crypto/secretBox.ts";
import { createLogger } from "../../log/createLogger.ts";
import { createOdooClient } from "../../odoo/createOdooClient.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import {
  type DovecotUser,
  dovecotUnavailable,
  freePort,
  type RunningDovecot,
  startDovecot,
} from "../../test/dovecot/startDovecot.ts";
import { type RunningSmtpServer, startSmtpServer } from "../../test/dovecot/startSmtpServer.ts";
import { createOdooStandIn, type OdooStandIn } from "../../test/odooStandIn/createOdooStandIn.ts";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { waitFor } from "../../test/waitFor.ts";
import type { OdooDelivery } from "../../webhooks/odooDelivery.ts";
import { odooEventHandlers } from "../../webhooks/odooEventHandlers.ts";
import { sealPasswords } from "../../webhooks/recordDelivery.ts";
import { describeMailError } from "./describeMailError.ts";
import { countMailboxDay } from "./mailboxHealth.ts";
import { loadMailbox, type MailboxRow } from "./mailboxRow.ts";
import { odooStatusWriter } from "./odooStatusWriter.ts";
import { testMailboxConnection } from "./testMailboxConnection.ts";
import { watchMailbox } from "./watchMailbox.ts";

const unavailable = dovecotUnavailable();
if (unavailable) console.warn(`[mailboxStatus.test] ${unavailable}`);

const secretBox = createSecretBox(Buffer.from("11".repeat(32), "hex"));
const silent = createLogger({ level: "silent" });
const user: DovecotUser = { user: "status@acme.example", password: "Imap-Pa55word-status-5e1d" };
const second: DovecotUser = { user: "counts@acme.example", password: "Imap-Pa55word-counts-8a2f" };
/** What OpenSSL and Node put in raw socket errors: never shown to an admin. */
const rawText =
  /SSL routines|ssl3_|wrong version number|ECONNREFUSED|openssl|0A00010B|GREETING_TIMEOUT|CONNECT_TIMEOUT/i;

let db: TestDatabase;
let dovecot: RunningDovecot; // TLS: IMAPS on tlsPort (self-signed), STARTTLS on port
let plainDovecot: RunningDovecot; // no TLS at all
let smtp: RunningSmtpServer;
let odoo: OdooStandIn;
let client: OdooClient;
let silentServer: Server;
let silentPort: number;
const silentSockets = new Set<Socket>();

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

const mailboxStatus = () => odooStatusWriter(async () => client, "odoo");

async function handleEvent(event: OdooDelivery["event"], data: Record<string, unknown>) {
  await odooEventHandlers[event](
    { handle: db, log: silent, secretBox, mailboxStatus: mailboxStatus() },
    sealPasswords(delivery(event, data), secretBox),
  );
}

/** A mailbox created in Odoo (the stand-in) and sent to the bridge as the addon does; its bridge row. */
async function mailboxInOdoo(
  who: DovecotUser,
  settings: Record<string, unknown>,
): Promise<{ odooId: number; row: MailboxRow }> {
  const email = `${crypto.randomUUID().slice(0, 8)}-${who.user}`;
  const odooId = await client.create("order.intake.mailbox", { name: `Box ${email}`, email });
  await handleEvent("mailbox.updated", {
    id: odooId,
    name: `Box ${email}`,
    module: "sales",
    email,
    active: true,
    imap_host: "127.0.0.1",
    imap_port: plainDovecot.port,
    imap_security: "none",
    smtp_host: null,
    smtp_port: null,
    smtp_security: null,
    username: who.user,
    processed_folder: "Processed",
    failed_folder: "Failed",
    notify_email: "admin@acme.example",
    send_acknowledgement: false,
    company_id: 1,
    password: who.password,
    ...settings,
  });
  const [r] = await db.sql<{ id: number }[]>`
    select id from order_intake.mailboxes where odoo_database = 'odoo' and odoo_id = ${odooId}`;
  return { odooId, row: (await loadMailbox(db, r!.id))! };
}

const readOdoo = async (odooId: number) =>
  (
    await client.read<Record<string, unknown>>(
      "order.intake.mailbox",
      [odooId],
      [
        "status",
        "last_error",
        "last_sync",
        "last_test",
        "test_findings",
        "counts_date",
        "received_today",
        "drafted_today",
        "review_today",
        "failed_today",
      ],
    )
  )[0]!;

/** The error a test of these settings reports (real servers, short timeouts). */
async function testError(row: MailboxRow, settings: Partial<MailboxRow>, password = user.password) {
  const r = await testMailboxConnection({ ...row, ...settings }, password, {
    connectionTimeout: 2000,
    greetingTimeout: 2000,
  });
  expect(r.ok).toBe(false);
  expect(r.error).not.toMatch(rawText);
  return r.error!;
}

describe.skipIf(unavailable !== null)("mailbox status in Odoo, against real Dovecot and SMTP servers", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    [dovecot, plainDovecot, smtp] = await Promise.all([
      startDovecot([user], { tls: true }),
      startDovecot([user, second]),
      startSmtpServer([user]),
    ]);
    odoo = await createOdooStandIn();
    client = await createOdooClient(
      { url: odoo.url, db: odoo.db, user: odoo.user.login, apiKey: odoo.user.apiKey },
      { timeoutMs: 5000, attempts: 2, backoffMs: 50 },
    );
    // a server that accepts connections and never says a word (a filtered or wrong service)
    silentServer = createServer((s) => {
      silentSockets.add(s);
      s.on("close", () => silentSockets.delete(s));
    });
    await new Promise<void>((r) => silentServer.listen(0, "127.0.0.1", r));
    silentPort = (silentServer.address() as { port: number }).port;
    await db.sql`
      insert into order_intake.settings (odoo_database, company_id, values)
      values ('odoo', 1, ${JSON.stringify({ modules: { sales: { enabled: true } } })}::jsonb)`;
  }, 60_000);

  afterAll(async () => {
    for (const s of silentSockets) s.destroy();
    silentServer?.close();
    client?.close();
    await odoo?.close();
    await Promise.all([dovecot?.stop(), plainDovecot?.stop(), smtp?.stop()]);
    await db?.drop();
  });

  it("Test Connection writes its findings back as a list: what works, what is missing and what it means", async () => {
    const { odooId } = await mailboxInOdoo(user, { smtp_host: null });
    await handleEvent("mailbox.test_requested", { mailbox_id: odooId, email: "x", module: "sales" });
    const read = await readOdoo(odooId);
    expect(read.status).toBe("ok");
    expect(read.last_error).toBe(false);
    expect(read.last_test).not.toBe(false);
    // a test is not a sync
    expect(read.last_sync).toBe(false);
    const lines = String(read.test_findings).split("\n");
    expect(lines).toContain(
      "! folder Processed missing: it will be created when the first email is moved there",
    );
    expect(lines).toContain("! no SMTP server: no acknowledgements or alerts can be sent from this mailbox");
    expect(lines).toContain(
      `✓ IMAP: logged in to 127.0.0.1:${plainDovecot.port} as ${user.user} (no encryption)`,
    );
    expect(lines.some((l) => l.startsWith("✓ INBOX: "))).toBe(true);
    expect(lines.some((l) => l.startsWith("! IMAP Security is None"))).toBe(true);
    // warnings before what works
    expect(lines.findIndex((l) => l.startsWith("!"))).toBeLessThan(lines.findIndex((l) => l.startsWith("✓")));
    expect(String(read.test_findings)).not.toContain(user.password);

    // SMTP configured and working, Processed created meanwhile: the list says so
    const { odooId: withSmtp } = await mailboxInOdoo(user, {
      smtp_host: "127.0.0.1",
      smtp_port: smtp.port,
      smtp_security: "none",
      notify_email: null,
    });
    await handleEvent("mailbox.test_requested", { mailbox_id: withSmtp, email: "x", module: "sales" });
    const again = String((await readOdoo(withSmtp)).test_findings);
    expect(again).toContain(`✓ SMTP: logged in to 127.0.0.1:${smtp.port} as ${user.user}`);
    expect(again).toContain("! no Notification Address: nobody is alerted when an email cannot be processed");
    expect(again).not.toContain("no SMTP server");
  });

  it("TLS, STARTTLS and port mistakes are explained with the setting to change, never as raw socket text", async () => {
    const { row } = await mailboxInOdoo(user, {});
    const on = (port: number, security: string) => ({
      imap_host: "127.0.0.1",
      imap_port: port,
      imap_security: security,
    });
    // SSL/TLS on the plain port (OpenSSL: "wrong version number")
    expect(await testError(row, on(dovecot.port, "ssl"))).toMatch(
      /does not speak SSL\/TLS from the start.*Set IMAP Security to STARTTLS \(usual port 143\), or keep SSL\/TLS and set IMAP Port to 993/,
    );
    // no encryption on the SSL/TLS port: the server waits for a TLS handshake and never greets
    expect(await testError(row, on(dovecot.tlsPort!, "none"))).toMatch(
      /never greeted: it probably expects SSL\/TLS from the start\. Set IMAP Security to SSL\/TLS/,
    );
    // the server's certificate is self-signed, with SSL/TLS and with STARTTLS
    for (const [port, security] of [
      [dovecot.tlsPort!, "ssl"],
      [dovecot.port, "starttls"],
    ] as const) {
      expect(await testError(row, on(port, security))).toMatch(
        /certificate is self-signed or not issued by a trusted authority \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Install a certificate from a trusted authority.*NODE_EXTRA_CA_CERTS/,
      );
    }
    // STARTTLS asked of a server that has none
    expect(await testError(row, on(plainDovecot.port, "starttls"))).toMatch(
      /does not offer STARTTLS\. Set IMAP Security to SSL\/TLS with IMAP Port 993/,
    );
    // a port nobody listens on
    const closed = await freePort();
    expect(await testError(row, on(closed, "ssl"))).toMatch(
      new RegExp(
        `connection refused: nothing accepts connections at 127\\.0\\.0\\.1:${closed}\\. Check IMAP Host and IMAP Port \\(993 with SSL/TLS, 143 with STARTTLS\\)`,
      ),
    );
    // a server that never answers
    expect(await testError(row, on(silentPort, "ssl"))).toMatch(
      /connection timed out: 127\.0\.0\.1:\d+ did not answer in time\. Check IMAP Host and IMAP Port \(with SSL\/TLS usually 993\)/,
    );
    // a wrong password: the server's word and where to look
    expect(await testError(row, on(plainDovecot.port, "none"), "Wrong-Pa55word-0000")).toMatch(
      /authentication failed \(the server said: Authentication failed\.\)\. Check Username \(often the whole address\) and Password/,
    );
    // SMTP: SSL/TLS on a plain SMTP port
    const smtpError = await testError(row, {
      ...on(plainDovecot.port, "none"),
      smtp_host: "127.0.0.1",
      smtp_port: smtp.port,
      smtp_security: "ssl",
    });
    expect(smtpError).toMatch(
      /SMTP login to 127\.0\.0\.1:\d+ as status@acme\.example failed: .*does not speak SSL\/TLS from the start.*Set SMTP Security to STARTTLS \(usual port 587\), or keep SSL\/TLS and set SMTP Port to 465/,
    );
    expect(smtpError).not.toMatch(/^IMAP/);
  }, 60_000);

  it("an unknown socket error shows its code, not its text; a server's own answer is kept", () => {
    const raw = Object.assign(
      new Error("read EHOSTUNREACH 10.1.2.3:993 at TLSWrap.onStreamRead (internal)"),
      {
        code: "EHOSTUNREACH",
        errno: -113,
        syscall: "read",
      },
    );
    const setting = { protocol: "imap" as const, host: "imap.example.com", port: 993, security: "ssl" };
    expect(describeMailError(raw, [], setting)).toBe(
      "the connection to imap.example.com:993 failed (EHOSTUNREACH)",
    );
    const answer = Object.assign(new Error("Command failed"), {
      responseText: "[ALERT] Mailbox is over quota",
    });
    expect(describeMailError(answer, [], setting)).toBe("[ALERT] Mailbox is over quota");
  });

  it("the watcher writes last_sync on its passes (throttled) with today's counts, and its connection problems explained", async () => {
    const { odooId, row } = await mailboxInOdoo(second, {});
    const watch = watchMailbox({
      handle: db,
      logger: silent,
      secretBox,
      mailboxId: row.id,
      options: {
        pollMs: 600_000,
        reconnectMaxMs: 1000,
        maxMessageBytes: 10_000_000,
        maxAttachmentBytes: 10_000_000,
        statusIntervalMs: 400,
      },
      writeStatus: mailboxStatus(),
    });
    try {
      const first = (await waitFor(async () => {
        const r = await readOdoo(odooId);
        return r.last_sync && r.counts_date ? r : undefined;
      }))!;
      expect(first).toMatchObject({ received_today: 0, drafted_today: 0, review_today: 0, failed_today: 0 });
      expect(first.counts_date).toBe(new Date().toLocaleDateString("sv-SE"));

      // three emails arrive; the bridge decides: one drafted automatically, one to review, one failed
      const c = new ImapFlow({
        host: "127.0.0.1",
        port: plainDovecot.port,
        secure: false,
        doSTARTTLS: false,
        auth: { user: second.user, pass: second.password },
        logger: false,
      });
      c.on("error", () => {});
      await c.connect();
      for (const n of [1, 2, 3]) {
        await c.append(
          "INBOX",
          `From: buyer@customer.example\r\nTo: ${second.user}\r\nSubject: PO ${n}\r\nMessage-ID: <po-${n}-${row.id}@customer.example>\r\n\r\nOrder ${n}\r\n`,
        );
      }
      await c.logout();
      const ids = await waitFor(async () => {
        const r = await db.sql<{ id: number; message_id: string }[]>`
          select id::int as id, message_id from order_intake.messages where mailbox_id = ${row.id} order by message_id`;
        return r.length === 3 ? r.map((m) => m.id) : undefined;
      });
      const [drafted, review, failed] = ids as [number, number, number];
      await db.sql`
        insert into order_intake.decisions (message_id, action, kind, confidence, reasons)
        values (${drafted}, 'draft', 'sales_order', 0.99, '[]'), (${review}, 'draft', 'sales_order', 0.8, '[]')`;
      await db.sql`
        insert into order_intake.drafts (message_id, odoo_model, odoo_id, odoo_name, state)
        values (${drafted}, 'sale.order', 41, 'S00041', 'created'), (${review}, 'sale.order', 42, 'S00042', 'created')`;
      await db.sql`update order_intake.messages set status = 'processed' where id in (${drafted}, ${review})`;
      // a draft below the auto threshold is written "to review": a person's, not drafted automatically
      await db.sql`update order_intake.messages set odoo_log_status = 'done' where id = ${drafted}`;
      await db.sql`update order_intake.messages set odoo_log_status = 'to_review' where id = ${review}`;
      await db.sql`update order_intake.messages set status = 'failed', error = 'unreadable' where id = ${failed}`;
      expect(await countMailboxDay(db, row.id)).toMatchObject({
        received: 3,
        drafted: 1,
        review: 1,
        failed: 1,
        pending: 0,
      });

      // a pass (here: woken for the finished messages) writes the new figures and a later last_sync
      watch.wake();
      const after = (await waitFor(async () => {
        const r = await readOdoo(odooId);
        return r.failed_today === 1 && r.drafted_today === 1 ? r : undefined;
      }))!;
      expect(after).toMatchObject({ received_today: 3, drafted_today: 1, review_today: 1, failed_today: 1 });
      expect(String(after.last_sync) >= String(first.last_sync)).toBe(true);

      // a burst of passes makes few writes (at most one per interval, plus the last one)
      await new Promise((r) => setTimeout(r, 500));
      const writes = () => odoo.calls.get("order.intake.mailbox.write") ?? 0;
      const before = writes();
      for (let i = 0; i < 20; i++) {
        watch.wake();
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 900));
      expect(writes() - before).toBeGreaterThanOrEqual(1);
      expect(writes() - before).toBeLessThanOrEqual(3);
    } finally {
      await watch.stop();
    }

    // SSL/TLS on the plain port: the mailbox turns to error in Odoo with advice, not OpenSSL's text
    await handleEvent("mailbox.updated", {
      id: odooId,
      name: "Box",
      module: "sales",
      email: row.address,
      active: true,
      imap_host: "127.0.0.1",
      imap_port: plainDovecot.port,
      imap_security: "ssl",
      smtp_host: null,
      smtp_port: null,
      smtp_security: null,
      username: second.user,
      processed_folder: "Processed",
      failed_folder: "Failed",
      notify_email: "admin@acme.example",
      send_acknowledgement: false,
      company_id: 1,
    });
    const failing = watchMailbox({
      handle: db,
      logger: silent,
      secretBox,
      mailboxId: row.id,
      options: { pollMs: 600_000, reconnectMaxMs: 60_000, maxMessageBytes: 1e7, maxAttachmentBytes: 1e7 },
      writeStatus: mailboxStatus(),
    });
    try {
      const broken = (await waitFor(async () => {
        const r = await readOdoo(odooId);
        return r.status === "error" ? r : undefined;
      }))!;
      expect(broken.last_error).toMatch(
        /^IMAP: 127\.0\.0\.1:\d+ does not speak SSL\/TLS from the start \(it answered in plain text\)\. Set IMAP Security to STARTTLS/,
      );
      expect(String(broken.last_error)).not.toMatch(rawText);
    } finally {
      await failing.stop();
    }
  }, 90_000);
});
