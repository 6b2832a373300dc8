/**
 * What the extractor remembers between messages, to recognise duplicates and resends.
 * The in-memory implementation serves the evaluation and tests; the service backs it with PostgreSQL.
 */
export interface SeenOrder {
  key: string;
  customerRef: string | null;
  customerReference: string;
}

export interface SeenStore {
  /** Key of the earlier message with this Message-ID, if any. */
  messageId(messageId: string): Promise<string | null>;
  /** Key of the earlier message that carried this customer + PO number. */
  order(customerRef: string | null, customerReference: string): Promise<string | null>;
  /** Key of the earlier message that carried an attachment with this sha256. */
  attachment(sha256: string): Promise<string | null>;
  /** Any earlier order with this PO number (for amendments, whatever the customer). */
  poNumber(customerReference: string): Promise<SeenOrder | null>;
  remember(entry: {
    key: string;
    messageId: string | null;
    orders: Array<{ customerRef: string | null; customerReference: string | null }>;
    attachments: string[];
  }): Promise<void>;
}

/** A PO number as compared for duplicates: no white space, upper case. */
export const normRef = (s: string) => s.replace(/\s+/g, "").toUpperCase();

export function createMemorySeenStore(): SeenStore {
  const messages = new Map<string, string>();
  const orders = new Map<string, SeenOrder>();
  const byPo = new Map<string, SeenOrder>();
  const attachments = new Map<string, string>();
  return {
    async messageId(id) {
      return messages.get(id) ?? null;
    },
    async order(customerRef, ref) {
      return orders.get(`${customerRef ?? ""}|${normRef(ref)}`)?.key ?? null;
    },
    async attachment(sha) {
      return attachments.get(sha) ?? null;
    },
    async poNumber(ref) {
      return byPo.get(normRef(ref)) ?? null;
    },
    async remember(entry) {
      if (entry.messageId && !messages.has(entry.messageId)) messages.set(entry.messageId, entry.key);
      for (const o of entry.orders) {
        if (!o.customerReference) continue;
        const seen = { key: entry.key, customerRef: o.customerRef, customerReference: o.customerReference };
        const k = `${o.customerRef ?? ""}|${normRef(o.customerReference)}`;
        if (!orders.has(k)) orders.set(k, seen);
        if (!byPo.has(normRef(o.customerReference))) byPo.set(normRef(o.customerReference), seen);
      }
      for (const a of entry.attachments) if (!attachments.has(a)) attachments.set(a, entry.key);
    },
  };
}
