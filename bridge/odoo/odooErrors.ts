/** What went wrong talking to Odoo, as a stable code a job can act on. */
export type OdooErrorCode =
  | "odoo.access_denied"
  | "odoo.access_error"
  | "odoo.validation"
  | "odoo.user_error"
  | "odoo.missing"
  | "odoo.unknown_model"
  | "odoo.unknown_method"
  | "odoo.duplicate_draft"
  | "odoo.integrity"
  | "odoo.fault"
  | "odoo.timeout"
  | "odoo.connection"
  | "odoo.http_5xx"
  | "odoo.http_4xx"
  | "odoo.bad_response"
  | "odoo.bad_call";

/** An Odoo call that failed; `retryable` says whether the same call can succeed later. */
export class OdooError extends Error {
  constructor(
    readonly code: OdooErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly details: { faultCode?: unknown; exception?: string; status?: number } = {},
  ) {
    super(message);
    this.name = "OdooError";
  }
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "ERR_STREAM_PREMATURE_CLOSE",
]);

/** The last "odoo.exceptions.X: message" (or "X: message") line of a faultString, or its first line. */
function lastExceptionLine(faultString: string): { exception: string | undefined; message: string } {
  const lines = faultString.split("\n").filter((l) => l.trim() !== "");
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^([\w.]+(?:Error|Exception|Denied|Warning|Violation)):\s?(.*)$/.exec(lines[i]!);
    if (m) return { exception: m[1], message: [m[2], ...lines.slice(i + 1)].join("\n").trim() };
  }
  return { exception: undefined, message: (lines[0] ?? faultString).trim() };
}

/**
 * Maps an XML-RPC fault (or a JSON-2 error body) to a coded error. Odoo puts the whole traceback in
 * faultString; the exception class on its last lines says what happened. Nothing Odoo refused is
 * retryable, except a serialization failure (two transactions touching one row).
 */
export function odooFaultError(faultCode: unknown, faultString: string): OdooError {
  const { exception, message } = lastExceptionLine(faultString);
  const name = exception?.split(".").pop() ?? "";
  const short = message.slice(0, 500);
  const details = { faultCode, exception };
  if (/SerializationFailure|could not serialize access|concurrent update/i.test(faultString)) {
    return new OdooError("odoo.fault", `Odoo: concurrent update, try again: ${short}`, true, details);
  }
  // two requests storing the same file at once: the second sees the first's file half written (Odoo's
  // ir.attachment._get_path compares the contents); the same call succeeds once the first is done
  if (/The attachment collides with an existing file/.test(faultString)) {
    return new OdooError(
      "odoo.fault",
      `Odoo: the same file was being stored at once, try again: ${short}`,
      true,
      details,
    );
  }
  // Odoo 18 /xmlrpc/2: 3 AccessDenied, 4 AccessError, 2 any other UserError (MissingError,
  // ValidationError, ...) with only its message, 1 anything else with the whole traceback.
  if (name === "AccessDenied" || faultCode === 3) {
    return new OdooError("odoo.access_denied", "Odoo refused the credentials (AccessDenied)", false, details);
  }
  if (name === "AccessError" || faultCode === 4) {
    return new OdooError("odoo.access_error", `Odoo AccessError: ${short}`, false, details);
  }
  if (name === "MissingError" || /^Record does not exist or has been deleted/.test(faultString)) {
    return new OdooError("odoo.missing", `Odoo MissingError: ${short}`, false, details);
  }
  if (
    /Object [\w.]+ doesn't exist/.test(faultString) ||
    /KeyError: '[\w.]+'/.test(faultString) ||
    /the model '[\w.]+' does not exist/.test(faultString)
  ) {
    return new OdooError("odoo.unknown_model", `Odoo: ${short}`, false, details);
  }
  // XML-RPC: "AttributeError: The method 'm.x' does not exist"; JSON-2 (19): a 404 with the same words
  if (/The method '[\w.]+' does not exist/.test(faultString)) {
    return new OdooError("odoo.unknown_method", `Odoo: ${short}`, false, details);
  }
  // The addon's unique(order_intake_message_id): another call already wrote this draft (e.g. a create
  // whose answer was lost, still running when it was tried again). Searching again finds it.
  if (/order_intake_message_id\)/.test(faultString) && /already exists/.test(faultString)) {
    return new OdooError("odoo.duplicate_draft", `Odoo: ${short}`, true, details);
  }
  if (name === "ValidationError" || /^The operation cannot be completed/.test(faultString)) {
    return new OdooError("odoo.validation", `Odoo ValidationError: ${short}`, false, details);
  }
  if (name === "UserError" || name === "RedirectWarning" || faultCode === 2) {
    return new OdooError("odoo.user_error", `Odoo UserError: ${short}`, false, details);
  }
  if (/IntegrityError|ForeignKeyViolation|NotNullViolation|UniqueViolation/.test(faultString)) {
    return new OdooError("odoo.integrity", `Odoo refused the record: ${short}`, false, details);
  }
  return new OdooError("odoo.fault", `Odoo fault ${String(faultCode)}: ${short}`, false, details);
}

/** Maps a transport failure (refused, reset, timeout, 5xx) to a coded error. */
export function odooTransportError(error: unknown): OdooError {
  if (error instanceof OdooError) return error;
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err?.code ?? err?.cause?.code;
  if (code && connectionCodes.has(code)) {
    return new OdooError("odoo.connection", `Odoo is unreachable (${code})`, true);
  }
  if (/socket hang up|aborted|closed/i.test(err?.message ?? "")) {
    return new OdooError("odoo.connection", `Odoo connection lost (${err.message})`, true);
  }
  return new OdooError(
    "odoo.bad_response",
    `Odoo answered something unreadable: ${String(err?.message)}`,
    true,
  );
}

export function isRetryableOdooError(error: unknown): boolean {
  return error instanceof OdooError ? error.retryable : false;
}
