/** One difference between two versions of an order (an amendment against the order it changes). */
export interface OrderChange {
  kind: "quantity" | "price" | "added" | "removed";
  default_code: string | null;
  description: string;
  from: number | null;
  to: number | null;
}

export interface ComparableLine {
  default_code: string | null;
  description: string;
  quantity: number;
  unit_price: number | null;
}

const keyOf = (l: ComparableLine) =>
  l.default_code
    ? `code:${l.default_code.toUpperCase()}`
    : `text:${l.description.toLowerCase().replace(/\s+/g, " ").trim()}`;

/**
 * The line difference from `before` to `after`, lines paired by product (our code, else the wording):
 * changed quantities and prices, added and removed lines, in the order of the new version.
 */
export function diffOrderLines(before: ComparableLine[], after: ComparableLine[]): OrderChange[] {
  const old = new Map<string, ComparableLine[]>();
  for (const l of before) old.set(keyOf(l), [...(old.get(keyOf(l)) ?? []), l]);
  const changes: OrderChange[] = [];
  for (const l of after) {
    const same = old.get(keyOf(l));
    const prev = same?.shift();
    const base = { default_code: l.default_code, description: l.description };
    if (!prev) {
      changes.push({ kind: "added", ...base, from: null, to: l.quantity });
      continue;
    }
    if (Math.abs(prev.quantity - l.quantity) > 1e-9) {
      changes.push({ kind: "quantity", ...base, from: prev.quantity, to: l.quantity });
    }
    if (
      prev.unit_price !== null &&
      l.unit_price !== null &&
      Math.abs(prev.unit_price - l.unit_price) > 0.005
    ) {
      changes.push({ kind: "price", ...base, from: prev.unit_price, to: l.unit_price });
    }
  }
  for (const rest of old.values()) {
    for (const l of rest) {
      changes.push({
        kind: "removed",
        default_code: l.default_code,
        description: l.description,
        from: l.quantity,
        to: null,
      });
    }
  }
  return changes;
}

/** "ELC-2201: quantity 10 -> 20" */
export function describeChange(c: OrderChange): string {
  const what = c.default_code ?? `"${c.description.slice(0, 60)}"`;
  switch (c.kind) {
    case "quantity":
      return `${what}: quantity ${c.from} -> ${c.to}`;
    case "price":
      return `${what}: price ${c.from} -> ${c.to}`;
    case "added":
      return `${what}: added (${c.to})`;
    case "removed":
      return `${what}: removed (was ${c.from})`;
  }
}
