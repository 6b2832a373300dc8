import { verifyWithFallback } from "@octokit/webhooks-methods";
import {
  deliveryHeader,
  eventHeader,
  type OdooDelivery,
  odooDeliverySchema,
  signatureHeader,
} from "./odooDelivery.ts";
import { checkJsonShape, validateMailboxSettings } from "./validateDelivery.ts";

export type VerifyResult =
  | { ok: true; delivery: OdooDelivery }
  | { ok: false; status: 400 | 401; error: string; message: string };

export interface VerifyOptions {
  /** The current secret first, then the previous one while a rotation is under way. */
  secrets: string[];
  maxSkewSeconds: number;
  now: Date;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Checks one delivery exactly as DESIGN.md says: HMAC-SHA256 of the raw body (any of the accepted
 * secrets), then the JSON shape, then `sent_at` within the window. The signature is checked before
 * anything in the body is trusted.
 */
export async function verifyOdooDelivery(
  rawBody: Buffer,
  headers: Headers,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const signature = header(headers, signatureHeader);
  if (!signature) {
    return {
      ok: false,
      status: 401,
      error: "signature_missing",
      message: `missing ${signatureHeader} header`,
    };
  }
  if (!/^sha256=[0-9a-f]{64}$/i.test(signature)) {
    return { ok: false, status: 401, error: "signature_invalid", message: "signature is not sha256=<hex>" };
  }
  const [first, ...rest] = options.secrets;
  let valid = false;
  try {
    valid = Boolean(await verifyWithFallback(first ?? "", rawBody.toString("utf8"), signature, rest));
  } catch {
    valid = false;
  }
  if (!valid) {
    return {
      ok: false,
      status: 401,
      error: "signature_invalid",
      message: "signature does not match the body",
    };
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return { ok: false, status: 400, error: "malformed_json", message: "body is not valid JSON" };
  }
  // what PostgreSQL or a handler would fail on later (a 500) is a 400 now: NUL, deep nesting (P14)
  const shape = checkJsonShape(json);
  if (shape) return { ok: false, status: 400, error: "malformed_delivery", message: shape };
  const parsed = odooDeliverySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      status: 400,
      error: "malformed_delivery",
      message: `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
    };
  }
  const delivery = parsed.data;
  const headerDelivery = header(headers, deliveryHeader);
  const headerEvent = header(headers, eventHeader);
  if (headerDelivery !== undefined && headerDelivery !== delivery.delivery) {
    return {
      ok: false,
      status: 400,
      error: "delivery_mismatch",
      message: `${deliveryHeader} differs from the body`,
    };
  }
  if (headerEvent !== undefined && headerEvent !== delivery.event) {
    return {
      ok: false,
      status: 400,
      error: "event_mismatch",
      message: `${eventHeader} differs from the body`,
    };
  }
  const skewMs = Math.abs(options.now.getTime() - new Date(delivery.sent_at).getTime());
  if (skewMs > options.maxSkewSeconds * 1000) {
    return {
      ok: false,
      status: 401,
      error: "stale_delivery",
      message: `sent_at is more than ${options.maxSkewSeconds} seconds away from the bridge's clock`,
    };
  }
  // mailbox settings are checked at the door: Odoo shows the 400's message on the delivery (P14)
  if (delivery.event === "mailbox.updated") {
    const problems = validateMailboxSettings(delivery.data);
    if (problems.length > 0) {
      return {
        ok: false,
        status: 400,
        error: "invalid_settings",
        message: problems.join("; ").slice(0, 1000),
      };
    }
  }
  return { ok: true, delivery };
}
