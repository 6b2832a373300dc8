/**
 * The value stored in `order_intake_message_id` of a draft: the Message-ID for the first order of an
 * email, `<message-id>#<index>` for the next ones (one email can carry several orders).
 */
export function draftKey(messageId: string, orderIndex: number): string {
  return orderIndex === 0 ? messageId : `${messageId}#${orderIndex}`;
}
