import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { createOdooClient } from "../odoo/createOdooClient.ts";
import { createOdooStandIn, type OdooStandIn } from "../test/odooStandIn/createOdooStandIn.ts";
import { type RecordedFault, recorded } from "../test/odooStandIn/recordedOdoo18.ts";
import {
  sampleResult,
  seedDecidedMessages,
  seedOdooCatalog,
} from "../test/odooStandIn/seedDecidedMessages.ts";
import { signedDelivery } from "../test/signedDelivery.ts";
import { startTestService, testSecret } from "../test/startTestService.ts";
import { createTestDatabase, type TestDatabase } from "../test/testDatabase.ts";
import { waitFor } from "../test/waitFor.ts";

const signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
const botToken = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
const team = { id: "T0ACME001", domain: "acme-orders" };
const channelId = "C0ORDERS01";

/** Slack users as users.info returns them (docs.slack.dev/reference/methods/users.info). */
const slackUsers: Record<string, { name: string; real: string; email: string }> = {
  U0ANN00001: { name: "ann", real: "Ann Approver", email: "Ann.Approver@acme-orders.example" },
  U0SAM00001: { name: "sam", real: "Sam Sales", email: "sam.sales@acme-orders.example" },
};

interface SlackCall {
  method: string;
  args: Record<string, string>;
  /** The ts Slack gave the posted message. */
  ts?: string;
}

function usersInfo(id: string) {
  const u = slackUsers[id];
  if (!u) return { ok: false, error: "user_not_found" };
  return {
    ok: true,
    user: {
      id,
      team_id: team.id,
      name: u.name,
      deleted: false,
      color: "9f69e7",
      real_name: u.real,
      tz: "Europe/Berlin",
      tz_label: "Central European Time",
      tz_offset: 3600,
      profile: {
        avatar_hash: "ge3b51ca72de",
        status_text: "",
        status_emoji: "",
        real_name: u.real,
        display_name: u.name,
        real_name_normalized: u.real,
        display_name_normalized: u.name,
        email: u.email,
        image_24: "https://a.slack-edge.com/avatar_24.png",
        team: team.id,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: 1700000000,
      has_2fa: false,
    },
  };
}

/** Slack's Web API as msw answers it, with the shapes Slack documents; every call is recorded. */
function slackApi(calls: SlackCall[]) {
  let seq = 100;
  const ts = () => `1700000${String(seq++).padStart(3, "0")}.000200`;
  const form = async (request: Request) => Object.fromEntries(new URLSearchParams(await request.text()));
  const botMessage = (args: Record<string, string>, at: string) => ({
    bot_id: "B0BOT00001",
    type: "message",
    text: args.text,
    user: "U0BOT00001",
    ts: at,
    app_id: "A0APP00001",
    blocks: JSON.parse(args.blocks ?? "[]"),
    team: team.id,
    bot_profile: {
      id: "B0BOT00001",
      app_id: "A0APP00001",
      name: "Order Intake",
      deleted: false,
      team_id: team.id,
    },
  });
  return [
    http.post("https://slack.com/api/chat.postMessage", async ({ request }) => {
      const args = await form(request);
      calls.push({ method: "chat.postMessage", args });
      const at = ts();
      return HttpResponse.json({ ok: true, channel: channelId, ts: at, message: botMessage(args, at) });
    }),
    http.post("https://slack.com/api/chat.update", async ({ request }) => {
      const args = await form(request);
      calls.push({ method: "chat.update", args });
      return HttpResponse.json({
        ok: true,
        channel: args.channel,
        ts: args.ts,
        text: args.text,
        message: { ...botMessage(args, args.ts!), edited: { user: "U0BOT00001", ts: ts() } },
      });
    }),
    http.post("https://slack.com/api/chat.postEphemeral", async ({ request }) => {
      const args = await form(request);
      calls.push({ method: "chat.postEphemeral", args });
      return HttpResponse.json({ ok: true, message_ts: ts() });
    }),
    http.post("https://slack.com/api/users.info", async ({ request }) => {
      const args = await form(request);
      calls.push({ method: "users.info", args });
      return HttpResponse.json(usersInfo(args.user!));
    }),
  ];
}

/** A block_actions interaction as Slack posts it (application/x-www-form-urlencoded, `payload=`). */
function blockActions(
  posted: SlackCall,
  user: string,
  action: Record<string, unknown>,
): { body: string; payload: Record<string, unknown> } {
  const blocks = JSON.parse(posted.args.blocks!);
  const messageTs = posted.ts!;
  const payload = {
    type: "block_actions",
    user: {
      id: user,
      username: slackUsers[user]?.name ?? "x",
      name: slackUsers[user]?.name ?? "x",
      team_id: team.id,
    },
    api_app_id: "A0APP00001",
    token: "Shh_its_a_seekrit",
    container: { type: "message", message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.17653672481.${randomBytes(16).toString("hex")}`,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: "orders" },
    message: {
      bot_id: "B0BOT00001",
      type: "message",
      text: posted.args.text,
      user: "U0BOT00001",
      ts: messageTs,
      app_id: "A0APP00001",
      blocks,
      team: team.id,
    },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${team.id}/6212309445/${randomBytes(12).toString("hex")}`,
    actions: [
      { ...action, action_ts: `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}` },
    ],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), payload };
}

function slackHeaders(body: string, secret = signingSecret, at = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${at}:${body}`).digest("hex")}`;
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(at),
    "x-slack-signature": signature,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
}

const blockName = (b: Record<string, unknown>) => String(b.block_id).split(".")[0];

const button = (blocks: Array<Record<string, unknown>>, actionId: string) => {
  const decision = blocks.find((b) => blockName(b) === "decision") as {
    block_id: string;
    elements: Array<Record<string, unknown>>;
  };
  const b = decision.elements.find((e) => e.action_id === actionId)!;
  return {
    type: "button",
    block_id: decision.block_id,
    action_id: actionId,
    text: b.text,
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
  };
};

describe("Slack approvals against the running bridge, the Odoo 18 stand-in and Slack's Web API (msw)", () => {
  let db: TestDatabase;
  let standIn: OdooStandIn;
  let service: Awaited<ReturnType<typeof startTestService>>;
  const calls: SlackCall[] = [];
  const mswServer = setupServer(...slackApi(calls));
  const run = randomBytes(4).toString("hex");
  const dir = mkdtempSync(path.join(tmpdir(), "oi-slack-"));
  let seeded = 0;
  let refuseNextConfirm = false;

  /** A decided message written to Odoo as a draft; returns the posted approval message. */
  async function draftAwaitingApproval(
    po: string,
    lines?: ReturnType<typeof sampleResult>["orders"][0]["lines"],
  ) {
    const result = sampleResult(po);
    if (lines) {
      result.orders[0]!.lines = lines;
      result.orders[0]!.total_untaxed = null;
    }
    const [messageRow] = await seedDecidedMessages(db, path.join(dir, String(seeded++)), [
      { messageId: `<${run}-${po}@intake-test.example>`, result },
    ]);
    const before = calls.length;
    await enqueueJob(db.sql, "odoo_write_draft", { messageId: messageRow!, orderIndex: 0 });
    const posted = (await waitFor(
      async () =>
        calls.slice(before).find((c) => c.method === "chat.postMessage" && c.args.text?.includes(po)),
      { what: `the approval message of ${po}` },
    ))!;
    const [draft] = await db.sql<{ id: number; odoo_id: number; odoo_name: string }[]>`
      select id::int as id, odoo_id, odoo_name from order_intake.drafts where message_id = ${messageRow!}`;
    const [approval] = await db.sql<{ id: number; slack_ts: string }[]>`
      select id::int as id, slack_ts from order_intake.approvals where draft_id = ${draft!.id}`;
    await waitFor(
      async () =>
        (
          await db.sql`select 1 from order_intake.approvals where id = ${approval!.id} and slack_ts is not null`
        ).length > 0,
    );
    const [saved] = await db.sql<
      { slack_ts: string }[]
    >`select slack_ts from order_intake.approvals where id = ${approval!.id}`;
    return { posted: { ...posted, ts: saved!.slack_ts }, draft: draft!, approvalId: approval!.id };
  }

  const click = (body: string, headers: Record<string, string> = slackHeaders(body)) =>
    fetch(`${service.url}/slack/interactions`, { method: "POST", headers, body });
  const updatesOf = (ts: string) => calls.filter((c) => c.method === "chat.update" && c.args.ts === ts);
  const ephemeralsTo = (user: string) =>
    calls.filter((c) => c.method === "chat.postEphemeral" && c.args.user === user);
  const order = (id: number) => standIn.records("sale.order").find((r) => r.id === id)!;

  beforeAll(async () => {
    mswServer.listen({ onUnhandledRequest: "bypass" });
    db = await createTestDatabase();
    standIn = await createOdooStandIn({
      methods: {
        // as built in, but it can be told to refuse once with Odoo 18's own answer (recorded)
        "sale.order.action_confirm": (ctx, args) => {
          const ids = args[0] as number[];
          const recs = ctx.records("sale.order").filter((r) => ids.includes(r.id));
          if (refuseNextConfirm || recs.some((r) => r.state !== "draft" && r.state !== "sent")) {
            refuseNextConfirm = false;
            throw ctx.fault(2, recorded<RecordedFault>("fault_action_confirm_again").faultString);
          }
          for (const r of recs) r.state = "sale";
          return true;
        },
      },
    });
    const client = await createOdooClient(
      { url: standIn.url, db: standIn.db, user: standIn.user.login, apiKey: standIn.user.apiKey },
      { attempts: 2, backoffMs: 50 },
    );
    await seedOdooCatalog(client);
    client.close();
    standIn.addUser({
      login: "ann.approver@acme-orders.example",
      name: "Ann Approver",
      groups: ["base.group_user", "sales_team.group_sale_salesman", "order_intake.group_order_intake_user"],
    });
    standIn.addUser({
      login: "sam.sales@acme-orders.example",
      name: "Sam Sales",
      groups: ["base.group_user", "sales_team.group_sale_salesman"],
    });
    // Odoo's settings (settings.updated) name the Sales module's channel
    await db.sql`
      insert into order_intake.settings (odoo_database, company_id, values)
      values (${standIn.db}, 1, ${JSON.stringify({ modules: { sales: { enabled: true, slack_channel: "#sales-approvals" } } })}::jsonb)`;
    service = await startTestService(db, {
      env: {
        ODOO_URL: standIn.url,
        ODOO_DB: standIn.db,
        ODOO_USER: standIn.user.login,
        ODOO_API_KEY: standIn.user.apiKey,
        ODOO_PUBLIC_URL: "https://erp.acme-orders.example",
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_CHANNEL: "#orders",
        WORKER_CONCURRENCY: "4",
      },
    });
  }, 30_000);

  afterAll(async () => {
    if (process.env.SLACK_TEST_LOGS)
      console.log(service.logs.filter((l) => /"level":(40|50)/.test(l)).join(""));
    await service?.stop();
    mswServer.close();
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("a written draft is posted to the channel with its lines, confidence, reasons and the Odoo link", async () => {
    const { posted, draft } = await draftAwaitingApproval("PO-POST-1");
    expect(posted.args.channel).toBe("#sales-approvals");
    const blocks = JSON.stringify(JSON.parse(posted.args.blocks!));
    for (const text of [
      "Intake Test Customer GmbH",
      "PO-POST-1",
      "2025-03-14",
      "809.00 EUR",
      "82 %",
      "Known sender",
      "OI-1",
      "Product two",
    ]) {
      expect(blocks).toContain(text);
    }
    expect(blocks).toContain(
      `https://erp.acme-orders.example/web#id=${draft.odoo_id}&model=sale.order&view_type=form`,
    );
  });

  it("Approve confirms the draft in Odoo once, even clicked twice, and the message says who and when", async () => {
    const { posted, draft, approvalId } = await draftAwaitingApproval("PO-APPROVE-1");
    const blocks = JSON.parse(posted.args.blocks!);
    const confirmsBefore = standIn.calls.get("sale.order.action_confirm") ?? 0;
    const first = blockActions(posted, "U0ANN00001", button(blocks, "approval_approve"));
    const second = blockActions(posted, "U0ANN00001", button(blocks, "approval_approve"));
    const answers = await Promise.all([click(first.body), click(second.body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor(async () => order(draft.odoo_id).state === "sale", { what: "the order confirmed in Odoo" });
    const update = (await waitFor(
      async () => updatesOf(posted.ts).find((u) => u.args.blocks?.includes("*Approved* by Ann Approver")),
      { what: "the message updated" },
    ))!;
    const text = JSON.stringify(JSON.parse(update.args.blocks!));
    expect(text).toContain(`${draft.odoo_name} is confirmed in Odoo`);
    expect(text).toMatch(/on <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    expect(text).not.toContain("approval_approve");
    // the second click: told it was already decided, nothing done twice
    await waitFor(async () => ephemeralsTo("U0ANN00001").some((e) => e.args.text?.includes("already")), {
      what: "the second click answered",
    });
    expect((standIn.calls.get("sale.order.action_confirm") ?? 0) - confirmsBefore).toBe(1);
    expect(order(draft.odoo_id).order_intake_review_state).toBe("approved");
    const [row] =
      await db.sql`select state, decided_by, decided_by_name from order_intake.approvals where id = ${approvalId}`;
    expect(row).toMatchObject({
      state: "approved",
      decided_by: "slack:U0ANN00001",
      decided_by_name: "Ann Approver",
    });
    // a late click, long after: nothing happens in Odoo either
    await click(blockActions(posted, "U0ANN00001", button(blocks, "approval_reject")).body);
    await waitFor(
      async () => ephemeralsTo("U0ANN00001").filter((e) => e.args.text?.includes("already")).length >= 2,
    );
    expect(order(draft.odoo_id).state).toBe("sale");
    expect(standIn.calls.get("sale.order.action_cancel") ?? 0).toBe(0);
  });

  it("Reject cancels the draft in Odoo and the message says so", async () => {
    const { posted, draft } = await draftAwaitingApproval("PO-REJECT-1");
    const blocks = JSON.parse(posted.args.blocks!);
    const reject = button(blocks, "approval_reject");
    expect(JSON.stringify(blocks)).toContain('"confirm":{"title"');
    expect((await click(blockActions(posted, "U0ANN00001", reject).body)).status).toBe(200);
    await waitFor(async () => order(draft.odoo_id).state === "cancel", {
      what: "the order cancelled in Odoo",
    });
    await waitFor(async () =>
      updatesOf(posted.ts).some((u) => u.args.blocks?.includes("*Rejected* by Ann Approver")),
    );
    expect(order(draft.odoo_id).order_intake_review_state).toBe("rejected");
  });

  it("when Odoo refuses, the message shows Odoo's error and keeps the buttons; a new click can then confirm", async () => {
    const { posted, draft, approvalId } = await draftAwaitingApproval("PO-REFUSED-1");
    const blocks = JSON.parse(posted.args.blocks!);
    refuseNextConfirm = true;
    await click(blockActions(posted, "U0ANN00001", button(blocks, "approval_approve")).body);
    const failed = (await waitFor(
      async () => updatesOf(posted.ts).find((u) => u.args.blocks?.includes("Odoo refused to confirm")),
      { what: "the message with Odoo's error" },
    ))!;
    expect(failed.args.blocks).toContain("Some orders are not in a state requiring confirmation.");
    expect(failed.args.blocks).toContain("approval_approve");
    const [row] = await db.sql`select state, error from order_intake.approvals where id = ${approvalId}`;
    expect(row!.state).toBe("failed");
    expect(order(draft.odoo_id).state).toBe("draft");
    const again = JSON.parse(failed.args.blocks!);
    await click(
      blockActions(
        { ...posted, args: { ...posted.args, blocks: failed.args.blocks! } },
        "U0ANN00001",
        button(again, "approval_approve"),
      ).body,
    );
    await waitFor(async () => order(draft.odoo_id).state === "sale", {
      what: "the order confirmed on the second try",
    });
    await waitFor(async () =>
      updatesOf(posted.ts).some((u) => u.args.blocks?.includes("*Approved* by Ann Approver")),
    );
  });

  it("a bad signature, an old timestamp or a missing signature is refused and nothing is enqueued", async () => {
    const { posted, draft } = await draftAwaitingApproval("PO-FORGED-1");
    const blocks = JSON.parse(posted.args.blocks!);
    const { body } = blockActions(posted, "U0ANN00001", button(blocks, "approval_approve"));
    const jobs = async () =>
      (
        await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'decision_apply'`
      )[0]!.n;
    const before = await jobs();
    const forged = await click(body, slackHeaders(body, "not-the-signing-secret-0000000000"));
    expect(forged.status).toBe(401);
    const stale = await click(body, slackHeaders(body, signingSecret, Math.floor(Date.now() / 1000) - 600));
    expect(stale.status).toBe(401);
    const unsigned = await click(body, { "content-type": "application/x-www-form-urlencoded" });
    expect(unsigned.status).toBe(401);
    const tampered = body.replace("U0ANN00001", "U0SAM00001");
    expect((await click(tampered, { ...slackHeaders(body) })).status).toBe(401);
    expect(await jobs()).toBe(before);
    expect(order(draft.odoo_id).state).toBe("draft");
  });

  it("a Slack user who is not an approver in Odoo is told so and nothing happens", async () => {
    const { posted, draft, approvalId } = await draftAwaitingApproval("PO-OUTSIDER-1");
    const blocks = JSON.parse(posted.args.blocks!);
    expect(
      (await click(blockActions(posted, "U0SAM00001", button(blocks, "approval_approve")).body)).status,
    ).toBe(200);
    const told = (await waitFor(async () =>
      ephemeralsTo("U0SAM00001").find((e) => e.args.text?.includes("not allowed")),
    ))!;
    expect(told.args.channel).toBe(channelId);
    expect(order(draft.odoo_id).state).toBe("draft");
    const [row] = await db.sql`select state, decided_by from order_intake.approvals where id = ${approvalId}`;
    expect(row).toMatchObject({ state: "pending", decided_by: null });
  });

  it("a product picked for an uncertain line changes the draft line in Odoo and is learned as an alias", async () => {
    const { posted, draft } = await draftAwaitingApproval("PO-PICK-1", [
      {
        default_code: "OI-1",
        customer_sku: null,
        description: "Product one",
        quantity: 3,
        uom: "Units",
        unit_price: 120,
      },
      {
        default_code: "OI-2",
        customer_sku: "ACME-77",
        description: "Widget, the small grey one",
        quantity: 5,
        uom: "Units",
        unit_price: 9.5,
        confidence: 0.55,
        candidates: [
          { default_code: "OI-2", name: "Intake Test Product 2", score: 0.58 },
          { default_code: "OI-3", name: "Intake Test Product 3", score: 0.55 },
        ],
      },
    ]);
    const blocks = JSON.parse(posted.args.blocks!) as Array<Record<string, unknown>>;
    const pick = blocks.find((b) => blockName(b) === "pick_1") as {
      block_id: string;
      accessory: {
        action_id: string;
        options: Array<{ text: unknown; value: string }>;
        placeholder: unknown;
      };
    };
    expect(pick.accessory.options.map((o) => o.value)).toEqual(["OI-2", "OI-3"]);
    const chosen = pick.accessory.options[1]!;
    const action = {
      type: "static_select",
      block_id: pick.block_id,
      action_id: pick.accessory.action_id,
      selected_option: chosen,
      placeholder: pick.accessory.placeholder,
    };
    expect((await click(blockActions(posted, "U0ANN00001", action).body)).status).toBe(200);
    const oi3 = standIn.records("product.product").find((p) => p.default_code === "OI-3")!;
    const line = () => standIn.records("sale.order.line").filter((l) => l.order_id === draft.odoo_id)[1]!;
    await waitFor(async () => line().product_id === oi3.id, { what: "the draft line changed in Odoo" });
    expect(line().price_unit).toBe(9.5);
    expect(line().name).toBe("Widget, the small grey one");
    const aliases = await waitFor(
      async () => {
        const rows = await db.sql<{ alias_key: string; product_code: string; source: string }[]>`
          select alias_key, product_code, source from order_intake.product_aliases where partner_ref = 'C-9001'
          order by alias_key`;
        return rows.length >= 2 ? rows : null;
      },
      { what: "the aliases learned" },
    );
    expect(aliases).toEqual([
      { alias_key: "ACME-77", product_code: "OI-3", source: "slack" },
      { alias_key: "Widget, the small grey one", product_code: "OI-3", source: "slack" },
    ]);
    // the alias reaches Odoo too (odoo_alias_write), and the message shows the pick
    await waitFor(
      async () =>
        standIn
          .records("order.intake.product.alias")
          .some((a) => a.key === "ACME-77" && a.product_id === oi3.id),
      { what: "the alias written to Odoo" },
    );
    await waitFor(async () =>
      updatesOf(posted.ts).some((u) => u.args.blocks?.includes("picked by Ann Approver")),
    );
    // picking the same product again changes nothing more (asserted once its job and what it
    // queued have run, however slow the machine)
    const writes = standIn.calls.get("sale.order.line.write") ?? 0;
    await click(blockActions(posted, "U0ANN00001", action).body);
    await waitFor(
      async () =>
        (
          await db.sql`
            select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
            where t.identifier in ('slack_pick_product', 'slack_update_approval', 'odoo_alias_write')`
        ).length === 0,
      { what: "the second pick handled", timeoutMs: 30_000 },
    );
    expect(standIn.calls.get("sale.order.line.write") ?? 0).toBe(writes);
  });

  it("a decision taken in Odoo (draft.reviewed) updates the message, and a click after it does nothing", async () => {
    const { posted, draft } = await draftAwaitingApproval("PO-IN-ODOO-1");
    order(draft.odoo_id).state = "sale"; // a person confirmed it in Odoo
    const delivery = await signedDelivery(testSecret, {
      event: "draft.reviewed",
      data: {
        model: "sale.order",
        res_id: draft.odoo_id,
        name: draft.odoo_name,
        decision: "confirmed",
        review_state: "approved",
        message_id: `<${run}-PO-IN-ODOO-1@intake-test.example>`,
        intake_log_id: null,
        partner_id: null,
        currency: "EUR",
        amount_total: 809,
        user: { id: 7, login: "olga@acme-orders.example", name: "Olga Odoo" },
        lines: [],
      },
    });
    const res = await fetch(`${service.url}/webhooks/odoo`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect(res.status).toBe(202);
    await waitFor(
      async () =>
        updatesOf(posted.ts).some((u) => u.args.blocks?.includes("*Approved* in Odoo by Olga Odoo")),
      {
        what: "the message updated from Odoo",
      },
    );
    const blocks = JSON.parse(posted.args.blocks!);
    const confirms = standIn.calls.get("sale.order.action_confirm") ?? 0;
    await click(blockActions(posted, "U0ANN00001", button(blocks, "approval_approve")).body);
    await waitFor(async () =>
      ephemeralsTo("U0ANN00001").some((e) => e.args.text?.includes("already approved in Odoo by Olga Odoo")),
    );
    expect(standIn.calls.get("sale.order.action_confirm") ?? 0).toBe(confirms);
  });
});

describe("without Slack configured", () => {
  it("no Slack route exists and the rest of the bridge answers as before", async () => {
    const db = await createTestDatabase();
    const service = await startTestService(db, { mode: "server" });
    try {
      const body = new URLSearchParams({ payload: "{}" }).toString();
      const res = await fetch(`${service.url}/slack/interactions`, {
        method: "POST",
        headers: slackHeaders(body),
        body,
      });
      expect(res.status).toBe(404);
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      expect(service.config.slack).toBeUndefined();
    } finally {
      await service.stop();
      await db.drop();
    }
  });
});
