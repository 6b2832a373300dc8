import type { RequestHandler } from "express";
import type { SecretBox } from "../crypto/secretBox.ts";
import type { DatabaseHandle } from "../db/connectDatabase.ts";
import type { Logger } from "../log/createLogger.ts";
import { deliveryHeader, eventHeader } from "./odooDelivery.ts";
import { recordDelivery } from "./recordDelivery.ts";
import { verifyOdooDelivery } from "./verifyOdooDelivery.ts";

/** `POST /webhooks/odoo`: verify, record once, enqueue, answer 401 / 400 / 200 duplicate / 202. */
export function createOdooWebhookRoute(deps: {
  handle: DatabaseHandle;
  logger: Logger;
  secrets: string[];
  maxSkewSeconds: number;
  secretBox: SecretBox;
  now: () => Date;
}): RequestHandler {
  return async (req, res, next) => {
    const log = deps.logger.child({
      route: "webhooks/odoo",
      delivery: String(req.headers[deliveryHeader] ?? "").slice(0, 64),
      event: String(req.headers[eventHeader] ?? "").slice(0, 64),
    });
    try {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const result = await verifyOdooDelivery(body, req.headers, {
        secrets: deps.secrets,
        maxSkewSeconds: deps.maxSkewSeconds,
        now: deps.now(),
      });
      if (!result.ok) {
        log.warn({ status: result.status, error: result.error }, "webhook delivery refused");
        res.status(result.status).json({ error: result.error, message: result.message });
        return;
      }
      const { duplicate, jobId } = await recordDelivery(deps.handle, result.delivery, deps.secretBox);
      if (duplicate) {
        log.info("webhook delivery seen before; answered as duplicate");
        res.status(200).json({ duplicate: true, delivery: result.delivery.delivery });
        return;
      }
      log.info({ jobId }, "webhook delivery accepted and enqueued");
      res.status(202).json({ accepted: true, delivery: result.delivery.delivery });
    } catch (err) {
      next(err);
    }
  };
}
