import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ExtractionResult } from "../types.ts";
import { createClaudeReader } from "./createClaudeReader.ts";
import { mergeModelReading } from "./mergeModelReading.ts";

const URL = "https://api.anthropic.com/v1/messages";
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const deterministic = (): ExtractionResult => ({
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
  confidence: 0.96,
  expect: "draft",
  reasons: [],
});

const toolMessage = (input: unknown) => ({
  id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [{ type: "tool_use", id: "toolu_01A09q90qw90lq917835lq9", name: "record_order", input }],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage: { input_tokens: 2095, output_tokens: 503 },
});

const reading = (deliveryDate: string, quantity: number) => ({
  kind: "sales_order",
  customer_name: "Example Buyer GmbH",
  suspicious_instructions: false,
  orders: [
    {
      customer_reference: "PO-1234",
      order_date: "2026-11-02",
      delivery_date: deliveryDate,
      currency: "EUR",
      total_untaxed: 6435,
      lines: [
        {
          product_code: "DSK-160",
          customer_sku: null,
          description: "Schreibtisch Eiche 160 cm",
          quantity,
          unit: "Stk",
          unit_price: 429,
        },
      ],
    },
  ],
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
const reader = () =>
  createClaudeReader({
    apiKey: "test-key",
    model: "claude-sonnet-4-5",
    timeoutMs: 5_000,
    maxRetries: 1,
    fetch: bufferedFetch,
  });

describe("Claude reader", () => {
  it("sends the PDF as a document block and the email as untrusted data, and agreement keeps the draft", async () => {
    let body: {
      system?: string;
      messages: Array<{ content: Array<{ type: string; text?: string }> }>;
      tool_choice?: unknown;
    } | null = null;
    server.use(
      http.post(URL, async ({ request }) => {
        body = (await request.json()) as typeof body;
        return HttpResponse.json(toolMessage(reading("2026-11-20", 15)));
      }),
    );
    const merged = await mergeModelReading(deterministic(), reader(), input);
    expect(body!.system).toMatch(/DATA/);
    expect(body!.messages[0]?.content[0]?.type).toBe("document");
    expect(body!.messages[0]?.content[1]?.text).toMatch(/<email untrusted="true">/);
    expect(merged.metadata?.tokens).toEqual({ input: 2095, output: 503 });
    expect(merged.reasons.filter((r) => r.code.startsWith("model."))).toEqual([]);
    expect(merged.confidence).toBeGreaterThanOrEqual(0.96);
    expect(merged.expect).toBe("draft");
  });

  it("lists disagreements as reasons and lowers confidence, never approving", async () => {
    server.use(http.post(URL, () => HttpResponse.json(toolMessage(reading("2026-11-27", 12)))));
    const merged = await mergeModelReading(deterministic(), reader(), input);
    const codes = merged.reasons.filter((r) => r.code === "model.disagrees").map((r) => r.path);
    expect(codes).toEqual(["order[0].delivery_date", "order[0].lines[0]"]);
    expect(merged.confidence).toBeLessThan(0.85);
    expect(merged.expect).toBe("review");
    const review = await mergeModelReading(
      { ...deterministic(), expect: "review", confidence: 0.5 },
      reader(),
      input,
    );
    expect(review.expect).toBe("review");
  });

  it("falls back to the deterministic result when the API stays overloaded (529)", async () => {
    let calls = 0;
    server.use(
      http.post(URL, () => {
        calls++;
        return HttpResponse.json(
          { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
          { status: 529, headers: { "retry-after-ms": "10" } },
        );
      }),
    );
    const merged = await mergeModelReading(deterministic(), reader(), input);
    expect(calls).toBe(2); // first try + maxRetries
    expect(merged.orders).toEqual(deterministic().orders);
    expect(merged.reasons.map((r) => r.code)).toContain("model.unavailable");
    expect(merged.confidence).toBeLessThan(0.96);
  });

  it("falls back when the model's answer does not match the schema", async () => {
    server.use(http.post(URL, () => HttpResponse.json(toolMessage({ kind: "sales_order", orders: "lots" }))));
    const merged = await mergeModelReading(deterministic(), reader(), input);
    const reason = merged.reasons.find((r) => r.code === "model.unavailable");
    expect(reason?.message).toMatch(/schema/);
    expect(merged.orders).toEqual(deterministic().orders);
  });

  it("flags instructions the model noticed", async () => {
    server.use(
      http.post(URL, () =>
        HttpResponse.json(toolMessage({ ...reading("2026-11-20", 15), suspicious_instructions: true })),
      ),
    );
    const merged = await mergeModelReading(deterministic(), reader(), input);
    expect(merged.reasons.map((r) => r.code)).toContain("injection.suspected");
    expect(merged.expect).toBe("review");
  });
});
