import type { ComparableLine } from "../order/diffOrderLines.ts";

/**
 * What the extractor remembers between messages, to recognise duplicates and resends.
 * The in-memory implementation serves the evaluation and tests; the service backs it with PostgreSQL.
 */
export interface SeenOrder {
  key: string;
  customerRef: string | null;
  customerReference: string;
  /** The order's lines as last known (amendments update them), to compute an amendment's difference. */
  lines?: ComparableLine[];
  orderDate?: string | null;
  deliveryDate?: string | null;
  currency?: string | null;
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
  /** The (first) order the message recorded under `key` carried. */
  orderOf(key: string): Promise<SeenOrder | null>;
  remember(entry: {
    key: string;
    messageId: string | null;
    orders: Array<Omit<SeenOrder, "key" | "customerReference"> & { customerReference: string | null }>;
    attachments: string[];
    /** This message amends the order with this PO number: its lines become that order's lines. */
    amends?: string | null;
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
    async orderOf(key) {
      return [...byPo.values()].find((o) => o.key === key) ?? null;
    },
    async remember(entry) {
      if (entry.messageId && !messages.has(entry.messageId)) messages.set(entry.messageId, entry.key);
      for (const o of entry.orders) {
        if (!o.customerReference) continue;
        const po = normRef(o.customerReference);
        const earlier = byPo.get(po);
        if (entry.amends && normRef(entry.amends) === po && earlier) {
          earlier.lines = o.lines;
          continue;
        }
        const seen: SeenOrder = { ...o, key: entry.key, customerReference: o.customerReference };
        const k = `${o.customerRef ?? ""}|${po}`;
        if (!orders.has(k)) orders.set(k, seen);
        if (!earlier) byPo.set(po, seen);
      }
      for (const a of entry.attachments) if (!attachments.has(a)) attachments.set(a, entry.key);
    },
  };
}
