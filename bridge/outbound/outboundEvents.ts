/** Events the bridge sends to the URLs registered in Odoo (order.intake.outbound.endpoint). */
export const outboundEvents = ["order.drafted", "order.approved", "order.rejected", "intake.failed"] as const;
export type OutboundEvent = (typeof outboundEvents)[number];

export const outboundSignatureHeader = "X-Order-Intake-Signature-256";
export const outboundEventHeader = "X-Order-Intake-Event";
export const outboundDeliveryHeader = "X-Order-Intake-Delivery";
