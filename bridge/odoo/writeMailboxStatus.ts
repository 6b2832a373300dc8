import { formatOdooDatetime } from "./formatOdooDatetime.ts";
import type { OdooClient } from "./odooClient.ts";
import { bridgeContext } from "./writeSaleDraft.ts";

/** order.intake.mailbox `status` (the selection of the addon). */
export type MailboxStatus = "new" | "pending" | "ok" | "error";
/** order.intake.mailbox `password_state`: "sent" once the bridge holds the password, "lost" if it never arrived. */
export type MailboxPasswordState = "none" | "queued" | "sent" | "lost";

export interface MailboxStatusUpdate {
  status: MailboxStatus;
  /** Shown on the mailbox form; `null` clears it. Keep it short and free of secrets. */
  error?: string | null;
  /** When the mailbox was last read (a sync), sent as UTC. */
  syncedAt?: Date;
  passwordState?: MailboxPasswordState;
}

/**
 * Writes a mailbox's status back to Odoo. The bridge user may only write `status`, `last_error`,
 * `last_sync` and `password_state` on mailboxes (the addon refuses anything else). A mailbox deleted in
 * Odoo meanwhile gives OdooError `odoo.missing` (not retryable).
 */
export async function writeMailboxStatus(
  client: OdooClient,
  mailboxId: number,
  update: MailboxStatusUpdate,
): Promise<void> {
  const values: Record<string, unknown> = {
    status: update.status,
    last_error: update.error ? update.error.slice(0, 2000) : false,
  };
  if (update.syncedAt) values.last_sync = formatOdooDatetime(update.syncedAt);
  if (update.passwordState) values.password_state = update.passwordState;
  await client.write("order.intake.mailbox", [mailboxId], values, bridgeContext);
}

/**
 * The result of a connection test (`mailbox.test_requested`) written back: "ok" and no error, or
 * "error" with what failed (e.g. "IMAP: authentication failed").
 */
export function writeMailboxTestResult(
  client: OdooClient,
  mailboxId: number,
  result: { ok: boolean; error?: string | null; testedAt?: Date },
): Promise<void> {
  return writeMailboxStatus(client, mailboxId, {
    status: result.ok ? "ok" : "error",
    error: result.ok ? null : (result.error ?? "connection test failed"),
    ...(result.testedAt ? { syncedAt: result.testedAt } : {}),
  });
}
