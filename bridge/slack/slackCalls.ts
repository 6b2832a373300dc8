import type { WebClient } from "@slack/web-api";
import { PermanentJobError } from "../jobs/jobErrors.ts";

/** Slack answers that no retry changes (the rest, rate limits and 5xx, are retried by the job). */
const transient = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Runs a Web API call; a platform error no retry can fix becomes a PermanentJobError with Slack's code. */
export async function slackCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const e = err as { code?: string; data?: { error?: string } };
    if (e.code === "slack_webapi_platform_error" && e.data?.error && !transient.has(e.data.error)) {
      throw new PermanentJobError(`slack.${e.data.error}`, `Slack refused ${what}: ${e.data.error}`);
    }
    throw err;
  }
}

/** The email and name of a Slack user (users.info; the app needs users:read and users:read.email). */
export async function slackUserProfile(
  slack: WebClient,
  userId: string,
): Promise<{ email: string | null; name: string; isBot: boolean; deleted: boolean }> {
  const res = await slackCall("users.info", () => slack.users.info({ user: userId }));
  const u = res.user ?? {};
  return {
    email: u.profile?.email ?? null,
    name: u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || userId,
    isBot: Boolean(u.is_bot),
    deleted: Boolean(u.deleted),
  };
}

/** A message only the clicking user sees, in the approval's channel. */
export async function tellUser(slack: WebClient, channel: string, user: string, text: string): Promise<void> {
  await slackCall("chat.postEphemeral", () => slack.chat.postEphemeral({ channel, user, text }));
}
