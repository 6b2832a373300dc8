import { SMTPServer } from "smtp-server";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { OdooClient } from "../odoo/odooClient.ts";

/** The period of the seeded report: Berlin 07:00 on 2026-11-20 to 07:00 on 2026-11-21. */
export const reportPeriod = {
  start: new Date("2026-11-20T06:00:00Z"),
  end: new Date("2026-11-21T06:00:00Z"),
  timeZone: "Europe/Berlin",
};

const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);

/**
 * Known data for a report: eight messages in the period (five drafted: auto-confirmed, approved in
 * Slack, rejected, pending, confirmed by a person in Odoo; one unreadable; one whose draft Odoo
 * refused; one not an order) and one before
 * it; their orders in Odoo (stand-in); customer payments in and out of the period, posted and not.
 */
export async function seedReportData(handle: DatabaseHandle, client: OdooClient, odooDatabase: string) {
  const { sql } = handle;
  const [mailbox] = await sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@ourcompany.example', '/tmp/report-inbox')
    returning id`;
  const mailboxId = mailbox!.id;
  const partner = await client.create("res.partner", {
    name: "Lindqvist Design AB",
    ref: "C-9001",
    is_company: true,
  });
  const product = await client.create("product.product", {
    name: "Oak table",
    default_code: "T-1",
    list_price: 100,
  });
  const eurPricelist = await client.create("product.pricelist", { name: "EUR", currency_id: 2 });
  const order = async (amount: number, state: string, currency: "EUR" | "USD") => {
    const id = await client.create("sale.order", {
      partner_id: partner,
      ...(currency === "EUR" ? { pricelist_id: eurPricelist } : {}),
      order_line: [[0, 0, { product_id: product, product_uom_qty: 1, price_unit: amount }]],
    });
    if (state !== "draft") await client.write("sale.order", [id], { state });
    return id;
  };
  const t0 = reportPeriod.start;
  const message = async (
    n: number,
    at: Date,
    status: string,
    subject: string,
    error: string | null = null,
  ) => {
    const [row] = await sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, from_address, subject, status,
                                         error, created_at)
      values (${mailboxId}, ${`<m${n}@customer.example>`}, ${`sha${n}`}, 1000, 'anna@lindqvist-design.example',
              ${subject}, ${status}, ${error}, ${at.toISOString()}) returning id::int as id`;
    return row!.id;
  };
  const decide = async (messageId: number, at: Date, action: string, kind: string, confidence: number) => {
    await sql`insert into order_intake.decisions (message_id, action, kind, confidence, customer_ref, created_at)
              values (${messageId}, ${action}, ${kind}, ${confidence}, 'C-9001', ${at.toISOString()})`;
  };
  const draft = async (
    messageId: number,
    at: Date,
    state: string,
    po: string,
    odooId: number | null,
    error: string | null = null,
  ) => {
    const [row] = await sql<{ id: number }[]>`
      insert into order_intake.drafts (message_id, customer_ref, po_number, odoo_model, odoo_id, odoo_name, state, error,
                                       created_at, updated_at)
      values (${messageId}, 'C-9001', ${po}, 'sale.order', ${odooId}, ${odooId ? `S${String(odooId).padStart(5, "0")}` : null},
              ${state}, ${error}, ${at.toISOString()}, ${at.toISOString()}) returning id::int as id`;
    return row!.id;
  };
  const approval = (draftId: number, state: string, name: string | null = null) =>
    sql`insert into order_intake.approvals (draft_id, state, decided_by_name) values (${draftId}, ${state}, ${name})`;

  // 1: auto-confirmed, 5 minutes from email to draft, 1000 EUR
  const m1 = await message(1, minutes(t0, 60), "processed", "PO 4501");
  await decide(m1, minutes(t0, 61), "draft", "sales_order", 0.97);
  await draft(m1, minutes(t0, 65), "confirmed", "4501", await order(1000, "sale", "EUR"));
  // 2: approved in Slack, 30 minutes, 500 EUR
  const m2 = await message(2, minutes(t0, 120), "processed", "PO 4502");
  await decide(m2, minutes(t0, 121), "review", "sales_order", 0.8);
  await approval(
    await draft(m2, minutes(t0, 150), "confirmed", "4502", await order(500, "sale", "EUR")),
    "approved",
    "Maria Approver",
  );
  // 3: rejected, 10 minutes, 200 EUR
  const m3 = await message(3, minutes(t0, 180), "processed", "PO 4503");
  await decide(m3, minutes(t0, 181), "review", "sales_order", 0.75);
  await approval(
    await draft(m3, minutes(t0, 190), "cancelled", "4503", await order(200, "cancel", "EUR")),
    "rejected",
  );
  // 4: waiting for approval, 2 minutes, 300 USD
  const m4 = await message(4, minutes(t0, 240), "processed", "PO 4504");
  await decide(m4, minutes(t0, 241), "review", "sales_order", 0.72);
  await approval(
    await draft(m4, minutes(t0, 242), "created", "4504", await order(300, "draft", "USD")),
    "pending",
  );
  // 5: unreadable
  await message(5, minutes(t0, 300), "failed", "Order", "the message source cannot be read: ENOENT");
  // 6: read, but Odoo refused the draft
  const m6 = await message(6, minutes(t0, 360), "processed", "PO 4506");
  await decide(m6, minutes(t0, 361), "review", "sales_order", 0.6);
  await draft(m6, minutes(t0, 362), "failed", "4506", null, "partner.unknown: the customer is not known");
  // 7: not an order
  const m7 = await message(7, minutes(t0, 420), "ignored", "Newsletter");
  await decide(m7, minutes(t0, 421), "ignore", "not_an_order", 0.1);
  // 9: confirmed by a person in Odoo (draft.reviewed), no Slack approval: not touchless; 20 minutes, 250 EUR
  const m9 = await message(9, minutes(t0, 480), "processed", "PO 4509");
  await decide(m9, minutes(t0, 481), "review", "sales_order", 0.9);
  const o9 = await order(250, "sale", "EUR");
  await draft(m9, minutes(t0, 500), "confirmed", "4509", o9);
  await sql`
    insert into order_intake.webhook_deliveries (delivery_id, event, odoo_database, company_id, sent_at, payload, status)
    values (gen_random_uuid(), 'draft.reviewed', ${odooDatabase}, 1, ${minutes(t0, 600).toISOString()},
            ${JSON.stringify({ event: "draft.reviewed", data: { model: "sale.order", res_id: o9, decision: "confirmed", user: { id: 6, login: "olaf", name: "Olaf Odoo" } } })}::jsonb,
            'processed')`;
  // 8: the day before: not in this report
  const m8 = await message(8, minutes(t0, -600), "processed", "PO 4400");
  await decide(m8, minutes(t0, -599), "draft", "sales_order", 0.99);
  await draft(m8, minutes(t0, -590), "confirmed", "4400", await order(999, "sale", "EUR"));

  const journal = await client.create("account.journal", { name: "Bank", type: "bank", code: "BNK1" });
  const payment = (values: Record<string, unknown>) =>
    client.create("account.payment", {
      payment_type: "inbound",
      partner_type: "customer",
      partner_id: partner,
      journal_id: journal,
      company_id: 1,
      ...values,
    });
  await payment({
    name: "PBNK1/2026/00001",
    date: "2026-11-20",
    amount: 1234.5,
    currency_id: 2,
    state: "in_process",
    memo: "INV/2026/00042",
  });
  await payment({
    name: "PBNK1/2026/00002",
    date: "2026-11-20",
    amount: 100,
    currency_id: 1,
    state: "paid",
    memo: "INV/2026/00043",
  });
  await payment({ name: "PBNK1/2026/00003", date: "2026-11-19", amount: 50, currency_id: 2, state: "paid" });
  await payment({ name: false, date: "2026-11-20", amount: 70, currency_id: 2, state: "draft" });
  await payment({
    name: "PBNK1/2026/00005",
    date: "2026-11-20",
    amount: 80,
    currency_id: 2,
    state: "paid",
    payment_type: "outbound",
    partner_type: "supplier",
  });
  return { mailboxId, partner };
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Array<{ to: string[]; raw: string }>;
  /** Answers the next `n` DATA commands with a 451 temporary failure. */
  failNext(n: number): void;
  stop(): Promise<void>;
}

/** A real SMTP server (smtp-server) on loopback, without TLS or auth, keeping what it receives. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const received: TestSmtp["received"] = [];
  let failures = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (failures > 0) {
          failures--;
          cb(Object.assign(new Error("Temporary local problem, try again later"), { responseCode: 451 }));
          return;
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const a = server.server.address();
      resolve(typeof a === "object" && a ? a.port : 0);
    });
  });
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    failNext: (n) => {
      failures = n;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
