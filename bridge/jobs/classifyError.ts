/**
 * Errors classified once (P14): only what a retry can fix is retried, that is input/output: the
 * network, the database, a service answering "later". Everything else thrown while reading a message
 * (a parser that gave up, a budget exceeded, a bug on this input) fails the same way every time, so
 * it is permanent and recorded with its reason instead of being retried for hours.
 */
export type ErrorClass = "io" | "permanent";

const IO_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ETIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "EBUSY",
  "EMFILE",
  "ENFILE",
  "EAGAIN",
]);

/** PostgreSQL SQLSTATE classes that a retry can fix: connection, resources, serialization, shutdown. */
const PG_RETRYABLE = /^(08|53|57P0|40001|40P01|55P03)/;

function errorClassOf(err: unknown, depth: number): ErrorClass {
  if (depth > 5 || err === null || typeof err !== "object") return "permanent";
  const e = err as {
    code?: unknown;
    name?: unknown;
    status?: unknown;
    cause?: unknown;
    retryable?: unknown;
  };
  if (e.retryable === true) return "io";
  const code = typeof e.code === "string" ? e.code : "";
  if (IO_CODES.has(code)) return "io";
  if (e.name === "PostgresError" && PG_RETRYABLE.test(code)) return "io";
  // the Anthropic SDK: connection problems, timeouts, 408/409/429 and 5xx answers
  if (e.name === "APIConnectionError" || e.name === "APIConnectionTimeoutError") return "io";
  if (typeof e.status === "number" && (e.status === 408 || e.status === 429 || e.status >= 500)) return "io";
  if (e.name === "AbortError" || e.name === "TimeoutError") return "io";
  // fetch wraps the socket error in `cause`
  if (e.cause !== undefined) return errorClassOf(e.cause, depth + 1);
  return "permanent";
}

export function classifyError(err: unknown): ErrorClass {
  return errorClassOf(err, 0);
}
