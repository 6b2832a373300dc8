import type { RequestHandler } from "express";

/**
 * Refuses a Slack request whose `X-Slack-Request-Timestamp` is missing, malformed, or more than
 * `maxSkewSeconds` away from our clock in EITHER direction. Bolt's own check only refuses timestamps
 * older than 5 minutes, so a request signed with a timestamp in the future could be replayed until
 * then (P14). It reads headers only: the raw body is left to Bolt's signature check.
 */
export function verifySlackTimestamp(
  options: { maxSkewSeconds?: number; now?: () => Date } = {},
): RequestHandler {
  const maxSkew = options.maxSkewSeconds ?? 300;
  return (req, res, next) => {
    if (req.method !== "POST") return next();
    const raw = req.headers["x-slack-request-timestamp"];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const ts = value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;
    const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    if (!Number.isFinite(ts) || Math.abs(now - ts) > maxSkew) {
      res
        .status(401)
        .json({ error: "stale_request", message: "request timestamp outside the 5-minute window" });
      return;
    }
    next();
  };
}
