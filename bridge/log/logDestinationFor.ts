import type { DestinationStream } from "pino";
import { createSummaryStream } from "./createSummaryStream.ts";

export type LogFormat = "auto" | "pretty" | "json";

/**
 * Where the process logs: a person at a terminal (stdout is a TTY) reads one summary line per email;
 * anything else (a pipe, a file, a log collector) gets pino's JSON lines. LOG_FORMAT forces either.
 */
export function logDestinationFor(
  stdout: { isTTY?: boolean; write(text: string): unknown },
  format: LogFormat,
  env: Record<string, string | undefined> = process.env,
): DestinationStream {
  const pretty = format === "pretty" || (format === "auto" && stdout.isTTY === true);
  if (!pretty) return stdout as DestinationStream;
  const colour = stdout.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
  return createSummaryStream(stdout, { colour }) as DestinationStream;
}
