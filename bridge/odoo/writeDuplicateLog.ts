import { formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

export interface DuplicateLogInput {
  /** The resend's own Message-ID. */
  messageId: string;
  sender: string | null;
  subject: string | null;
  receivedAt: Date | null;
  confidence: number;
  reasons: unknown[];
  /** The intake log entry of the first message (its draft's), when Odoo has one. */
  duplicateOfLogId: number | null;
}

/**
 * The intake log entry of a resend (same customer + PO number, or same attachment, as an order
 * already received): status `duplicate`, linked to the first message's entry. Searched first, so a
 * job run again writes nothing twice. Returns the entry's id.
 */
export async function writeDuplicateLog(client: OdooClient, input: DuplicateLogInput): Promise<number> {
  const domain = [
    ["message_id", "=", input.messageId],
    ["status", "=", "duplicate"],
  ];
  const [found] = await client.search("order.intake.log", domain, { limit: 1 });
  if (found !== undefined) return found;
  return client.create(
    "order.intake.log",
    {
      sender: input.sender || false,
      subject: input.subject || false,
      received_at: input.receivedAt ? formatOdooDatetime(input.receivedAt) : false,
      module: "sales",
      status: "duplicate",
      confidence: input.confidence,
      reasons: JSON.stringify(input.reasons),
      message_id: input.messageId,
      duplicate_of_id: input.duplicateOfLogId ?? false,
    },
    bridgeContext,
  );
}
