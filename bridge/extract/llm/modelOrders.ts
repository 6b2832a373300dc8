import type { ParsedDocumentKind, ParsedLine, ParsedOrder, Provenance } from "../pipeline/parsedOrder.ts";
import type { LlmInput, LlmReading } from "./llmReader.ts";

const KIND: Record<LlmReading["kind"], ParsedDocumentKind> = {
  sales_order: "order",
  amendment: "order_change",
  purchase_confirmation: "order_response",
  vendor_bill: "invoice",
  not_an_order: "unknown",
};

/** "attachment:po.pdf" when the model names one of the email's documents, else the body. */
function sourceOf(named: string | null | undefined, input: LlmInput): string {
  const n = named?.trim().toLowerCase();
  const doc = n ? input.documents.find((d) => d.filename.toLowerCase() === n) : undefined;
  if (doc) return `attachment:${doc.filename}`;
  if (!n && input.documents.length === 1 && input.documents[0])
    return `attachment:${input.documents[0].filename}`;
  return "body:text";
}

/**
 * The model's reading as the pipeline's one intermediate: candidate ParsedOrders of reader "model",
 * every value with its provenance (which document, which page). A reading, not a decision: matching,
 * verification and scoring are the later stages'.
 */
export function modelParsedOrders(reading: LlmReading, input: LlmInput): ParsedOrder[] {
  return reading.orders.map((o) => {
    const source = sourceOf(o.source, input);
    const at = (page: number | null | undefined, field: string, text?: string): Provenance => ({
      reader: "model",
      source,
      ...(page ? { page } : {}),
      field,
      ...(text !== undefined ? { text } : {}),
    });
    const lines: ParsedLine[] = o.lines.map((l) => ({
      code: l.product_code,
      customerSku: l.customer_sku,
      barcode: null,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unit_price,
      amount: l.amount ?? null,
      from: {
        description: at(l.page, "description", l.description),
        quantity: at(l.page, "quantity", String(l.quantity)),
        ...(l.product_code ? { code: at(l.page, "code", l.product_code) } : {}),
        ...(l.unit_price !== null ? { unitPrice: at(l.page, "unitPrice", String(l.unit_price)) } : {}),
        ...(l.amount !== null && l.amount !== undefined
          ? { amount: at(l.page, "amount", String(l.amount)) }
          : {}),
      },
    }));
    return {
      reader: "model",
      structured: false,
      source,
      documentKind: KIND[reading.kind],
      documentNumber: o.customer_reference,
      orderDate: o.order_date,
      deliveryDate: o.delivery_date,
      currency: o.currency,
      lines,
      ...(o.total_untaxed !== null ? { totals: { lineExtension: o.total_untaxed } } : {}),
      reasons: reading.suspicious_instructions
        ? [
            {
              code: "injection.suspected",
              severity: "hard",
              message: "The model found instructions aimed at it.",
            },
          ]
        : [],
    } satisfies ParsedOrder;
  });
}

export interface ArithmeticCheck {
  /** Every line's quantity is confirmed by the document's own arithmetic (line amounts, stated total). */
  verified: boolean;
  /** Where the numbers contradict each other, in words naming the values. */
  contradictions: string[];
  /** Why the reading is not verified (without contradicting anything). */
  gaps: string[];
}

const close = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.011, Math.abs(b) * 0.002);

/** Numbers as a document may print them: 1234.5, 1.234,50, 1,234.50, 1'234.50. */
function numbersIn(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/\d[\d.,'’]*\d|\d/g)) {
    const raw = m[0].replace(/['’]/g, "");
    for (const candidate of [raw.replace(/,/g, ""), raw.replace(/\./g, "").replace(",", ".")]) {
      const n = Number(candidate);
      if (Number.isFinite(n)) out.add(Math.round(n * 100) / 100);
    }
  }
  return out;
}

/**
 * The document's own arithmetic over what a reader read: qty x price = amount on every line, the
 * amounts adding up to the stated net total. `documentText` (the text layer of the documents and the
 * body, when there is one) must contain the quantities the reading states: a model cannot verify its
 * own reading with numbers the document does not print.
 */
export function checkArithmetic(order: ParsedOrder, documentText: string): ArithmeticCheck {
  const contradictions: string[] = [];
  const gaps: string[] = [];
  let sum = 0;
  let lineAmounts = 0;
  order.lines.forEach((l, i) => {
    const n = i + 1;
    if (l.quantity === null || l.unitPrice === null) {
      gaps.push(`line ${n} has no price`);
      return;
    }
    const computed = Math.round(((l.quantity * l.unitPrice) / (l.priceBase ?? 1)) * 100) / 100;
    if (l.amount !== null) {
      if (!close(computed, l.amount))
        contradictions.push(
          `line ${n}: ${l.quantity} x ${l.unitPrice} = ${computed}, but the amount read is ${l.amount}`,
        );
      else lineAmounts++;
      sum += l.amount;
    } else sum += computed;
  });
  const total = order.totals?.lineExtension ?? order.totals?.taxExclusive ?? null;
  if (total !== null && total !== undefined && order.lines.length > 0 && gaps.length === 0) {
    if (!close(Math.round(sum * 100) / 100, total))
      contradictions.push(`the lines add up to ${Math.round(sum * 100) / 100}, the stated total is ${total}`);
  } else if (lineAmounts < order.lines.length) gaps.push("no stated total to check the lines against");
  const printed = numbersIn(documentText);
  if (printed.size === 0) gaps.push("no text layer to find the numbers in");
  else
    order.lines.forEach((l, i) => {
      if (l.quantity !== null && !printed.has(Math.round(l.quantity * 100) / 100))
        gaps.push(`the quantity ${l.quantity} of line ${i + 1} is not printed in the document`);
    });
  return { verified: contradictions.length === 0 && gaps.length === 0, contradictions, gaps };
}
