import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Catalog, Product } from "../match/catalog.ts";
import { createMemoryProductMatcher } from "../match/productMatcher.ts";
import type { ExtractionResult } from "../types.ts";
import { createClaudeReader } from "./createClaudeReader.ts";
import { mergeModelReading } from "./mergeModelReading.ts";
import { createMemoryModelBudget } from "./modelBudget.ts";
import { DEFAULT_CLAUDE_MODEL } from "./modelPricing.ts";

const URL = "https://api.anthropic.com/v1/messages";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const product = (default_code: string, name: string, list_price: number, uom = "Units"): Product => ({
  default_code,
  name,
  list_price,
  currency: "EUR",
  uom,
  barcode: null,
  category: "",
});
const catalog: Catalog = {
  ownDomain: "ourcompany.example",
  customers: [],
  vendors: [],
  products: [
    product("DSK-160", "Desk Oak 160", 429),
    product("CHR-200", "Office Chair Black", 289),
    // its German name as the catalog sync reads it from Odoo
    { ...product("FLR-405", "Wheat Flour Type 405", 0.62, "kg"), names: ["Weizenmehl Type 405"] },
  ],
};
const products = createMemoryProductMatcher(catalog);
const resolve = (l: { code: string | null; description: string }) =>
  products.match({ code: l.code, description: l.description });

const rules = (): ExtractionResult => ({
  kind: "sales_order",
  customer_ref: "C-1",
  sender_email: "buyer@customer.example",
  orders: [
    {
      customer_reference: "PO-1234",
      order_date: "2026-11-02",
      delivery_date: "2026-11-20",
      currency: "EUR",
      lines: [
        {
          default_code: "DSK-160",
          customer_sku: null,
          description: "Schreibtisch Eiche 160 cm",
          quantity: 15,
          uom: "Units",
          unit_price: 429,
        },
      ],
      total_untaxed: 6435,
    },
  ],
  amends: null,
  duplicate_of: null,
  confidence: 0.93,
  expect: "draft",
  reasons: [],
});

/** A rules result that read no line (an order written in prose). */
const rulesReadNothing = (): ExtractionResult => ({
  ...rules(),
  orders: [],
  confidence: 0.3,
  expect: "review",
  reasons: [{ code: "order.no_lines", severity: "hard", message: "No order lines found." }],
});

/** A Messages API response with a structured-output (JSON text) answer, as the API returns it. */
const message = (answer: unknown, usage = { input_tokens: 2095, output_tokens: 503 }) => ({
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  role: "assistant",
  model: DEFAULT_CLAUDE_MODEL,
  content: [{ type: "text", text: JSON.stringify(answer) }],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: { ...usage, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
});

type Line = {
  product_code: string | null;
  description: string;
  quantity: number;
  unit: string | null;
  unit_price: number | null;
  amount: number | null;
};
const line = (l: Partial<Line> & Pick<Line, "description" | "quantity">) => ({
  product_code: null,
  customer_sku: null,
  unit: null,
  unit_price: null,
  amount: null,
  page: 1,
  ...l,
});
const reading = (lines: ReturnType<typeof line>[], total: number | null, deliveryDate = "2026-11-20") => ({
  kind: "sales_order",
  customer_name: "Example Buyer GmbH",
  suspicious_instructions: false,
  orders: [
    {
      source: "po.pdf",
      customer_reference: "PO-1234",
      order_date: "2026-11-02",
      delivery_date: deliveryDate,
      currency: "EUR",
      total_untaxed: total,
      lines,
    },
  ],
});
const deskLine = (quantity: number) =>
  line({
    product_code: "DSK-160",
    description: "Schreibtisch Eiche 160 cm",
    quantity,
    unit: "Stk",
    unit_price: 429,
    amount: quantity * 429,
  });

const input = {
  subject: "Bestellung PO-1234",
  from: "buyer@customer.example",
  bodyText: "anbei unsere Bestellung",
  documents: [{ filename: "po.pdf", contentType: "application/pdf", content: Buffer.from("%PDF-1.4 test") }],
};
/**
 * msw's intercepted response streams never settle when cancelled, and the SDK cancels the body of a
 * response it retries; buffering the body first keeps the real retry path of the SDK.
 */
const bufferedFetch: typeof fetch = async (url, init) => {
  const res = await fetch(url, init);
  return new Response(await res.arrayBuffer(), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
};
const reader = (maxRetries = 1) =>
  createClaudeReader({
    apiKey: "test-key",
    model: DEFAULT_CLAUDE_MODEL,
    timeoutMs: 5_000,
    maxRetries,
    fetch: bufferedFetch,
  });

describe("Claude as a second reader", () => {
  it("sends the PDF as a document block with a JSON schema; agreement is evidence per line and raises the confidence", async () => {
    let body: {
      model?: string;
      system?: string;
      output_config?: { format?: { type?: string; schema?: unknown } };
      messages: Array<{ content: Array<{ type: string; text?: string }> }>;
    } | null = null;
    server.use(
      http.post(URL, async ({ request }) => {
        body = (await request.json()) as typeof body;
        return HttpResponse.json(message(reading([deskLine(15)], 6435)));
      }),
    );
    const merged = await mergeModelReading(rules(), reader(), input, { resolve });
    expect(body!.model).toBe("claude-sonnet-5-5");
    expect(body!.output_config?.format?.type).toBe("json_schema");
    expect(body!.system).toMatch(/DATA/);
    expect(body!.messages[0]?.content[0]?.type).toBe("document");
    expect(body!.messages[0]?.content.at(-1)?.text).toMatch(/<email untrusted="true">/);
    expect(merged.metadata?.tokens).toEqual({ input: 2095, output: 503 });
    // Sonnet 5.5 at 2 / 10 USD per million tokens
    expect(merged.metadata?.cost).toEqual({ amount: 0.00922, currency: "USD" });
    expect(merged.metadata?.readers).toEqual([
      { path: "order[0].lines[0]", readers: ["rules", "model"], agrees: true },
    ]);
    expect(merged.metadata?.modelOrders?.[0]).toMatchObject({
      reader: "model",
      source: "attachment:po.pdf",
      lines: [{ code: "DSK-160", quantity: 15, from: { quantity: { reader: "model", page: 1 } } }],
    });
    expect(merged.reasons.filter((r) => r.code.startsWith("model."))).toEqual([]);
    expect(merged.confidence).toBeGreaterThan(0.93);
    expect(merged.expect).toBe("draft");
  });

  it("lists each disagreement with both values and never turns a review into a draft", async () => {
    server.use(http.post(URL, () => HttpResponse.json(message(reading([deskLine(12)], 5148, "2026-11-27")))));
    const merged = await mergeModelReading(rules(), reader(), input, { resolve });
    const found = merged.reasons.filter((r) => r.code === "model.disagrees");
    expect(found.map((r) => r.path)).toEqual(["order[0].delivery_date", "order[0].lines[0]"]);
    expect(found[0]?.message).toBe("delivery_date: rules 2026-11-20, model 2026-11-27.");
    expect(found[1]?.message).toBe("line 1: rules 15 x DSK-160, model 12 x DSK-160.");
    expect(merged.metadata?.readers?.[0]).toMatchObject({ agrees: false, model: { quantity: 12 } });
    expect(merged.confidence).toBeLessThan(0.85);
    expect(merged.expect).toBe("review");
    server.use(http.post(URL, () => HttpResponse.json(message(reading([deskLine(15)], 6435)))));
    const review = await mergeModelReading(
      { ...rules(), expect: "review", confidence: 0.5 },
      reader(),
      input,
      {
        resolve,
      },
    );
    expect(review.expect).toBe("review");
  });

  it("builds a review draft from the model's lines when only the model reads the order", async () => {
    server.use(
      http.post(URL, () =>
        HttpResponse.json(
          message(
            reading(
              [
                line({ description: "Weizenmehl Type 405, 20 Säcke à 25 kg", quantity: 500, unit: "kg" }),
                line({ description: "Office chair black", quantity: 4 }),
              ],
              null,
            ),
          ),
        ),
      ),
    );
    const merged = await mergeModelReading(rulesReadNothing(), reader(), input, {
      resolve,
      documentText: "wir bestellen zwanzig Säcke Weizenmehl 405 zu 25 kg und vier schwarze Bürostühle",
    });
    expect(merged.orders[0]?.lines.map((l) => [l.default_code, l.quantity, l.uom])).toEqual([
      ["FLR-405", 500, "kg"],
      ["CHR-200", 4, "Units"],
    ]);
    expect(merged.orders[0]?.customer_reference).toBe("PO-1234");
    expect(merged.expect).toBe("review");
    expect(merged.confidence).toBeLessThan(0.95);
    expect(merged.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(["model.only_reader", "model.unverified"]),
    );
    expect(merged.reasons.map((r) => r.code)).not.toContain("order.no_lines");
    expect(merged.metadata?.readers?.map((r) => r.readers)).toEqual([["model"], ["model"]]);
  });

  it("lets the document's own arithmetic verify a model-only reading, and caps one that contradicts it", async () => {
    const lines = [
      line({
        product_code: "DSK-160",
        description: "Desk Oak 160",
        quantity: 2,
        unit_price: 429,
        amount: 858,
      }),
      line({
        product_code: "CHR-200",
        description: "Office Chair Black",
        quantity: 4,
        unit_price: 289,
        amount: 1156,
      }),
    ];
    const printed =
      "Desk Oak 160  2  429,00  858,00\nOffice Chair Black  4  289,00  1.156,00\nTotal net 2.014,00";
    server.use(http.post(URL, () => HttpResponse.json(message(reading(lines, 2014)))));
    const verified = await mergeModelReading(rulesReadNothing(), reader(), input, {
      resolve,
      documentText: printed,
    });
    expect(verified.reasons.map((r) => r.code)).not.toContain("model.unverified");
    expect(verified.expect).toBe("draft");
    expect(verified.confidence).toBeGreaterThanOrEqual(0.95);

    // the model says 3 desks where the document prints 2 x 429 = 858: the numbers contradict each other
    const wrong = [{ ...lines[0]!, quantity: 3 }, lines[1]!];
    server.use(http.post(URL, () => HttpResponse.json(message(reading(wrong, 2014)))));
    const contradicted = await mergeModelReading(rulesReadNothing(), reader(), input, {
      resolve,
      documentText: `${printed}\n3`,
    });
    const reason = contradicted.reasons.find((r) => r.code === "model.arithmetic");
    expect(reason?.message).toMatch(/3 x 429 = 1287, but the amount read is 858/);
    expect(contradicted.expect).toBe("review");
    expect(contradicted.confidence).toBeLessThanOrEqual(0.6);
  });

  it("stops calls that exceed the per-email token budget or the day's cost budget, with a reason", async () => {
    let calls = 0;
    server.use(
      http.post(URL, () => {
        calls++;
        return HttpResponse.json(
          message(reading([deskLine(15)], 6435), { input_tokens: 900_000, output_tokens: 4000 }),
        );
      }),
    );
    const tight = createMemoryModelBudget({ tokensPerEmail: 2_000, dailyCostUsd: 50 });
    const skipped = await mergeModelReading(rules(), reader(), input, { resolve, budget: tight });
    expect(calls).toBe(0);
    expect(skipped.reasons.find((r) => r.code === "model.budget")?.message).toMatch(
      /budget is 2000 tokens per email/,
    );
    expect(skipped.confidence).toBe(0.93);
    expect(skipped.expect).toBe("draft");

    const daily = createMemoryModelBudget({ tokensPerEmail: 100_000, dailyCostUsd: 1 });
    const first = await mergeModelReading(rules(), reader(), input, { resolve, budget: daily, key: "m1" });
    expect(calls).toBe(1);
    expect(first.metadata?.cost?.amount).toBeCloseTo(1.84, 6);
    expect(daily.spentUsd()).toBeCloseTo(1.84, 6);
    const second = await mergeModelReading(rules(), reader(), input, { resolve, budget: daily, key: "m2" });
    expect(calls).toBe(1);
    expect(second.reasons.find((r) => r.code === "model.budget")?.message).toMatch(
      /today's model cost is 1\.84 USD of 1\.00 USD/,
    );
  });

  it("retries a 429 after its retry-after and reads the answer", async () => {
    let calls = 0;
    server.use(
      http.post(URL, () => {
        calls++;
        if (calls === 1)
          return HttpResponse.json(
            {
              type: "error",
              error: {
                type: "rate_limit_error",
                message: "Number of request tokens has exceeded your per-minute rate limit",
              },
              request_id: "req_011CSHoEeqs5C35K2UUqR7Fy",
            },
            { status: 429, headers: { "retry-after": "0", "retry-after-ms": "20" } },
          );
        return HttpResponse.json(message(reading([deskLine(15)], 6435)));
      }),
    );
    const merged = await mergeModelReading(rules(), reader(2), input, { resolve });
    expect(calls).toBe(2);
    expect(merged.metadata?.readers?.[0]?.agrees).toBe(true);
  });

  it("falls back to the rules' result when the API stays overloaded (529)", async () => {
    let calls = 0;
    server.use(
      http.post(URL, () => {
        calls++;
        return HttpResponse.json(
          { type: "error", error: { type: "overloaded_error", message: "Overloaded" }, request_id: null },
          { status: 529, headers: { "retry-after-ms": "10" } },
        );
      }),
    );
    const merged = await mergeModelReading(rules(), reader(1), input, { resolve });
    expect(calls).toBe(2); // first try + maxRetries
    expect(merged.orders).toEqual(rules().orders);
    expect(merged.reasons.map((r) => r.code)).toContain("model.unavailable");
    expect(merged.confidence).toBeLessThan(0.93);
    expect(merged.metadata?.tokens).toBeUndefined();
  });

  it("falls back when the model's answer does not match the schema or is cut off", async () => {
    server.use(http.post(URL, () => HttpResponse.json(message({ kind: "sales_order", orders: "lots" }))));
    const merged = await mergeModelReading(rules(), reader(), input, { resolve });
    expect(merged.reasons.find((r) => r.code === "model.unavailable")?.message).toMatch(/schema/);
    expect(merged.orders).toEqual(rules().orders);
    server.use(
      http.post(URL, () =>
        HttpResponse.json({ ...message(reading([deskLine(15)], 6435)), stop_reason: "max_tokens" }),
      ),
    );
    const cut = await mergeModelReading(rulesReadNothing(), reader(), input, { resolve });
    expect(cut.reasons.find((r) => r.code === "model.unavailable")?.message).toMatch(/max_tokens/);
    expect(cut.orders).toEqual([]);
  });

  it("flags instructions the model noticed; what it returns cannot approve", async () => {
    server.use(
      http.post(URL, () =>
        HttpResponse.json(message({ ...reading([deskLine(15)], 6435), suspicious_instructions: true })),
      ),
    );
    const merged = await mergeModelReading(rules(), reader(), input, { resolve });
    expect(merged.reasons.map((r) => r.code)).toContain("injection.suspected");
    expect(merged.expect).toBe("review");
    expect(merged.confidence).toBeLessThanOrEqual(0.6);
  });
});
