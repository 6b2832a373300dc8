import type { Sql, TransactionSql } from "postgres";

export interface KnownMessage {
  id: number;
  status: string;
  source_path: string | null;
  source_uid: number | null;
}

/** The key a message is stored under, decided by its Message-ID and its bytes. */
export type MessageKey =
  /** The same bytes under the same Message-ID: a redelivery of a message already stored. */
  | { kind: "redelivery"; existing: KnownMessage }
  /**
   * A message to store: under its own Message-ID, or, when another message of the mailbox with other
   * bytes already had it, under `<Message-ID>~<hash>` with `reusedMessageId` set to flag it.
   */
  | { kind: "new"; messageId: string; reusedMessageId: string | null };

/** The stored key of a message whose Message-ID was already taken by other bytes. */
export function derivedMessageId(headerMessageId: string, sha256: string): string {
  return `${headerMessageId}~sha256:${sha256.slice(0, 32)}`;
}

/**
 * Deduplication by Message-ID AND content (P14): the same bytes are a redelivery (no second row);
 * other bytes under a known Message-ID are a new message, recorded and flagged, never swallowed: anyone
 * who can guess a Message-ID must not be able to suppress a real order.
 */
export async function messageKey(
  sql: Sql | TransactionSql,
  mailboxId: number,
  headerMessageId: string,
  sha256: string,
): Promise<MessageKey> {
  const rows = await sql<(KnownMessage & { raw_sha256: string })[]>`
    select id::int as id, status, source_path, source_uid::int as source_uid, raw_sha256
    from order_intake.messages
    where mailbox_id = ${mailboxId}
      and (message_id = ${headerMessageId} or reused_message_id = ${headerMessageId})
    order by id`;
  if (rows.length === 0) return { kind: "new", messageId: headerMessageId, reusedMessageId: null };
  const same = rows.find((r) => r.raw_sha256 === sha256);
  if (same) {
    const { raw_sha256: _, ...existing } = same;
    return { kind: "redelivery", existing };
  }
  return {
    kind: "new",
    messageId: derivedMessageId(headerMessageId, sha256),
    reusedMessageId: headerMessageId,
  };
}
