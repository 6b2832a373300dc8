import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import type { OdooDelivery } from "./odooDelivery.ts";

/** Keys whose string values are secrets: passwords, secrets, tokens, API and private keys, credentials. */
export const SECRET_KEY =
  /(^|[_-])(password|passwd|passphrase|secret|token|api_?key|apikey|private_?key|credentials?|authorization)$/i;

/** A URL's user:password part replaced: credentials never stay in a URL (P14). */
export function redactUrlCredentials(value: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, "$1[redacted]@");
}

function sealValue(value: unknown, secretBox: SecretBox, depth: number): unknown {
  if (depth > 40) return value;
  if (typeof value === "string") return redactUrlCredentials(value);
  if (Array.isArray(value)) return value.map((v) => sealValue(v, secretBox, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEY.test(k) && typeof v === "string") {
      if (v !== "") out[`${k}_sealed`] = secretBox.seal(v).toString("base64");
      continue;
    }
    out[k] = sealValue(v, secretBox, depth + 1);
  }
  return out;
}

/**
 * Every secret of a delivery is sealed before it is stored, so no table ever holds one readable:
 * `data.password` becomes `data.password_sealed`, an outbound endpoint's `secret` `secret_sealed`,
 * and so on for any key named like a secret, at any depth; credentials in a URL are removed (P14).
 */
export function sealSecrets(delivery: OdooDelivery, secretBox: SecretBox): OdooDelivery {
  return { ...delivery, data: sealValue(delivery.data, secretBox, 0) as Record<string, unknown> };
}

/** @deprecated the name of P5: every secret is sealed now, not only passwords. */
export const sealPasswords = sealSecrets;

/** The secret stored sealed under `<key>_sealed` (or, from an older row, in clear under `key`). */
export function openSealed(
  data: Record<string, unknown>,
  key: string,
  secretBox: SecretBox | undefined,
): string | null {
  const sealed = data[`${key}_sealed`];
  if (typeof sealed === "string" && sealed !== "" && secretBox) {
    return secretBox.open(Buffer.from(sealed, "base64"));
  }
  const clear = data[key];
  return typeof clear === "string" && clear !== "" ? clear : null;
}

/**
 * Payloads of deliveries handled more than `retentionDays` ago are pruned: the row stays (its
 * delivery id keeps replays out), its data goes (P14). Returns how many were pruned.
 */
export async function pruneDeliveryPayloads(handle: DatabaseHandle, retentionDays: number): Promise<number> {
  const pruned = await handle.sql`
    update order_intake.webhook_deliveries
    set payload = jsonb_build_object('pruned', true, 'event', event)
    where received_at < now() - make_interval(days => ${retentionDays})
      and status <> 'received' and not (payload ? 'pruned')`;
  const outbound = await handle.sql`
    update order_intake.outbound_deliveries set data = '{"pruned": true}'::jsonb
    where created_at < now() - make_interval(days => ${retentionDays})
      and status <> 'pending' and not (data ? 'pruned')`;
  return pruned.count + outbound.count;
}

/**
 * Records a verified delivery once and enqueues its job in the same transaction: the unique delivery
 * id makes a second (or fiftieth concurrent) post of the same delivery a no-op.
 */
export async function recordDelivery(
  handle: DatabaseHandle,
  delivery: OdooDelivery,
  secretBox: SecretBox,
): Promise<{ duplicate: boolean; jobId?: string }> {
  const stored = sealSecrets(delivery, secretBox);
  return handle.sql.begin(async (tx) => {
    const inserted = await tx<{ id: string }[]>`
      insert into order_intake.webhook_deliveries
        (delivery_id, event, odoo_database, company_id, sent_at, payload)
      values (${delivery.delivery}, ${delivery.event}, ${delivery.database}, ${delivery.company_id},
              ${delivery.sent_at}, ${JSON.stringify(stored)}::jsonb)
      on conflict (delivery_id) do nothing
      returning id`;
    if (inserted.length === 0) return { duplicate: true };
    const jobId = await enqueueJob(
      tx,
      "odoo_event_handle",
      { deliveryId: delivery.delivery },
      { jobKey: `delivery:${delivery.delivery}` },
    );
    return { duplicate: false, jobId };
  });
}
