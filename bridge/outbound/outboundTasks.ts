import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { defineTask } from "../jobs/defineTask.ts";
import { enqueueJob } from "../jobs/enqueueJob.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import { pruneDeliveryPayloads, redactUrlCredentials } from "../webhooks/recordDelivery.ts";
import { checkOutboundUrl } from "./checkOutboundUrl.ts";
import { outboundDeliveryHeader, outboundEventHeader, outboundSignatureHeader } from "./outboundEvents.ts";
import { scanOutboundEvents } from "./scanOutboundEvents.ts";
import { signOutboundBody } from "./signOutboundBody.ts";

interface DeliveryRow {
  id: number;
  event: string;
  delivery_id: string;
  data: Record<string, unknown>;
  status: string;
  attempts: number;
  url: string;
  secret_sealed: Buffer;
  odoo_database: string;
  company_id: number;
  endpoint_active: boolean;
}

/** 4xx answers a retry cannot change (except 408 timeout and 429 too many requests). */
const permanentStatus = (s: number) => s >= 400 && s < 500 && s !== 408 && s !== 429;

/**
 * Jobs of the outbound events:
 * - `outbound_tick`: scans for new events (scanOutboundEvents), then runs again after `tickSeconds`;
 * - `outbound_deliver`: POSTs one delivery, signed, with a fresh `sent_at` under the same delivery id
 *   on every attempt (the contract of Odoo's webhooks to the bridge). A 2xx marks it delivered; a
 *   failure is recorded (status code, error, attempts) and retried with graphile-worker's exponential
 *   backoff; after the last attempt, or on a 4xx, it is marked failed.
 */
export function createOutboundTasks(deps: {
  handle: DatabaseHandle;
  secretBox: SecretBox;
  tickSeconds: number;
  timeoutMs?: number;
  /** Internal hosts an admin allowed outbound events to reach (OUTBOUND_ALLOWED_HOSTS). */
  allowedHosts?: string[];
  /** Days a handled delivery's payload is kept (default 30). */
  retentionDays?: number;
  /** DNS resolution, for tests. */
  resolve?: (host: string) => Promise<string[]>;
}) {
  const { handle } = deps;
  const tick = defineTask("outbound_tick", async (_p, ctx) => {
    // never thrown: the next tick is the retry (a retried tick beside the next one would double them)
    try {
      const n = await scanOutboundEvents(handle);
      if (n > 0) ctx.log.info({ deliveries: n }, "outbound events queued");
      // delivery payloads are not kept forever (P14)
      const pruned = await pruneDeliveryPayloads(handle, deps.retentionDays ?? 30);
      if (pruned > 0) ctx.log.info({ pruned }, "old delivery payloads pruned");
    } catch (err) {
      ctx.log.error({ err }, "scanning for outbound events failed; scanned again at the next tick");
    }
    await scheduleOutboundTick(handle, deps.tickSeconds);
  });

  const deliver = defineTask("outbound_deliver", async ({ deliveryId }, ctx) => {
    const [d] = await handle.sql<DeliveryRow[]>`
      select o.id::int as id, o.event, o.delivery_id::text as delivery_id, o.data, o.status, o.attempts,
             e.url, e.secret_sealed, e.odoo_database, e.company_id, e.active as endpoint_active
      from order_intake.outbound_deliveries o join order_intake.outbound_endpoints e on e.id = o.endpoint_id
      where o.id = ${deliveryId}`;
    if (!d) throw new PermanentJobError("outbound.missing", `no outbound delivery ${deliveryId}`);
    if (d.status !== "pending") return;
    const record = async (values: { status?: string; code: number | null; error: string | null }) => {
      await handle.sql`
        update order_intake.outbound_deliveries
        set attempts = attempts + 1, last_status_code = ${values.code}, last_error = ${values.error},
            status = ${values.status ?? "pending"},
            delivered_at = ${values.status === "delivered" ? new Date().toISOString() : null}, updated_at = now()
        where id = ${deliveryId}`;
    };
    if (!d.endpoint_active) {
      await record({ status: "failed", code: null, error: "the endpoint was removed or deactivated" });
      return;
    }
    // never to an internal address, unless an admin allowed it; checked at every attempt (DNS changes)
    const target = await checkOutboundUrl(d.url, { allowedHosts: deps.allowedHosts, resolve: deps.resolve });
    if (!target.ok) {
      await record({ status: "failed", code: null, error: `refused: ${target.reason}` });
      throw new PermanentJobError("outbound.refused", `${redactUrlCredentials(d.url)}: ${target.reason}`);
    }
    const body = JSON.stringify({
      event: d.event,
      delivery: d.delivery_id,
      sent_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      database: d.odoo_database,
      company_id: d.company_id,
      data: d.data,
    });
    const signature = signOutboundBody(deps.secretBox.open(d.secret_sealed), body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "order-intake-bridge",
          [outboundEventHeader]: d.event,
          [outboundDeliveryHeader]: d.delivery_id,
          [outboundSignatureHeader]: signature,
        },
        body,
        signal: AbortSignal.any([ctx.abortSignal, AbortSignal.timeout(deps.timeoutMs ?? 10_000)]),
        redirect: "error",
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) {
        await record({ status: "delivered", code: status, error: null });
        ctx.log.info({ delivery: d.delivery_id, event: d.event, status }, "outbound event delivered");
        return;
      }
      error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).name === "TimeoutError" ? "timed out" : (err as Error).message;
    }
    const last = ctx.attempt >= ctx.maxAttempts || (status !== null && permanentStatus(status));
    await record({ status: last ? "failed" : "pending", code: status, error });
    if (last) throw new PermanentJobError("outbound.failed", `${redactUrlCredentials(d.url)}: ${error}`);
    throw new Error(`outbound delivery ${d.delivery_id} failed: ${error}`);
  });
  return [tick, deliver];
}

export async function scheduleOutboundTick(handle: DatabaseHandle, afterSeconds: number): Promise<void> {
  await enqueueJob(
    handle.sql,
    "outbound_tick",
    {},
    { jobKey: "outbound_tick", runAt: new Date(Date.now() + afterSeconds * 1000), maxAttempts: 3 },
  );
}
