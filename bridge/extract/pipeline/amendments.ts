/**
 * Amendments as candidates: a quoted order the reply changes (the changes applied to its lines), and an
 * earlier order rebuilt from the change when the reply quotes nothing. They then go through resolve,
 * verify and score like any reading (decide links them to the order they change).
 */
import type { ParsedEmail } from "../mime/parseEmail.ts";
import { applyChanges } from "../order/amendment.ts";
import { emptyRawLine, type RawLine } from "../order/rawLine.ts";
import { findDates } from "../text/parseDate.ts";
import type { detectDecimalSeparator } from "../text/parseNumber.ts";
import type { Reason } from "../types.ts";
import { type Candidate, parsedLineFromRaw } from "./readers.ts";

/** A quoted order the reply changes: the changes applied to its lines, the totals of the quote dropped. */
export function prepareQuotedAmendment(
  c: Candidate,
  email: ParsedEmail,
  own: string,
  quoted: string,
  reasons: Reason[],
  now: () => Date,
): void {
  const raw: RawLine[] = c.parsed.lines.map((l) => ({
    ...emptyRawLine(c.parsed.source),
    code: l.code,
    customerSku: l.customerSku,
    barcode: l.barcode,
    description: l.description,
    quantity: l.quantity,
    unit: (l.unit as RawLine["unit"]) ?? null,
    priceUnit: (l.priceUnit as RawLine["priceUnit"]) ?? null,
    unitPrice: l.unitPrice === null ? null : l.unitPrice / (l.priceBase ?? 1),
    amount: l.amount,
    explicit: l.explicit
      ? { quantity: l.explicit.quantity, unit: l.explicit.unit as NonNullable<RawLine["unit"]> }
      : null,
    sameAsPrevious: l.sameAsPrevious ?? false,
    priceDerived: l.priceDerived ?? false,
  }));
  const changed = applyChanges(raw, `${email.subject}\n${own}`);
  c.parsed.lines = changed.lines.map((l) => parsedLineFromRaw(l, c.parsed.reader));
  c.parsed.unexplainedRows = [];
  c.context = {
    ...(c.context ?? { texts: [], trailer: [] }),
    trailer: [],
    texts: [email.subject, own, quoted].map((t, j) => (j === 2 ? t.replace(/total[^\n]*/gi, "") : t)),
  };
  for (const a of changed.applied) reasons.push({ code: "amendment.change", severity: "info", message: a });
  // the complete order after the change keeps the original order's date (from the quote header)
  const attribution = email.text.slice(own.length).split("\n").slice(0, 3).join(" ");
  c.context.fallbackOrderDate =
    findDates(attribution, { order: "DMY", reference: email.date ?? now() })[0]?.iso ?? null;
}

/** The order an amendment without a quote rebuilds: the earlier order's lines with the change applied. */
export function amendedCandidate(
  lines: RawLine[],
  texts: string[],
  fallbackOrderDate: string | null,
  decimal: ReturnType<typeof detectDecimalSeparator>,
): Candidate {
  return {
    name: "amended",
    context: { texts, trailer: [], decimal, fallbackOrderDate },
    parsed: {
      reader: "text",
      structured: false,
      source: "amended",
      documentKind: "order_change",
      documentNumber: null,
      orderDate: null,
      deliveryDate: null,
      currency: null,
      lines: lines.map((l) => parsedLineFromRaw(l, "text")),
      reasons: [],
    },
  };
}

/** The earlier order as the bridge received it, with the change written in the reply applied. */
export function changedOriginal(
  original: {
    orderDate?: string | null;
    lines?: Array<{
      default_code: string | null;
      description: string;
      quantity: number;
      unit_price: number | null;
    }> | null;
  },
  changeText: string,
  texts: string[],
  decimal: ReturnType<typeof detectDecimalSeparator>,
  reasons: Reason[],
): Candidate {
  const lines: RawLine[] = (original.lines ?? []).map((l) => ({
    ...emptyRawLine("amended"),
    code: l.default_code,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unit_price,
  }));
  const changed = applyChanges(lines, changeText);
  for (const a of changed.applied) reasons.push({ code: "amendment.change", severity: "info", message: a });
  return amendedCandidate(changed.lines, texts, original.orderDate ?? null, decimal);
}
