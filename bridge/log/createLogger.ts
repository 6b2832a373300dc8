import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Paths that must never reach a log line. Mail bodies and attachments are never passed to the logger
 * in the first place; this is the second fence for secrets that ride along in objects.
 */
export const redactedPaths = [
  "password",
  "*.password",
  "*.*.password",
  "secret",
  "*.secret",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  'headers["x-order-intake-signature-256"]',
  "body",
  "*.body",
  "html",
  "*.html",
  "text",
  "*.text",
  "content",
  "*.content",
];

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "order-intake" },
      redact: { paths: redactedPaths, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
