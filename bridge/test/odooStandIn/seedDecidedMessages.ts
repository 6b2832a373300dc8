import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";

/** A customer C-9001 and products OI-1..OI-3 in Odoo (found or created), for draft tests. */
export async function seedOdooCatalog(
  client: OdooClient,
): Promise<{ partnerId: number; productIds: number[] }> {
  const find = async (model: string, domain: unknown[]) =>
    (await client.search(model, domain, { limit: 1 }))[0];
  const partnerId =
    (await find("res.partner", [["ref", "=", "C-9001"]])) ??
    (await client.create("res.partner", {
      name: "Intake Test Customer GmbH",
      ref: "C-9001",
      is_company: true,
    }));
  const productIds: number[] = [];
  for (const [i, price] of [120, 45.5, 9.99].entries()) {
    const code = `OI-${i + 1}`;
    productIds.push(
      (await find("product.product", [["default_code", "=", code]])) ??
        (await client.create("product.product", {
          name: `Intake Test Product ${i + 1}`,
          default_code: code,
          list_price: price,
        })),
    );
  }
  return { partnerId, productIds };
}

export function sampleResult(poNumber: string, overrides: Partial<ExtractionResult> = {}): ExtractionResult {
  return {
    kind: "sales_order",
    customer_ref: "C-9001",
    sender_email: "buyer@intake-test.example",
    orders: [
      {
        customer_reference: poNumber,
        order_date: "2025-03-14",
        delivery_date: "2025-03-28",
        currency: "EUR",
        lines: [
          {
            default_code: "OI-1",
            customer_sku: null,
            description: "Product one",
            quantity: 3,
            uom: "Units",
            unit_price: 118,
          },
          {
            default_code: "OI-2",
            customer_sku: null,
            description: "Product two",
            quantity: 10,
            uom: "Units",
            unit_price: 45.5,
          },
        ],
        total_untaxed: 809,
      },
    ],
    amends: null,
    duplicate_of: null,
    confidence: 0.82,
    expect: "review",
    reasons: [
      { code: "sender.known", message: "Known sender <buyer@intake-test.example>", severity: "info" },
    ],
    ...overrides,
  };
}

/**
 * Stores decided messages as message_process would (message, extraction, decision), each with its
 * .eml (one PDF attachment) in `dir`. Returns the message row ids.
 */
export async function seedDecidedMessages(
  handle: DatabaseHandle,
  dir: string,
  results: Array<{ messageId: string; result: ExtractionResult }>,
): Promise<number[]> {
  mkdirSync(dir, { recursive: true });
  const [mb] = await handle.sql<{ id: number }[]>`
    insert into order_intake.mailboxes (kind, address, folder_path) values ('folder', 'orders@intake-test.example', ${dir})
    on conflict (folder_path) do update set address = excluded.address returning id`;
  const ids: number[] = [];
  for (const { messageId, result } of results) {
    const file = path.join(dir, `${ids.length}-${messageId.replace(/[^\w]/g, "")}.eml`);
    const po = result.orders[0]?.customer_reference ?? "?";
    writeFileSync(
      file,
      [
        "From: Buyer <buyer@intake-test.example>",
        "To: orders@intake-test.example",
        `Subject: Purchase order ${po}`,
        `Message-ID: ${messageId}`,
        "Date: Fri, 14 Mar 2025 08:00:00 +0000",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b1"',
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        `Please deliver our order ${po}.`,
        "--b1",
        `Content-Type: application/pdf; name="${po}.pdf"`,
        `Content-Disposition: attachment; filename="${po}.pdf"`,
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(`%PDF-1.4\n% order ${po}\n`).toString("base64"),
        "--b1--",
        "",
      ].join("\r\n"),
    );
    const [m] = await handle.sql<{ id: number }[]>`
      insert into order_intake.messages (mailbox_id, message_id, source_path, raw_sha256, raw_size, from_address,
                                         subject, received_at, status)
      values (${mb!.id}, ${messageId}, ${file}, 'x', 1, ${result.sender_email}, ${`Purchase order ${po}`},
              '2025-03-14T08:00:00Z', 'processed')
      returning id::int as id`;
    await handle.sql`
      insert into order_intake.extractions (message_id, extractor, result, confidence)
      values (${m!.id}, 'deterministic', ${JSON.stringify(result)}::jsonb, ${result.confidence})`;
    await handle.sql`
      insert into order_intake.decisions (message_id, action, kind, confidence, reasons, customer_ref)
      values (${m!.id}, ${result.expect}, ${result.kind}, ${result.confidence}, ${JSON.stringify(result.reasons)}::jsonb,
              ${result.customer_ref})`;
    ids.push(m!.id);
  }
  return ids;
}
