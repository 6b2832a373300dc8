import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/testDatabase.ts";
import { createExtractor } from "../createExtractor.ts";
import type { Catalog, Product } from "../match/catalog.ts";
import { createMemorySeenStore } from "../match/seenStore.ts";
import { createClaudeReader } from "./createClaudeReader.ts";
import { createPgModelBudget } from "./createPgModelBudget.ts";
import { DEFAULT_CLAUDE_MODEL } from "./modelPricing.ts";

/**
 * The model as a reader through the extractor's hook: an order in prose that the rules cannot read
 * becomes a review draft built from the model's lines, resolved against the catalog (in the
 * customer's language, by the names the catalog holds), with tokens and cost recorded per email in
 * PostgreSQL and the day's budget enforced from Odoo's mirrored settings.
 */
const URL = "https://api.anthropic.com/v1/messages";
const server = setupServer();
let db: TestDatabase;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  db = await createTestDatabase();
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await db?.drop();
});

const p = (default_code: string, name: string, list_price: number, names: string[]): Product => ({
  default_code,
  name,
  list_price,
  currency: "EUR",
  uom: "Units",
  barcode: null,
  category: "",
  names,
});
const catalog: Catalog = {
  ownDomain: "ourcompany.example",
  vendors: [],
  customers: [
    {
      ref: "C-1",
      name: "Buyer GmbH",
      email_domain: "buyer.example",
      contact_emails: ["anna@buyer.example"],
      contact_names: ["Anna"],
      vat: null,
      country: "DE",
      currency: "EUR",
      language: "de",
    },
  ],
  products: [
    p("DSK-160", "Desk Oak 160", 429, ["Schreibtisch Eiche 160"]),
    p("CHR-200", "Office Chair Black", 289, ["Bürostuhl schwarz"]),
  ],
};

const mail = (id: string) =>
  Buffer.from(
    [
      "From: Anna <anna@buyer.example>",
      "To: orders@ourcompany.example",
      "Subject: Bestellung 7781",
      "Date: Mon, 16 Nov 2026 09:12:00 +0100",
      `Message-ID: <${id}@buyer.example>`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hallo,",
      "",
      "für das neue Büro brauchen wir zwanzig von den Eichen-Schreibtischen (die 160er) und dazu vier schwarze Bürostühle.",
      "Bestellnummer 7781.",
      "",
      "Danke, Anna",
      "",
    ].join("\r\n"),
  );

const answer = {
  id: "msg_01HCDu5LRGeP2o7s2xGmxyx8",
  type: "message",
  role: "assistant",
  model: DEFAULT_CLAUDE_MODEL,
  content: [
    {
      type: "text",
      text: JSON.stringify({
        kind: "sales_order",
        customer_name: "Buyer GmbH",
        suspicious_instructions: false,
        orders: [
          {
            source: "body",
            customer_reference: "7781",
            order_date: null,
            delivery_date: null,
            currency: null,
            total_untaxed: null,
            lines: [
              {
                product_code: null,
                customer_sku: null,
                description: "Schreibtisch Eiche 160",
                quantity: 20,
                unit: null,
                unit_price: null,
                amount: null,
                page: null,
              },
              {
                product_code: null,
                customer_sku: null,
                description: "Bürostuhl schwarz",
                quantity: 4,
                unit: null,
                unit_price: null,
                amount: null,
                page: null,
              },
            ],
          },
        ],
      }),
    },
  ],
  stop_reason: "end_turn",
  stop_sequence: null,
  usage: {
    input_tokens: 1840,
    output_tokens: 312,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  },
};

const bufferedFetch: typeof fetch = async (url, init) => {
  const res = await fetch(url, init);
  return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
};

describe("the model as a reader, through the extractor", () => {
  it("drafts for review what only the model read, records tokens and cost, and stops at the day's budget", async () => {
    let calls = 0;
    server.use(
      http.post(URL, () => {
        calls++;
        return HttpResponse.json(answer);
      }),
    );
    const llm = createClaudeReader({
      apiKey: "test-key",
      model: DEFAULT_CLAUDE_MODEL,
      timeoutMs: 5_000,
      maxRetries: 0,
      fetch: bufferedFetch,
    });
    const budget = createPgModelBudget({
      handle: db,
      odooDatabase: "odoo",
      defaults: { tokensPerEmail: 100_000, dailyCostUsd: 20 },
    });
    const extractor = createExtractor({ catalog, seen: createMemorySeenStore(), llm, modelBudget: budget });

    const result = await extractor.extract(mail("m1"), { key: "m1" });
    expect(calls).toBe(1);
    expect(result.customer_ref).toBe("C-1");
    expect(result.orders[0]?.lines.map((l) => [l.default_code, l.quantity])).toEqual([
      ["DSK-160", 20],
      ["CHR-200", 4],
    ]);
    expect(result.orders[0]?.customer_reference).toBe("7781");
    expect(result.expect).toBe("review");
    expect(result.confidence).toBeLessThan(0.95);
    expect(result.metadata?.tokens).toEqual({ input: 1840, output: 312 });
    expect(result.metadata?.cost).toEqual({ amount: 0.0068, currency: "USD" });
    const rows = await db.sql<{ message_key: string; input_tokens: number; cost_usd: string }[]>`
      select message_key, input_tokens, cost_usd::text from order_intake.model_usage`;
    expect(rows).toEqual([{ message_key: "m1", input_tokens: 1840, cost_usd: "0.006800" }]);

    // an admin lowers the day's budget in Odoo (settings.updated mirrors it): the next email is not sent
    await db.sql`
      insert into order_intake.settings (odoo_database, company_id, values)
      values ('odoo', 1, ${JSON.stringify({ model: { tokens_per_email: 100000, daily_cost_usd: 0.01 } })}::jsonb)`;
    const second = await extractor.extract(mail("m2"), { key: "m2" });
    expect(calls).toBe(1);
    expect(second.reasons.find((r) => r.code === "model.budget")?.message).toMatch(/of 0\.01 USD/);
    expect(second.orders.flatMap((o) => o.lines)).toEqual([]);
  });
});
