import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractionResult } from "../extract/types.ts";
import type { TaskContext } from "../jobs/defineTask.ts";
import { createMessageProcessTask } from "../jobs/tasks/messageProcess.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import type { ExtractorFactory } from "../pipeline/createExtractorFactory.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { memoryLogger } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { replyText } from "./replyText.ts";
import { isConversationReply, routeReply } from "./routeReply.ts";
import { createThreadTasks } from "./threadTasks.ts";

const ctx = (): TaskContext => ({
  log: memoryLogger("silent").logger,
  jobId: "1",
  attempt: 1,
  maxAttempts: 10,
  abortSignal: new AbortController().signal,
});

let db: TestDatabase;
let standIn: OdooStandIn;
let client: OdooClient;
let dir: string;
let mailboxId: number;
const orders: Record<string, number> = {};

/** What the reader says of a reply that changes nothing ("thanks, received"): not an order. */
const notAnOrder: ExtractionResult = {
  kind: "not_an_order",
  customer_ref: "C-9001",
  sender_email: "anna@customer.example",
  orders: [],
  amends: null,
  duplicate_of: null,
  confidence: 0.1,
  expect: "ignore",
  reasons: [],
};
let reading: ExtractionResult = notAnOrder;
const extractorFor: ExtractorFactory = () =>
  ({ extract: async () => reading }) as unknown as ReturnType<ExtractorFactory>;

beforeAll(async () => {
  db = await createTestDatabase();
  standIn = await createOdooStandIn();
  client = await createOdooClient({
    url: standIn.url,
    db: standIn.db,
    user: standIn.user.login,
    apiKey: standIn.user.apiKey,
  });
  dir = mkdtempSync(path.join(tmpdir(), "oi-threads-"));
  const [mb] = await db.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@ourcompany.example', ${dir})
    returning id`;
  mailboxId = mb!.id;
  const partner = await client.create("res.partner", {
    name: "Customer AB",
    ref: "C-9001",
    is_company: true,
  });
  const product = await client.create("product.product", { name: "Chair", default_code: "CH-1" });
  // three orders we drafted, from three customer emails; the second was acknowledged by email
  for (const po of ["4711", "4712", "4713"]) {
    orders[po] = await client.create("sale.order", {
      partner_id: partner,
      order_line: [[0, 0, { product_id: product, product_uom_qty: 2 }]],
    });
    const [m] = await db.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, status)
      values (${mailboxId}, ${`<po-${po}@customer.example>`}, ${po}, 10, 'processed') returning id::int as id`;
    await db.sql`
      insert into order_intake.drafts (message_id, customer_ref, po_number, odoo_model, odoo_id, odoo_name, state)
      values (${m!.id}, 'C-9001', ${po}, 'sale.order', ${orders[po]!}, ${`S-${po}`}, 'created')`;
    if (po === "4712") {
      await db.sql`
        insert into order_intake.sent_emails (mailbox_id, message_id, kind, dedupe_key, to_address, subject, email_message_id)
        values (${mailboxId}, ${m!.id}, 'acknowledgement', ${`ack:${m!.id}`}, 'anna@customer.example',
                'Your order 4712', '<ack-4712@ourcompany.example>')`;
    }
  }
}, 30_000);

afterAll(async () => {
  client?.close();
  await standIn?.close();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let n = 0;
/** Stores a reply as the folder source would and runs message_process on it, then the thread job. */
async function receive(headers: string, body: string) {
  n++;
  const file = path.join(dir, `reply-${n}.eml`);
  writeFileSync(
    file,
    `From: Anna Svensson <anna@customer.example>\r\nTo: orders@ourcompany.example\r\nMessage-ID: <reply-${n}@customer.example>\r\n${headers}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}`,
  );
  const [m] = await db.sql<{ id: number }[]>`
    insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, source_path, status)
    values (${mailboxId}, ${`<reply-${n}@customer.example>`}, ${`r${n}`}, 100, ${file}, 'received') returning id::int as id`;
  const process = createMessageProcessTask({ handle: db, extractorFor, odooConfigured: true, routeReply });
  await process.handler({ messageId: m!.id }, ctx());
  const jobs = await db.sql<{ id: string; task_identifier: string; payload: Record<string, unknown> }[]>`
    select j.id::text, t.identifier as task_identifier, j.payload from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier in ('thread_post', 'odoo_write_draft')`;
  const [thread] = createThreadTasks({ handle: db, odoo: async () => client });
  for (const job of jobs) {
    if (job.task_identifier === "thread_post") await thread!.handler(job.payload as never, ctx());
    await db.sql`delete from graphile_worker._private_jobs where id = ${job.id}`;
  }
  return { messageRowId: m!.id, jobs: jobs.map((j) => j.task_identifier) };
}

const notesOn = (orderId: number) =>
  standIn.records("mail.message").filter((r) => r.model === "sale.order" && r.res_id === orderId);

describe("a customer's reply that changes nothing", () => {
  it("replying to our acknowledgement: posted as a note in that order's chatter, no new order", async () => {
    const { jobs } = await receive(
      "Subject: Re: Your order 4712\r\nIn-Reply-To: <ack-4712@ourcompany.example>\r\nReferences: <po-4712@customer.example> <ack-4712@ourcompany.example>\r\n",
      "Thanks, received. Please deliver to gate 3.\r\n\r\nOn Fri, 20 Nov 2026, Order Intake wrote:\r\n> Your order 4712 was received\r\n",
    );
    expect(jobs).toEqual(["thread_post"]);
    const notes = notesOn(orders["4712"]!);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ message_type: "comment", subtype_id: 2 });
    expect(String(notes[0]!.body)).toContain("Please deliver to gate 3.");
    expect(String(notes[0]!.body)).toContain("Anna Svensson &lt;anna@customer.example&gt;");
    expect(String(notes[0]!.body)).not.toContain("Your order 4712 was received"); // the quote is left out
    expect(notesOn(orders["4711"]!)).toHaveLength(0);
    expect(standIn.records("sale.order")).toHaveLength(3);
    const [post] = await db.sql`select matched_by, status, odoo_id from order_intake.thread_posts`;
    expect(post).toMatchObject({ matched_by: "acknowledgement", status: "posted", odoo_id: orders["4712"] });
  });

  it("matched by References to the customer's own order email, then by the PO number in the subject", async () => {
    await receive(
      "Subject: Re: our order\r\nReferences: <po-4711@customer.example> <other@elsewhere.example>\r\n",
      "Any news on the delivery date?\r\n",
    );
    expect(notesOn(orders["4711"]!).map((r) => String(r.body))).toEqual([
      expect.stringContaining("Any news on the delivery date?"),
    ]);
    await receive("Subject: RE: PO 4713 - question\r\n", "Can you add the invoice address <b>x</b>?\r\n");
    const third = notesOn(orders["4713"]!);
    expect(third).toHaveLength(1);
    expect(String(third[0]!.body)).toContain("&lt;b&gt;x&lt;/b&gt;"); // the customer's text is never markup
    const rows = await db.sql<
      { matched_by: string }[]
    >`select matched_by from order_intake.thread_posts order by id`;
    expect(rows.map((r) => r.matched_by)).toEqual(["acknowledgement", "references", "po_number"]);
  });

  it("a repeated job posts nothing twice; a mail that is not a reply is not threaded", async () => {
    const [post] = await db.sql<
      { id: number }[]
    >`select id::int as id from order_intake.thread_posts order by id limit 1`;
    await db.sql`update order_intake.thread_posts set status = 'pending' where id = ${post!.id}`;
    const [thread] = createThreadTasks({ handle: db, odoo: async () => client });
    await thread!.handler(
      {
        threadPostId: post!.id,
        from: "Anna",
        subject: "Re: Your order 4712",
        messageId: "<reply-1@customer.example>",
        text: "again",
        attachments: [],
      },
      ctx(),
    );
    expect(notesOn(orders["4712"]!)).toHaveLength(1);
    const { jobs } = await receive("Subject: Newsletter\r\n", "Our autumn collection\r\n");
    expect(jobs).toEqual([]);
  });

  it("a reply the reader takes for an order without lines is threaded too; an amendment or new lines are not", async () => {
    // what the demo catalog's reader says of "thank you, please call me before the delivery"
    reading = {
      ...notAnOrder,
      kind: "sales_order",
      expect: "review",
      orders: [
        {
          customer_reference: null,
          order_date: null,
          delivery_date: null,
          currency: null,
          lines: [],
          total_untaxed: null,
        },
      ],
    };
    const { jobs } = await receive(
      "Subject: Re: PO 4711\r\nIn-Reply-To: <po-4711@customer.example>\r\n",
      "Thank you. Please call me before the delivery.\r\n",
    );
    expect(jobs).toEqual(["thread_post"]);
    expect(notesOn(orders["4711"]!).map((r) => String(r.body))).toContainEqual(
      expect.stringContaining("call me before the delivery"),
    );
    reading = notAnOrder;
    const line = {
      default_code: "CH-1",
      customer_sku: null,
      description: "Chair",
      quantity: 5,
      uom: "Units",
      unit_price: null,
    };
    expect(
      isConversationReply({ ...notAnOrder, kind: "amendment", amends: { customer_reference: "4711" } }),
    ).toBe(false);
    expect(
      isConversationReply({
        ...notAnOrder,
        kind: "sales_order",
        orders: [
          {
            customer_reference: "4711",
            order_date: null,
            delivery_date: null,
            currency: null,
            lines: [line],
            total_untaxed: null,
          },
        ],
      }),
    ).toBe(false);
  });

  it("keeps only the new text of a reply", () => {
    expect(replyText("Fine.\n\nAm 20.11.2026 schrieb Order Intake <x@y>:\n> old")).toBe("Fine.");
    expect(replyText("Ok\n-----Original Message-----\nFrom: x")).toBe("Ok");
  });
});
