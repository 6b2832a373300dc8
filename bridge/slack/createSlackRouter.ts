import {
  App,
  type BlockAction,
  type ButtonAction,
  ExpressReceiver,
  LogLevel,
  type StaticSelectAction,
} from "@slack/bolt";
import express, { type Router } from "express";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { Logger } from "../log/createLogger.ts";
import { approvalActions } from "./buildApprovalMessage.ts";
import { verifySlackTimestamp } from "./verifySlackTimestamp.ts";

/** The path Slack posts interactions to (the manifest's interactivity request URL). */
export const slackInteractionsPath = "/slack/interactions";

/** Bolt's logger interface over the bridge's pino logger. */
function boltLogger(log: Logger) {
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => log.debug({ bolt: true }, m.map(String).join(" ")),
    info: (...m: unknown[]) => log.info({ bolt: true }, m.map(String).join(" ")),
    warn: (...m: unknown[]) => log.warn({ bolt: true }, m.map(String).join(" ")),
    error: (...m: unknown[]) => log.error({ bolt: true }, m.map(String).join(" ")),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Slack's interactions (button clicks, product picks) mounted in the bridge's express app through
 * Bolt's ExpressReceiver: Bolt reads the raw body and verifies the signing secret (and the 5-minute
 * timestamp window) itself; no other body parser runs before it. Each handler only checks the action
 * names an approval, enqueues the job that does the work, and acks.
 */
export function createSlackRouter(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  signingSecret: string;
  botToken: string;
  /** Slack's Web API base (SLACK_API_URL); Slack's own when not given. */
  apiUrl?: string;
}): Router {
  const log = deps.logger.child({ component: "slack" });
  const router = express.Router();
  router.use(slackInteractionsPath, verifySlackTimestamp()); // P14: future timestamps refused too
  const receiver = new ExpressReceiver({
    signingSecret: deps.signingSecret,
    endpoints: { interactions: slackInteractionsPath },
    router,
    logger: boltLogger(log),
    processBeforeResponse: false,
  });
  // A fixed authorization: the bot token is known, so Bolt never calls auth.test per request.
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: deps.botToken }),
    logger: boltLogger(log),
    ...(deps.apiUrl ? { clientOptions: { slackApiUrl: deps.apiUrl } } : {}),
  });

  const approvalIdOf = (value: string | undefined) => {
    const n = Number(value);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  };
  const clickOf = (body: BlockAction) => ({
    slackUserId: body.user.id,
    channelId: body.channel?.id ?? String(body.container?.channel_id ?? ""),
    messageTs: body.message?.ts ?? String(body.container?.message_ts ?? ""),
  });

  for (const decision of ["approve", "reject"] as const) {
    app.action<BlockAction<ButtonAction>>(approvalActions[decision], async ({ ack, body, action }) => {
      try {
        const approvalId = approvalIdOf(action.value);
        if (approvalId === null) {
          log.warn({ action: action.action_id }, "click without an approval id; ignored");
          return;
        }
        await enqueueJob(deps.handle.sql, "decision_apply", {
          approvalId,
          decision,
          actionTs: action.action_ts,
          ...clickOf(body),
        });
      } catch (err) {
        log.error({ err }, "could not enqueue the decision of a Slack click");
      } finally {
        await ack();
      }
    });
  }

  const pickPattern = /^approval_pick:(\d+):(\d+)$/;
  app.action<BlockAction<StaticSelectAction>>(pickPattern, async ({ ack, body, action }) => {
    try {
      const m = pickPattern.exec(action.action_id);
      const approvalId = approvalIdOf(m?.[1]);
      const productCode = action.selected_option?.value;
      if (!m || approvalId === null || !productCode) {
        log.warn({ action: action.action_id }, "product pick without approval or product; ignored");
        return;
      }
      await enqueueJob(deps.handle.sql, "slack_pick_product", {
        approvalId,
        lineIndex: Number(m[2]),
        productCode,
        actionTs: action.action_ts,
        ...clickOf(body),
      });
    } catch (err) {
      log.error({ err }, "could not enqueue a product pick from Slack");
    } finally {
      await ack();
    }
  });

  // "Open in Odoo" is a link: Slack still reports the click, which needs an answer.
  app.action(approvalActions.open, async ({ ack }) => {
    await ack();
  });

  return router;
}
