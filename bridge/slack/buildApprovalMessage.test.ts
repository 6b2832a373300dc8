import { describe, expect, it } from "vitest";
import { type ApprovalLine, type ApprovalView, buildApprovalMessage } from "./buildApprovalMessage.ts";
import { checkSlackLimits, slackLimits } from "./slackLimits.ts";

const long = (seed: string, n: number) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

function line(i: number, over: Partial<ApprovalLine> = {}): ApprovalLine {
  return {
    code: `ART-${String(i).padStart(5, "0")}-${long("X", 60)}`,
    description: `${long("Stainless steel hex bolt M8x40 DIN 933 A2 ", 400)} #${i}`,
    quantity: 1234.5678,
    uom: long("Units of ten boxes ", 60),
    unitPrice: 99999.9999,
    confidence: i % 2 === 0 ? 0.41 : 0.97,
    listPrice: 50,
    candidates: Array.from({ length: 140 }, (_, c) => ({
      code: `${long("CAND", 200)}-${c}`,
      name: long("A very long candidate product name ", 300),
      score: 0.5,
    })),
    picked: null,
    ...over,
  };
}

function view(over: Partial<ApprovalView> = {}): ApprovalView {
  return {
    approvalId: 123456789,
    customer: `<!channel> ${long("Müller & Söhne Maschinenbau GmbH ", 400)}`,
    poNumber: long("PO-2026-", 300),
    orderDate: "2026-03-14",
    deliveryDate: "2026-04-01",
    currency: "EUR",
    total: 123456789.12,
    totalSource: "stated",
    confidence: 0.74,
    reasons: Array.from({ length: 60 }, (_, i) => ({
      code: `line.reason_${i}`,
      message: long(`Reason ${i}: the price is off the price list <@U123> & more. `, 700),
      severity: i % 3 === 0 ? ("hard" as const) : ("warning" as const),
    })),
    lines: Array.from({ length: 200 }, (_, i) => line(i)),
    amendment: {
      poNumber: long("PO-AMEND-", 300),
      changes: Array.from({ length: 40 }, (_, i) => long(`line ${i + 1}: quantity 10 -> 20; `, 500)),
    },
    odoo: { name: "S00042", url: `https://erp.example.com/web#id=42&model=sale.order&view_type=form` },
    status: {
      state: "pending",
      decision: null,
      by: null,
      at: null,
      via: null,
      error: null,
      draftState: "created",
    },
    lowConfidence: 0.8,
    ...over,
  };
}

describe("approval message within Slack's limits", () => {
  it("a 200-line order with long texts, many reasons and many candidates breaks no limit", () => {
    const message = buildApprovalMessage(view());
    const problems = checkSlackLimits(message);
    expect(problems).toEqual([]);
    console.log(
      `200-line order: ${message.blocks.length} blocks (limit ${slackLimits.blocksPerMessage}), largest block ${Math.max(
        ...message.blocks.map((b) => JSON.stringify(b).length),
      )} characters of JSON, 0 limit violations`,
    );
    expect(message.blocks.length).toBeLessThanOrEqual(slackLimits.blocksPerMessage);
    const json = JSON.stringify(message.blocks);
    // the first ten lines are listed, the other 190 counted
    const listed = JSON.stringify(message.blocks.filter((b) => String(b.block_id).startsWith("lines_")));
    expect(listed.includes("ART-00009")).toBe(true);
    expect(listed.includes("ART-00010")).toBe(false);
    expect(json.includes("190 more line(s), 200 in all")).toBe(true);
    // one product select per uncertain line, at most ten, each with at most 100 options
    const selects = message.blocks.filter(
      (b) => (b.accessory as { type?: string })?.type === "static_select",
    );
    expect(selects).toHaveLength(10);
    expect(json.includes("90 more uncertain line(s)")).toBe(true);
    // untrusted text cannot mention @channel or users in Slack: mrkdwn and the notification text are
    // escaped (plain_text, as in the header, is never parsed for mentions)
    const mrkdwnTexts: string[] = [message.text];
    JSON.stringify(message.blocks, (_k, v) => {
      if (v && typeof v === "object" && (v as { type?: string }).type === "mrkdwn")
        mrkdwnTexts.push(String((v as { text: string }).text));
      return v;
    });
    const parsed = mrkdwnTexts.join("\n");
    expect(parsed.includes("<!channel>")).toBe(false);
    expect(parsed.includes("<@U123>")).toBe(false);
    expect(parsed.includes("&lt;!channel&gt;")).toBe(true);
  });

  it("hard warnings remove one-click Approve but keep Reject (with its confirmation) and Open in Odoo", () => {
    const message = buildApprovalMessage(view());
    const actions = message.blocks.find((b) => b.block_id === "decision") as {
      elements: Array<Record<string, unknown>>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual(["approval_reject", "approval_open"]);
    expect(actions.elements[0]!.confirm).toBeTruthy();
  });

  it("a clean order offers Approve, Reject and Open in Odoo with every field an approver needs", () => {
    const clean = view({
      customer: "Acme Tools Ltd",
      poNumber: "PO-7781",
      reasons: [{ code: "customer.known", message: "Known sender acme-tools.example.", severity: "info" }],
      amendment: null,
      lines: [
        line(0, {
          code: "BOLT-8",
          description: "Hex bolt M8",
          quantity: 100,
          uom: "Units",
          unitPrice: 0.42,
          listPrice: 0.42,
          confidence: 1,
          candidates: [],
        }),
        line(1, {
          code: "NUT-8",
          description: "Hex nut M8",
          quantity: 100,
          uom: "Units",
          unitPrice: 0.2,
          listPrice: 0.1,
          confidence: 0.95,
          candidates: [],
        }),
      ],
      total: 62,
    });
    const message = buildApprovalMessage(clean);
    expect(checkSlackLimits(message)).toEqual([]);
    const json = JSON.stringify(message.blocks);
    for (const text of [
      "Acme Tools Ltd",
      "PO-7781",
      "2026-03-14",
      "2026-04-01",
      "62.00 EUR",
      "74 %",
      "Known sender",
      "S00042",
    ]) {
      expect(json).toContain(text);
    }
    expect(json).toContain("1 price(s) off the price list: line 2 0.20 EUR vs list 0.10 EUR");
    const actions = message.blocks.find((b) => b.block_id === "decision") as {
      elements: Array<Record<string, unknown>>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      "approval_approve",
      "approval_reject",
      "approval_open",
    ]);
    expect(actions.elements[2]!.url).toBe(clean.odoo.url);
    expect(message.text).toContain("Acme Tools Ltd");
  });

  it("below the review threshold there is no one-click Approve", () => {
    const low = buildApprovalMessage(
      view({ reasons: [], confidence: 0.62, minApproveConfidence: 0.7, amendment: null }),
    );
    const json = JSON.stringify(low.blocks);
    expect(json.includes("approval_approve")).toBe(false);
    expect(json.includes("approval_reject")).toBe(true);
    expect(json.includes("below the review threshold (70 %)")).toBe(true);
  });

  it("a decided order shows who, when and the Odoo reference, and no decision buttons", () => {
    const decided = buildApprovalMessage(
      view({
        status: {
          state: "approved",
          decision: "approve",
          by: "Ann Approver",
          at: new Date("2026-03-14T10:00:00Z"),
          via: "slack",
          error: null,
          draftState: "confirmed",
        },
      }),
    );
    const json = JSON.stringify(decided.blocks);
    expect(json).toContain("*Approved* by Ann Approver on <!date^1773482400^");
    expect(json).toContain("S00042 is confirmed in Odoo");
    expect(json).not.toContain("approval_approve");
    expect(json).not.toContain("approval_pick:");
  });

  const header = (m: { blocks: Array<Record<string, unknown>> }) =>
    (m.blocks.find((b) => String(b.block_id).startsWith("title")) as { text: { text: string } }).text.text;
  const decided = (
    state: ApprovalView["status"]["state"],
    over: Partial<ApprovalView["status"]> = {},
  ): ApprovalView["status"] => ({
    state,
    decision: state === "rejected" ? "reject" : "approve",
    by: "Ann Approver",
    at: new Date("2026-03-14T10:00:00Z"),
    via: "slack",
    error: null,
    draftState: "created",
    ...over,
  });

  it("the header follows the state: drafted automatically, to review, then who approved or rejected", () => {
    const base: Partial<ApprovalView> = { customer: "ACME GmbH", amendment: null, reasons: [] };
    expect(header(buildApprovalMessage(view({ ...base, confidence: 1, automatic: true })))).toBe(
      "Order drafted automatically: ACME GmbH",
    );
    expect(header(buildApprovalMessage(view({ ...base, confidence: 0.78, automatic: false })))).toBe(
      "Order to review: ACME GmbH",
    );
    // decided: never "to review" again, whatever the confidence
    for (const confidence of [0.5, 1]) {
      const approved = buildApprovalMessage(
        view({ ...base, confidence, status: decided("approved", { draftState: "confirmed" }) }),
      );
      expect(header(approved)).toBe("Approved by Ann Approver: ACME GmbH");
      expect(approved.text).toMatch(/^Approved by Ann Approver: ACME GmbH/);
      const rejected = buildApprovalMessage(view({ ...base, confidence, status: decided("rejected") }));
      expect(header(rejected)).toBe("Rejected by Ann Approver: ACME GmbH");
      expect(JSON.stringify(rejected.blocks)).not.toContain("to review");
    }
    expect(
      header(buildApprovalMessage(view({ ...base, status: decided("approved", { via: "odoo", by: null }) }))),
    ).toBe("Approved in Odoo: ACME GmbH");
    expect(
      header(
        buildApprovalMessage(
          view({ ...base, status: decided("superseded", { draftState: "cancelled", by: null }) }),
        ),
      ),
    ).toBe("Cancelled in Odoo: ACME GmbH");
    // Odoo refused the decision: still open, to review
    expect(header(buildApprovalMessage(view({ ...base, status: decided("failed", { error: "no" }) })))).toBe(
      "Order to review: ACME GmbH",
    );
  });

  it("each line shows our code and our product's name beside the customer's wording", () => {
    const message = buildApprovalMessage(
      view({
        amendment: null,
        lines: [
          line(0, {
            code: "BOLT-8",
            productName: "Hex bolt M8x40 stainless",
            description: "Flat washer M8",
            quantity: 100,
            uom: "Units",
            unitPrice: 0.42,
            listPrice: 0.42,
            confidence: 1,
            candidates: [],
          }),
        ],
      }),
    );
    const listed = JSON.stringify(message.blocks.filter((b) => String(b.block_id).startsWith("lines_")));
    // a washer matched to a bolt is visible without knowing the codes
    expect(listed).toContain('`BOLT-8` Hex bolt M8x40 stainless ← \\"Flat washer M8\\"');
  });

  it("an order without prices shows the amounts Odoo put on the draft, not '?'", () => {
    const message = buildApprovalMessage(
      view({
        amendment: null,
        total: 1234.5,
        totalSource: "odoo",
        lines: [
          line(0, {
            code: "BOLT-8",
            productName: "Hex bolt M8",
            description: "Hex bolt M8",
            quantity: 100,
            uom: "Units",
            unitPrice: null,
            odooUnitPrice: 12.345,
            odooSubtotal: 1234.5,
            listPrice: 12.345,
            confidence: 1,
            candidates: [],
          }),
        ],
      }),
    );
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("*Total (untaxed)*\\n1,234.50 EUR (Odoo)");
    expect(json).toContain("× 12.345 EUR (Odoo price) = 1,234.50 EUR");
    expect(json).not.toContain("× ?");
    expect(message.text).toContain("1,234.50 EUR");
    expect(message.text).not.toContain("?");
  });
});
