import { WebClient } from "@slack/web-api";
import type { Sql, TransactionSql } from "postgres";
import type { Config } from "../config/loadConfig.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { DefinedTask, TaskContext } from "../jobs/defineTask.ts";
import { defineTask } from "../jobs/defineTask.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import { releaseSourceOfDraft } from "../jobs/releaseSource.ts";
import { createOdooOrderActionTasks } from "../jobs/tasks/odooOrderAction.ts";
import { recordProductAlias } from "../match/recordProductAlias.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { OdooError } from "../odoo/odooErrors.ts";
import { bridgeContext } from "../odoo/writeSaleDraft.ts";
import { buildApprovalMessage } from "./buildApprovalMessage.ts";
import { findOdooApprover } from "./findOdooApprover.ts";
import { type ApprovalRow, loadApprovalView, readApproval } from "./loadApprovalView.ts";
import { slackCall, slackUserProfile, tellUser } from "./slackCalls.ts";
import { slackChannelFor } from "./slackChannelFor.ts";

export interface SlackTaskDeps {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
  slack: WebClient;
  /** The channel used when Odoo's settings name none for the module (SLACK_CHANNEL). */
  defaultChannel: string | undefined;
  odooPublicUrl: string | undefined;
  /** The Odoo database name the bridge serves (learned aliases are kept per database). */
  odooDatabase: string;
  /** P5's `odoo_confirm_draft` / `odoo_cancel_draft` handlers: the decision runs exactly their code. */
  orderActions: { confirm: DefinedTask<"odoo_confirm_draft">; cancel: DefinedTask<"odoo_cancel_draft"> };
}

const odooStateDecided = (state: string | null | undefined) => state === "sale" || state === "cancel";

/**
 * The Slack approval jobs. Each one does one side effect that must not run twice, guarded by our own
 * rows: `approvals` (one per draft; a click claims it with `state = 'deciding'` and its claim key, so a
 * double click or a late click finds it taken) and `approval_picks` (one per line and product).
 *  - slack_request_approval: posts the message (chat.postMessage) once per draft.
 *  - decision_apply: checks the clicking person in Odoo, claims the approval, confirms or cancels.
 *  - slack_pick_product: checks the person, changes the draft line's product, learns the alias.
 *  - slack_update_approval: redraws the message in place (chat.update).
 */
export function createSlackTasks(deps: SlackTaskDeps): DefinedTask[] {
  const { handle, slack } = deps;
  const sql = handle.sql;

  const refresh = (tx: Sql | TransactionSql, approvalId: number) =>
    enqueueJob(
      tx,
      "slack_update_approval",
      { approvalId },
      // one queue per message: its updates run one after the other, the last state last
      { jobKey: `slack_update_approval:${approvalId}`, queueName: `slack_message:${approvalId}` },
    );

  /** Who clicked, as an Odoo approver of the draft's module; tells them and returns null otherwise. */
  const approverOf = async (row: ApprovalRow, slackUserId: string, channel: string, ctx: TaskContext) => {
    const profile = await slackUserProfile(slack, slackUserId);
    const client = await deps.odoo();
    const approver =
      profile.email && !profile.isBot && !profile.deleted
        ? await findOdooApprover(client, profile.email, row.module)
        : null;
    if (!approver) {
      ctx.log.info(
        { approval: row.id, slackUser: slackUserId },
        "Slack user is not an Odoo approver; nothing done",
      );
      await tellUser(
        slack,
        channel,
        slackUserId,
        `You are not allowed to decide on ${row.odoo_name ?? "this order"}: your Slack email must belong to an Odoo user with Order Intake and ${row.module} rights. Nothing was done.`,
      );
      return null;
    }
    return { ...approver, slackName: profile.name, client };
  };

  const sameMessage = (row: ApprovalRow, channelId: string, messageTs: string) =>
    row.slack_channel === channelId && row.slack_ts === messageTs;

  const alreadyDecidedText = (row: ApprovalRow) => {
    const what =
      row.state === "approved" ? "approved" : row.state === "rejected" ? "rejected" : "being decided";
    const by = row.decided_by_name ? ` by ${row.decided_by_name}` : "";
    const where = row.decided_by?.startsWith("odoo:") ? " in Odoo" : "";
    return `${row.odoo_name ?? "This order"} was already ${what}${where}${by}. Nothing was done again.`;
  };

  const requestApproval = defineTask("slack_request_approval", async ({ draftId }, ctx) => {
    const [draft] = await sql<{ state: string; odoo_id: number | null }[]>`
      select state, odoo_id from order_intake.drafts where id = ${draftId}`;
    if (!draft?.odoo_id) throw new PermanentJobError("draft.not_written", `draft ${draftId} is not in Odoo`);
    await sql`insert into order_intake.approvals (draft_id) values (${draftId}) on conflict (draft_id) do nothing`;
    const [approval] = await sql<{ id: number; slack_ts: string | null }[]>`
      select id::int as id, slack_ts from order_intake.approvals where draft_id = ${draftId}`;
    if (approval!.slack_ts) {
      ctx.log.info({ approval: approval!.id }, "approval message already posted");
      return;
    }
    const channel = await slackChannelFor(sql, draftId, deps.defaultChannel);
    if (!channel) {
      ctx.log.warn(
        { draft: draftId },
        "no Slack channel for this module (Odoo settings or SLACK_CHANNEL): the draft waits in Odoo's To review filter",
      );
      return;
    }
    const loaded = await loadApprovalView({
      sql,
      odoo: await deps.odoo(),
      approvalId: approval!.id,
      odooPublicUrl: deps.odooPublicUrl,
    });
    const message = buildApprovalMessage(loaded!.view);
    const res = await slackCall("chat.postMessage", () =>
      slack.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    await sql`
      update order_intake.approvals set slack_channel = ${res.channel ?? channel}, slack_ts = ${res.ts ?? null}, updated_at = now()
      where id = ${approval!.id}`;
    ctx.log.info({ approval: approval!.id, channel: res.channel, ts: res.ts }, "approval requested in Slack");
  });

  const decisionApply = defineTask("decision_apply", async (p, ctx) => {
    const row = await readApproval(sql, p.approvalId);
    if (!row || !sameMessage(row, p.channelId, p.messageTs)) {
      ctx.log.warn({ approval: p.approvalId }, "click on a message that is not this approval's; ignored");
      return;
    }
    const claimKey = `${p.slackUserId}:${p.actionTs}`;
    const mine = row.state === "deciding" && row.claim_key === claimKey;
    if (!mine && row.state !== "pending" && row.state !== "failed") {
      await tellUser(slack, p.channelId, p.slackUserId, alreadyDecidedText(row));
      await refresh(sql, row.id);
      return;
    }
    const who = await approverOf(row, p.slackUserId, p.channelId, ctx);
    if (!who) return;
    const [claimed] = await sql<{ id: number }[]>`
      update order_intake.approvals
      set state = 'deciding', decision = ${p.decision}, decided_by = ${`slack:${p.slackUserId}`},
          decided_by_name = ${who.name}, claim_key = ${claimKey}, error = null, updated_at = now()
      where id = ${row.id} and (state in ('pending', 'failed') or (state = 'deciding' and claim_key = ${claimKey}))
      returning id::int as id`;
    if (!claimed) {
      const again = await readApproval(sql, row.id);
      await tellUser(slack, p.channelId, p.slackUserId, alreadyDecidedText(again ?? row));
      return;
    }
    const model = row.odoo_model ?? "sale.order";
    const finish = async (
      state: "approved" | "rejected" | "failed",
      extra: { error?: string | null; odoo?: boolean },
    ) => {
      await sql.begin(async (tx) => {
        await tx`
          update order_intake.approvals
          set state = ${state}, error = ${extra.error ?? null}, decided_at = now(), updated_at = now(),
              decided_by = case when ${extra.odoo ?? false} then 'odoo:' else decided_by end,
              decided_by_name = case when ${extra.odoo ?? false} then null else decided_by_name end
          where id = ${row.id}`;
        await refresh(tx, row.id);
      });
    };

    // An order decided in Odoo meanwhile (its webhook may not be here yet) is left as it is.
    const [current] = await who.client.read<{ state: string }>(model, [row.odoo_id!], ["state"]);
    if (!current || odooStateDecided(current.state)) {
      const state = current?.state === "sale" ? "approved" : "rejected";
      await sql`update order_intake.drafts set state = ${state === "approved" ? "confirmed" : "cancelled"}, updated_at = now() where id = ${row.draft_id}`;
      await releaseSourceOfDraft(sql, row.draft_id);
      await finish(state, { odoo: true });
      await tellUser(
        slack,
        p.channelId,
        p.slackUserId,
        `${row.odoo_name ?? "This order"} was already ${current?.state === "sale" ? "confirmed" : "cancelled"} in Odoo. Nothing was done.`,
      );
      return;
    }

    const task = p.decision === "approve" ? deps.orderActions.confirm : deps.orderActions.cancel;
    try {
      await task.handler({ draftId: row.draft_id }, ctx);
    } catch (err) {
      if (err instanceof PermanentJobError) {
        ctx.log.warn({ approval: row.id, code: err.code }, "Odoo refused the decision");
        await finish("failed", { error: err.message });
        return;
      }
      throw err;
    }
    // Odoo's review state follows the decision (the bridge's writes send no draft.reviewed back).
    try {
      await who.client.write(
        model,
        [row.odoo_id!],
        {
          order_intake_review_state: p.decision === "approve" ? "approved" : "rejected",
        },
        bridgeContext,
      );
    } catch (err) {
      if (!(err instanceof OdooError) || err.retryable) throw err;
      ctx.log.warn({ err }, "could not set the review state in Odoo");
    }
    await finish(p.decision === "approve" ? "approved" : "rejected", {});
    ctx.log.info({ approval: row.id, decision: p.decision, by: who.login }, "Slack decision applied in Odoo");
  });

  const pickProduct = defineTask("slack_pick_product", async (p, ctx) => {
    const row = await readApproval(sql, p.approvalId);
    if (!row || !sameMessage(row, p.channelId, p.messageTs)) {
      ctx.log.warn({ approval: p.approvalId }, "pick on a message that is not this approval's; ignored");
      return;
    }
    const line = row.result?.orders[row.order_index]?.lines[p.lineIndex];
    // Only a product the message offered for that line is taken.
    if (!line || !(line.candidates ?? []).some((c) => c.default_code === p.productCode)) {
      ctx.log.warn(
        { approval: row.id, line: p.lineIndex },
        "picked product was not offered for this line; ignored",
      );
      return;
    }
    if (row.state !== "pending" && row.state !== "failed") {
      await tellUser(slack, p.channelId, p.slackUserId, alreadyDecidedText(row));
      return;
    }
    const who = await approverOf(row, p.slackUserId, p.channelId, ctx);
    if (!who) return;
    const [pick] = await sql<{ id: number; state: string }[]>`
      insert into order_intake.approval_picks (approval_id, line_index, product_code, picked_by, picked_by_name)
      values (${row.id}, ${p.lineIndex}, ${p.productCode}, ${`slack:${p.slackUserId}`}, ${who.name})
      on conflict (approval_id, line_index, product_code) do update set updated_at = now()
      returning id::int as id, state`;
    if (pick!.state === "applied") {
      ctx.log.info({ approval: row.id, line: p.lineIndex }, "this pick was already applied");
      return;
    }
    const client = who.client;
    const fail = async (code: string, message: string) => {
      await sql.begin(async (tx) => {
        await tx`update order_intake.approval_picks set state = 'failed', error = ${message}, updated_at = now() where id = ${pick!.id}`;
        await refresh(tx, row.id);
      });
      throw new PermanentJobError(code, message);
    };
    const [order] = await client.read<{ state: string }>("sale.order", [row.odoo_id!], ["state"]);
    if (!order || !["draft", "sent"].includes(order.state)) {
      return fail("draft.not_editable", `${row.odoo_name ?? "the order"} is no longer a draft in Odoo`);
    }
    const [product] = await client.search("product.product", [["default_code", "=", p.productCode]], {
      limit: 1,
    });
    if (!product) return fail("product.unknown", `no product ${p.productCode} in Odoo`);
    // The draft's lines, notes included: written one per order line, in order, so the line index
    // points at the same line (an unknown product kept as a note does not shift the ones after it).
    const allLines = await client.searchRead<{ id: number; display_type: string | false }>(
      "sale.order.line",
      [["order_id", "=", row.odoo_id!]],
      ["id", "display_type"],
      { order: "sequence,id" },
    );
    const extractedCount = row.result?.orders[row.order_index]?.lines.length ?? -1;
    const orderLines =
      allLines.length === extractedCount ? allLines : allLines.filter((l) => !l.display_type);
    const target = orderLines[p.lineIndex];
    if (!target) return fail("draft.line_missing", `the draft has no line ${p.lineIndex + 1}`);
    if (target.display_type) {
      return fail(
        "draft.line_is_note",
        `line ${p.lineIndex + 1} is a note in ${row.odoo_name ?? "the draft"} (no product was found): add the product in Odoo`,
      );
    }
    // Product, price and description written together: Odoo keeps the written price and text.
    const values: Record<string, unknown> = { product_id: product, name: line.description || p.productCode };
    if (line.unit_price !== null) values.price_unit = line.unit_price;
    try {
      await client.write("sale.order.line", [target.id], values, bridgeContext);
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) return fail(err.code, err.message);
      throw err;
    }
    await sql.begin(async (tx) => {
      await tx`update order_intake.approval_picks set state = 'applied', error = null, updated_at = now() where id = ${pick!.id}`;
      if (row.customer_ref) {
        const learned = await recordProductAlias(tx, {
          odooDatabase: deps.odooDatabase,
          partnerRef: row.customer_ref,
          customerSku: line.customer_sku,
          description: line.description,
          productCode: p.productCode,
          source: "slack",
        });
        for (const a of learned.filter((x) => x.changed)) {
          await enqueueJob(tx, "odoo_alias_write", { aliasId: a.id }, { jobKey: `odoo_alias_write:${a.id}` });
        }
      }
      await refresh(tx, row.id);
    });
    ctx.log.info(
      { approval: row.id, line: p.lineIndex, product: p.productCode, by: who.login },
      "product picked in Slack applied",
    );
  });

  const updateApproval = defineTask("slack_update_approval", async ({ approvalId }, ctx) => {
    const loaded = await loadApprovalView({
      sql,
      odoo: await deps.odoo(),
      approvalId,
      odooPublicUrl: deps.odooPublicUrl,
    });
    if (!loaded?.row.slack_ts || !loaded.row.slack_channel) {
      ctx.log.info({ approval: approvalId }, "no Slack message to update");
      return;
    }
    const message = buildApprovalMessage(loaded.view);
    await slackCall("chat.update", () =>
      slack.chat.update({
        channel: loaded.row.slack_channel!,
        ts: loaded.row.slack_ts!,
        text: message.text,
        blocks: message.blocks as never,
      }),
    );
  });

  return [requestApproval, decisionApply, pickProduct, updateApproval] as DefinedTask[];
}

/** The Slack tasks when Slack is configured (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET), else none. */
export function slackTasksFor(deps: {
  handle: DatabaseHandle;
  config: Config;
  odoo: () => Promise<OdooClient>;
}): DefinedTask[] {
  const { config, handle, odoo } = deps;
  if (!config.slack) return [];
  const [confirm, cancel] = createOdooOrderActionTasks({ handle, odoo });
  return createSlackTasks({
    handle,
    odoo,
    slack: new WebClient(config.slack.botToken, {
      retryConfig: { retries: 3 },
      slackApiUrl: config.slack.apiUrl,
    }),
    defaultChannel: config.slack.channel,
    odooPublicUrl: config.odooPublicUrl,
    odooDatabase: config.odoo?.db ?? "local",
    orderActions: {
      confirm: confirm as DefinedTask<"odoo_confirm_draft">,
      cancel: cancel as DefinedTask<"odoo_cancel_draft">,
    },
  });
}

/** Called by odoo_write_draft in the transaction that records a written draft: ask for approval. */
export async function requestSlackApproval(tx: Sql | TransactionSql, draftId: number): Promise<void> {
  await enqueueJob(
    tx,
    "slack_request_approval",
    { draftId },
    { jobKey: `slack_request_approval:${draftId}` },
  );
}
