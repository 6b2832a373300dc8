import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
  delivery: string;
}

/** Builds a delivery exactly as the Odoo addon sends it, signed with `secret`. */
export async function signedDelivery(
  secret: string,
  overrides: { event?: string; delivery?: string; sentAt?: Date; data?: Record<string, unknown> } = {},
): Promise<SignedDelivery> {
  const delivery = overrides.delivery ?? randomUUID();
  const event = overrides.event ?? "ping";
  const body = JSON.stringify({
    company_id: 1,
    data: overrides.data ?? {},
    database: "odoo",
    delivery,
    event,
    sent_at: (overrides.sentAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, "Z"),
  });
  return {
    body,
    delivery,
    headers: {
      "content-type": "application/json",
      "x-order-intake-event": event,
      "x-order-intake-delivery": delivery,
      "x-order-intake-signature-256": await sign(secret, body),
    },
  };
}
