/** What a language model reads from an email: the order as it understands it. Never a decision. */
export interface LlmLine {
  product_code: string | null;
  customer_sku: string | null;
  description: string;
  quantity: number;
  unit: string | null;
  unit_price: number | null;
  /** The line amount as printed, when the document prints one. */
  amount?: number | null;
  /** 1-based page of the document the line is on. */
  page?: number | null;
}

export interface LlmOrder {
  /** Where the order is: an attachment's file name, or "body". */
  source?: string | null;
  customer_reference: string | null;
  order_date: string | null;
  delivery_date: string | null;
  currency: string | null;
  lines: LlmLine[];
  total_untaxed: number | null;
}

export interface LlmReading {
  kind: "sales_order" | "purchase_confirmation" | "vendor_bill" | "amendment" | "not_an_order";
  customer_name: string | null;
  orders: LlmOrder[];
  suspicious_instructions: boolean;
}

export interface LlmUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface LlmInput {
  subject: string;
  from: string;
  bodyText: string;
  documents: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Reads an email with a model. Throws on any failure; the caller falls back to the deterministic result. */
export interface LlmReader {
  readonly model: string;
  read(input: LlmInput, options?: { maxTokens?: number }): Promise<{ reading: LlmReading; usage: LlmUsage }>;
}
