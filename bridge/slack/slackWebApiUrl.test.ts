import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExtractionResult } from "../extract/types.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../test/odooStandIn/seedDecidedMessages.ts";
import {
  createSlackWebApiStandIn,
  type SlackStandInUser,
  type SlackWebApiStandIn,
  slackButtonClick,
  slackSignedHeaders,
} from "../test/slackStandIn/createSlackWebApiStandIn.ts";
import { startTestService } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";

const botToken = "xoxb-17653672481-19874698323-localStandIn01";
const signingSecret = "f3b1c0de-local-standin-signing-secret";
const ann: SlackStandInUser = {
  id: "U0ANN00001",
  name: "ann",
  realName: "Ann Approver",
  email: "ann.approver@acme-orders.example",
};

const headerOf = (blocks: Array<Record<string, unknown>>) =>
  (blocks.find((b) => String(b.block_id).startsWith("title")) as { text: { text: string } }).text.text;
const linesOf = (blocks: Array<Record<string, unknown>>) =>
  blocks
    .filter((b) => String(b.block_id).startsWith("lines_") && b.type === "section")
    .map((b) => (b.text as { text: string }).text)
    .join("\n");
const totalOf = (blocks: Array<Record<string, unknown>>) =>
  (
    (
      blocks.find((b) => String(b.block_id).startsWith("facts")) as { fields: Array<{ text: string }> }
    ).fields.find((f) => f.text.startsWith("*Total")) as { text: string }
  ).text;

/**
 * The approval flow end to end with Slack's Web API at SLACK_API_URL: a local server in the shapes of
 * Slack's responses (no msw, nothing reaches slack.com), the running bridge and the Odoo 18 stand-in.
 */
describe("Slack at SLACK_API_URL: the approval flow against a local stand-in of Slack's Web API", () => {
  let db: TestDatabase;
  let odoo: OdooStandIn;
  let slack: SlackWebApiStandIn;
  let service: Awaited<ReturnType<typeof startTestService>>;
  const dir = mkdtempSync(path.join(tmpdir(), "oi-slack-url-"));
  const run = randomBytes(4).toString("hex");
  let seeded = 0;

  /** A decided message written to Odoo as a draft; resolves with the message as Slack holds it. */
  async function posted(result: ExtractionResult) {
    const po = result.orders[0]!.customer_reference!;
    const [messageRow] = await seedDecidedMessages(db, path.join(dir, String(seeded++)), [
      { messageId: `<${run}-${po}@intake-test.example>`, result },
    ]);
    await enqueueJob(db.sql, "odoo_write_draft", { messageId: messageRow!, orderIndex: 0 });
    const call = await waitFor(
      async () => slack.calls.find((c) => c.method === "chat.postMessage" && c.args.text?.includes(po)),
      { what: `the approval message of ${po}` },
    );
    const [draft] = await db.sql<{ odoo_id: number }[]>`
      select odoo_id from order_intake.drafts where message_id = ${messageRow!}`;
    return { message: [...slack.messages.values()].find((m) => m.ts === call!.ts)!, odooId: draft!.odoo_id };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    odoo = await createOdooStandIn();
    const client = await createOdooClient(
      { url: odoo.url, db: odoo.db, user: odoo.user.login, apiKey: odoo.user.apiKey },
      { attempts: 2, backoffMs: 50 },
    );
    await seedOdooCatalog(client);
    client.close();
    odoo.addUser({
      login: ann.email,
      name: ann.realName,
      groups: ["base.group_user", "sales_team.group_sale_salesman", "order_intake.group_order_intake_user"],
    });
    await db.sql`
      insert into order_intake.settings (odoo_database, company_id, values)
      values (${odoo.db}, 1, ${JSON.stringify({ thresholds: { auto: 95, review: 70 }, modules: { sales: { enabled: true } } })}::jsonb)`;
    slack = await createSlackWebApiStandIn({ botToken, users: [ann] });
    service = await startTestService(db, {
      env: {
        ODOO_URL: odoo.url,
        ODOO_DB: odoo.db,
        ODOO_USER: odoo.user.login,
        ODOO_API_KEY: odoo.user.apiKey,
        ODOO_PUBLIC_URL: "https://erp.acme-orders.example",
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_CHANNEL: "#orders",
        SLACK_API_URL: slack.apiUrl,
      },
    });
  }, 30_000);

  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    await odoo?.close();
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("an order without prices is posted with Odoo's amounts and our product names; Approve says who approved", async () => {
    const result = sampleResult("PO-NOPRICE-1");
    const order = result.orders[0]!;
    // the customer wrote no prices: Odoo prices the draft from its list (OI-1 120.00, OI-2 45.50)
    order.lines = order.lines.map((l) => ({ ...l, unit_price: null }));
    order.total_untaxed = null;
    const { message, odooId } = await posted(result);
    expect(slack.calls.every((c) => c.args.token === undefined)).toBe(true);
    const so = odoo.records("sale.order").find((r) => r.id === odooId)!;
    expect(so.amount_untaxed).toBe(3 * 120 + 10 * 45.5);

    expect(headerOf(message.blocks)).toBe("Order to review: Intake Test Customer GmbH");
    expect(totalOf(message.blocks)).toBe("*Total (untaxed)*\n815.00 EUR (Odoo)");
    expect(message.text).toContain("815.00 EUR");
    expect(message.text).not.toContain("?");
    const lines = linesOf(message.blocks);
    expect(lines).toContain('1. `OI-1` Intake Test Product 1 ← "Product one"');
    expect(lines).toContain("× 120.00 EUR (Odoo price) = 360.00 EUR");
    expect(lines).toContain('2. `OI-2` Intake Test Product 2 ← "Product two"');
    expect(lines).toContain("= 455.00 EUR");

    const body = slackButtonClick(message, ann, "approval_approve");
    const res = await fetch(`${service.url}/slack/interactions`, {
      method: "POST",
      headers: slackSignedHeaders(body, signingSecret),
      body,
    });
    expect(res.status).toBe(200);
    await waitFor(async () => so.state === "sale", { what: "the draft confirmed in Odoo" });
    const updated = await waitFor(
      async () => {
        const m = slack.messages.get(`${message.channel}:${message.ts}`)!;
        return headerOf(m.blocks).startsWith("Approved") ? m : undefined;
      },
      { what: "the message updated after the decision" },
    );
    expect(headerOf(updated!.blocks)).toBe("Approved by Ann Approver: Intake Test Customer GmbH");
    expect(JSON.stringify(updated!.blocks)).not.toMatch(/to review/i);
    expect(updated!.text).toMatch(/^Approved by Ann Approver/);
  });

  it("a draft at the auto threshold is announced as drafted automatically, never as to review", async () => {
    const result = sampleResult("PO-AUTO-1", { confidence: 1, expect: "draft" });
    const { message } = await posted(result);
    expect(headerOf(message.blocks)).toBe("Order drafted automatically: Intake Test Customer GmbH");
    expect(message.text).toMatch(/^Order drafted automatically/);
    // the order stated its total and prices: the draft's (same) amount is shown
    expect(totalOf(message.blocks)).toBe("*Total (untaxed)*\n809.00 EUR (Odoo)");
  });
});
