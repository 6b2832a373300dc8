import { z } from "zod";

/** Events of the DESIGN.md contract. */
export const odooEvents = [
  "settings.updated",
  "mailbox.updated",
  "mailbox.deleted",
  "mailbox.test_requested",
  "mailbox.sync_requested",
  "intake.retry_requested",
  "document.uploaded",
  "draft.reviewed",
  "report.test_requested",
  "outbound.updated",
  "outbound.deleted",
  "ping",
] as const;
export type OdooEvent = (typeof odooEvents)[number];

/** The JSON body Odoo sends: `{"event", "delivery", "sent_at", "database", "company_id", "data"}`. */
export const odooDeliverySchema = z.object({
  event: z.enum(odooEvents),
  delivery: z.string().uuid(),
  sent_at: z.string().datetime({ offset: true }),
  database: z.string().min(1),
  // an int4 column stores it: beyond is a 400, not a 500 from PostgreSQL (P14)
  company_id: z.number().int().nonnegative().max(2_147_483_647),
  data: z.record(z.unknown()),
});
export type OdooDelivery = z.infer<typeof odooDeliverySchema>;

export const signatureHeader = "x-order-intake-signature-256";
export const eventHeader = "x-order-intake-event";
export const deliveryHeader = "x-order-intake-delivery";
