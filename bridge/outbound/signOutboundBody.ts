import { createHmac } from "node:crypto";

/**
 * `sha256=<hex HMAC-SHA256 of the raw body>`, the same signature Odoo puts on its webhooks to the bridge
 * (bridge/webhooks/verifyOdooDelivery.ts checks those), keyed with the endpoint's secret.
 */
export function signOutboundBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
