import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in of Slack's Web API (a real HTTP server), for tests that run the bridge with
 * SLACK_API_URL pointing at it: `{url}/api/<method>`. It answers in the shapes of Slack's documented
 * responses (docs.slack.dev/reference/methods: chat.postMessage, chat.update, chat.postEphemeral,
 * users.info), checks the bot token like Slack (`invalid_auth` / `not_authed`) and records every call.
 * Unknown methods get Slack's `unknown_method`.
 */
export interface SlackWebApiStandIn {
  /** The address to give the bridge as SLACK_API_URL. */
  apiUrl: string;
  /** Every call, in order: the method and its arguments (form fields, as Slack receives them). */
  calls: Array<{ method: string; args: Record<string, string>; ts?: string }>;
  /** Messages as Slack holds them after postMessage / update, by `channel:ts`. */
  messages: Map<
    string,
    { channel: string; ts: string; text: string; blocks: Array<Record<string, unknown>> }
  >;
  close(): Promise<void>;
}

export interface SlackStandInUser {
  id: string;
  name: string;
  realName: string;
  email: string;
}

export const slackTeam = { id: "T0ACME001", domain: "acme-orders" };
/** Channel names are resolved to this id, as Slack answers a postMessage to "#name". */
export const slackChannelId = "C0ORDERS01";

export async function createSlackWebApiStandIn(options: {
  botToken: string;
  users: SlackStandInUser[];
}): Promise<SlackWebApiStandIn> {
  const calls: SlackWebApiStandIn["calls"] = [];
  const messages: SlackWebApiStandIn["messages"] = new Map();
  let seq = 100;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(seq++).padStart(6, "0")}`;
  const channelOf = (c: string | undefined) => (c?.startsWith("#") ? slackChannelId : (c ?? ""));
  const botMessage = (text: string, blocks: unknown[], ts: string) => ({
    bot_id: "B0BOT00001",
    type: "message",
    text,
    user: "U0BOT00001",
    ts,
    app_id: "A0APP00001",
    blocks,
    team: slackTeam.id,
    bot_profile: { id: "B0BOT00001", app_id: "A0APP00001", name: "Order Intake", deleted: false },
  });

  const answer = (method: string, args: Record<string, string>): Record<string, unknown> => {
    switch (method) {
      case "chat.postMessage": {
        if (!args.channel) return { ok: false, error: "channel_not_found" };
        const ts = nextTs();
        const channel = channelOf(args.channel);
        const blocks = JSON.parse(args.blocks ?? "[]");
        messages.set(`${channel}:${ts}`, { channel, ts, text: args.text ?? "", blocks });
        return { ok: true, channel, ts, message: botMessage(args.text ?? "", blocks, ts) };
      }
      case "chat.update": {
        const key = `${args.channel}:${args.ts}`;
        if (!messages.has(key)) return { ok: false, error: "message_not_found" };
        const blocks = JSON.parse(args.blocks ?? "[]");
        messages.set(key, { channel: args.channel!, ts: args.ts!, text: args.text ?? "", blocks });
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: {
            ...botMessage(args.text ?? "", blocks, args.ts!),
            edited: { user: "U0BOT00001", ts: nextTs() },
          },
        };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "users.info": {
        const u = options.users.find((x) => x.id === args.user);
        if (!u) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: slackTeam.id,
            name: u.name,
            deleted: false,
            real_name: u.realName,
            tz: "Europe/Berlin",
            profile: {
              real_name: u.realName,
              display_name: u.name,
              real_name_normalized: u.realName,
              display_name_normalized: u.name,
              email: u.email,
              team: slackTeam.id,
            },
            is_admin: false,
            is_owner: false,
            is_bot: false,
            is_app_user: false,
            updated: 1700000000,
          },
        };
      }
      default:
        return { ok: false, error: "unknown_method", req_method: method };
    }
  };

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] ?? "";
      const type = String(req.headers["content-type"] ?? "");
      const args: Record<string, string> = type.includes("application/json")
        ? Object.fromEntries(
            Object.entries(JSON.parse(body || "{}") as Record<string, unknown>).map(([k, v]) => [
              k,
              typeof v === "string" ? v : JSON.stringify(v),
            ]),
          )
        : Object.fromEntries(new URLSearchParams(body));
      const auth = String(req.headers.authorization ?? "");
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : args.token;
      let out: Record<string, unknown>;
      if (!token) out = { ok: false, error: "not_authed" };
      else if (token !== options.botToken) out = { ok: false, error: "invalid_auth" };
      else out = answer(method, args);
      calls.push({ method, args, ...(typeof out.ts === "string" ? { ts: out.ts } : {}) });
      // Slack answers platform errors with HTTP 200 and ok: false
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "x-slack-req-id": randomBytes(8).toString("hex"),
      });
      res.end(JSON.stringify(out));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    calls,
    messages,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A block_actions interaction as Slack posts it to the app (form-encoded `payload=`), for a button. */
export function slackButtonClick(
  message: { channel: string; ts: string; text: string; blocks: Array<Record<string, unknown>> },
  user: SlackStandInUser,
  actionId: string,
): string {
  const decision = message.blocks.find((b) => String(b.block_id).split(".")[0] === "decision") as
    | { block_id: string; elements: Array<Record<string, unknown>> }
    | undefined;
  const b = decision?.elements.find((e) => e.action_id === actionId);
  if (!decision || !b) throw new Error(`the message has no ${actionId} button`);
  const payload = {
    type: "block_actions",
    user: { id: user.id, username: user.name, name: user.name, team_id: slackTeam.id },
    api_app_id: "A0APP00001",
    token: "Shh_its_a_seekrit",
    container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.17653672481.${randomBytes(16).toString("hex")}`,
    team: slackTeam,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: "orders" },
    message: { ...message, type: "message", bot_id: "B0BOT00001" },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${slackTeam.id}/6212309445/${randomBytes(12).toString("hex")}`,
    actions: [
      {
        type: "button",
        block_id: decision.block_id,
        action_id: actionId,
        text: b.text,
        value: b.value,
        action_ts: `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The headers Slack signs an interaction with (v0 HMAC-SHA256 of `v0:<timestamp>:<body>`). */
export function slackSignedHeaders(body: string, signingSecret: string): Record<string, string> {
  const at = Math.floor(Date.now() / 1000);
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(at),
    "x-slack-signature": `v0=${createHmac("sha256", signingSecret).update(`v0:${at}:${body}`).digest("hex")}`,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
  };
}
