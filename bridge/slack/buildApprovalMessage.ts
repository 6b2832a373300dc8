import type { Reason } from "../extract/types.ts";
import { slackLimits } from "./slackLimits.ts";

/** Action ids of the approval message; the interaction routes match on them. */
export const approvalActions = {
  approve: "approval_approve",
  reject: "approval_reject",
  open: "approval_open",
  /** Followed by `<approval id>:<line index>` (one select per uncertain line). */
  pickPrefix: "approval_pick:",
} as const;

export interface ApprovalLine {
  code: string | null;
  /** Our product's name in Odoo (what the draft's line holds), shown beside the code. */
  productName?: string | null;
  /** The customer's wording of the line. */
  description: string;
  quantity: number;
  uom: string;
  unitPrice: number | null;
  /** The line's unit price and untaxed amount on the written draft (Odoo priced it). */
  odooUnitPrice?: number | null;
  odooSubtotal?: number | null;
  /** 0..1, how sure the match and the parse are. */
  confidence: number | null;
  /** The product's list price in Odoo, when known: a price far from it is flagged. */
  listPrice: number | null;
  candidates: Array<{ code: string; name: string; score: number }>;
  /** A product an approver picked in Slack for this line. */
  picked: { code: string; by: string; state: "pending" | "applied" | "failed"; error: string | null } | null;
}

export type ApprovalState = "pending" | "deciding" | "approved" | "rejected" | "failed" | "superseded";

export interface ApprovalView {
  approvalId: number;
  customer: string;
  poNumber: string | null;
  orderDate: string | null;
  deliveryDate: string | null;
  currency: string | null;
  /**
   * Untaxed total: Odoo's amount of the written draft (`odoo`), else as stated in the order (`stated`),
   * else computed from the order's lines (`computed`).
   */
  total: number | null;
  totalSource: "odoo" | "stated" | "computed";
  confidence: number;
  reasons: Reason[];
  lines: ApprovalLine[];
  /** An amendment: the PO it changes and what changes. */
  amendment: { poNumber: string; changes: string[] } | null;
  odoo: { name: string | null; url: string | null };
  /** Where the decision stands. */
  status: {
    state: ApprovalState;
    decision: "approve" | "reject" | null;
    by: string | null;
    at: Date | null;
    /** Odoo's answer when it refused. */
    error: string | null;
    /** Where the decision was taken: a click in Slack, or in Odoo itself (draft.reviewed). */
    via: "slack" | "odoo" | null;
    /** The order's state in Odoo after the decision (confirmed, cancelled). */
    draftState: string | null;
  };
  /** Lines below this confidence get a product select. */
  lowConfidence: number;
  /** Below this confidence (Odoo's review threshold, 0..1) there is no one-click Approve. */
  minApproveConfidence?: number;
  /** Drafted without a person: decided "draft", at or above Odoo's auto threshold, no hard warning. */
  automatic?: boolean;
  /**
   * Changes with every state of the approval: Slack asks for new block ids when a message is updated
   * (a select would otherwise keep what the client showed instead of the new initial option).
   */
  revision?: string;
}

/** Relative gap between a line's price and the product's list price that is worth a warning. */
export const priceTolerance = 0.02;
/** At most this many lines are listed, and at most this many product selects are offered. */
export const listedLines = 10;
export const maxPickers = 10;

/** Slack mrkdwn treats &, < and > as control characters: text from an email is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts to `max` characters with an ellipsis (never in the middle of an escape). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf("&");
  if (amp >= 0 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  return `${cut}…`;
}

const money = (n: number | null, currency: string | null) =>
  n === null
    ? "?"
    : `${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 4 })}${currency ? ` ${currency}` : ""}`;
const qty = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 4 });
const pct = (n: number) => `${Math.round(n * 100)} %`;
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const slackDate = (d: Date) =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace("T", " ")} UTC>`;

/** Whether a line's price is off the product's list price. */
export function priceOff(line: ApprovalLine): boolean {
  if (line.unitPrice === null || line.listPrice === null || line.listPrice <= 0) return false;
  return Math.abs(line.unitPrice - line.listPrice) / line.listPrice > priceTolerance;
}

/** Uncertain lines that can be fixed by picking a product: low confidence and candidates to offer. */
export function pickableLines(view: ApprovalView): number[] {
  const out: number[] = [];
  for (const [i, l] of view.lines.entries()) {
    if (l.candidates.length > 0 && l.confidence !== null && l.confidence < view.lowConfidence) out.push(i);
  }
  return out;
}

/**
 * One-click approval is offered only without hard warnings and at or above the review threshold
 * (DESIGN: decisions by confidence); otherwise the draft is looked at in Odoo.
 */
export function approvable(view: ApprovalView): boolean {
  if (view.confidence < (view.minApproveConfidence ?? 0)) return false;
  return !view.reasons.some((r) => r.severity === "hard");
}

function lineText(l: ApprovalLine, i: number, currency: string | null): string {
  const applied = l.picked?.state === "applied";
  const code = applied ? l.picked!.code : l.code;
  const name = l.productName ? ` ${escapeMrkdwn(clip(l.productName, 80))}` : "";
  const flags = [
    code ? "" : " :warning: unknown product",
    priceOff(l) ? ` :warning: list price ${money(l.listPrice, currency)}` : "",
    l.confidence !== null && l.confidence < 0.7 ? ` (match ${pct(l.confidence)})` : "",
  ].join("");
  // the order's price, else the one Odoo put on the draft (its pricelist)
  const price =
    l.unitPrice !== null
      ? money(l.unitPrice, currency)
      : l.odooUnitPrice !== null && l.odooUnitPrice !== undefined
        ? `${money(l.odooUnitPrice, currency)} (Odoo price)`
        : money(null, currency);
  const subtotal =
    l.odooSubtotal ?? (l.unitPrice === null ? null : Math.round(l.unitPrice * l.quantity * 100) / 100);
  const amount = subtotal === null ? "" : ` = ${money(subtotal, currency)}`;
  // ours (code and name) first, then what the customer wrote: a wrong match shows as a mismatch
  const theirs = escapeMrkdwn(clip(l.description, 80));
  const ours = code ? `\`${escapeMrkdwn(clip(code, 40))}\`${name}` : "`?`";
  return `${i + 1}. ${ours}${theirs && theirs !== name.trim() ? ` ← "${theirs}"` : ""} · ${qty(l.quantity)} ${escapeMrkdwn(clip(l.uom, 20))} × ${price}${amount}${flags}`;
}

/**
 * The message's title, following the approval: drafted automatically or to review while open, then
 * who approved or rejected it (never "to review" once decided, nor for an automatic draft).
 */
export function approvalHeadline(view: ApprovalView): string {
  const what = view.amendment ? "Amended order" : "Order";
  const s = view.status;
  const by = s.by ? ` by ${s.by}` : "";
  const where = s.via === "odoo" ? " in Odoo" : "";
  switch (s.state) {
    case "approved":
      return `Approved${where}${by}`;
    case "rejected":
      return `Rejected${where}${by}`;
    case "superseded":
      return s.draftState === "confirmed"
        ? "Confirmed in Odoo"
        : s.draftState === "cancelled"
          ? "Cancelled in Odoo"
          : "Decided in Odoo";
    case "deciding":
      return `${what} being ${s.decision === "reject" ? "rejected" : "approved"}${by}`;
    default:
      if (s.draftState === "confirmed") return `${what} confirmed`;
      if (s.draftState === "cancelled") return `${what} cancelled`;
      return view.automatic && s.state === "pending" ? `${what} drafted automatically` : `${what} to review`;
  }
}

/** Lines joined into sections of at most 3000 characters each. */
function chunkSections(lines: string[], blockId: (n: string) => string): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [];
  let current = "";
  const flush = () => {
    if (current)
      blocks.push({ type: "section", block_id: blockId(`lines_${blocks.length}`), text: mrkdwn(current) });
    current = "";
  };
  for (const raw of lines) {
    const line = clip(raw, slackLimits.sectionText);
    if (current && current.length + 1 + line.length > slackLimits.sectionText) flush();
    current = current ? `${current}\n${line}` : line;
  }
  flush();
  return blocks;
}

function statusText(view: ApprovalView): string | null {
  const s = view.status;
  const by = s.by ? escapeMrkdwn(clip(s.by, 100)) : s.via === "odoo" ? "someone" : "an approver";
  const where = s.via === "odoo" ? " in Odoo" : "";
  const at = s.at ? ` on ${slackDate(s.at)}` : "";
  const ref = view.odoo.name ? ` · ${escapeMrkdwn(view.odoo.name)}` : "";
  switch (s.state) {
    case "approved":
      return `:white_check_mark: *Approved*${where} by ${by}${at}${ref}${s.draftState === "confirmed" ? " is confirmed in Odoo" : ""}.`;
    case "rejected":
      return `:x: *Rejected*${where} by ${by}${at}${ref}${s.draftState === "cancelled" ? " is cancelled in Odoo" : ""}.`;
    case "superseded":
      return `:information_source: Decided in Odoo${at}${ref}: ${escapeMrkdwn(s.draftState ?? "changed")}.`;
    case "deciding":
      return `:hourglass_flowing_sand: ${s.decision === "reject" ? "Rejecting" : "Approving"} (asked by ${by})…`;
    case "failed":
      return `:warning: Odoo refused to ${s.decision === "reject" ? "cancel" : "confirm"} ${escapeMrkdwn(view.odoo.name ?? "the order")} (asked by ${by}${at}): ${escapeMrkdwn(clip(s.error ?? "unknown error", 1500))}`;
    default:
      return null;
  }
}

/**
 * The Block Kit approval message of one draft: what an approver needs to decide without opening Odoo,
 * within Slack's limits for any order size (the first ten lines are listed, the rest counted).
 */
export function buildApprovalMessage(view: ApprovalView): {
  text: string;
  blocks: Array<Record<string, unknown>>;
} {
  const L = slackLimits;
  const cur = view.currency;
  const blocks: Array<Record<string, unknown>> = [];
  const open = view.status.state === "pending" || view.status.state === "failed";
  const v = `${view.approvalId}`;
  /** A block id: its name, then the revision (`name.rev`); receivers read the part before the dot. */
  const id = (name: string) => (view.revision ? `${name}.${view.revision}` : name);

  blocks.push({
    type: "header",
    block_id: id("title"),
    text: plain(clip(`${approvalHeadline(view)}: ${view.customer}`, L.headerText)),
  });
  const fields = [
    `*Customer*\n${escapeMrkdwn(clip(view.customer, 200))}`,
    `*PO number*\n${escapeMrkdwn(clip(view.poNumber ?? "none", 200))}`,
    `*Order date*\n${escapeMrkdwn(view.orderDate ?? "?")}`,
    `*Delivery date*\n${escapeMrkdwn(view.deliveryDate ?? "not given")}`,
    `*Total (untaxed)*\n${money(view.total, cur)}${view.total !== null && view.totalSource === "computed" ? " (computed)" : view.totalSource === "odoo" ? " (Odoo)" : ""}`,
    `*Confidence*\n${pct(view.confidence)}`,
    `*Lines*\n${view.lines.length}`,
    `*Draft in Odoo*\n${view.odoo.url && view.odoo.name ? `<${view.odoo.url}|${escapeMrkdwn(view.odoo.name)}>` : escapeMrkdwn(view.odoo.name ?? "?")}`,
  ];
  blocks.push({
    type: "section",
    block_id: id("facts"),
    fields: fields.map((f) => mrkdwn(clip(f, L.sectionFieldText))),
  });

  // Why: the reasons in plain words, hard ones first.
  const order = { hard: 0, warning: 1, info: 2 } as const;
  const reasons = [...view.reasons].sort((a, b) => order[a.severity] - order[b.severity]);
  const icon = { hard: ":no_entry:", warning: ":warning:", info: ":information_source:" } as const;
  if (reasons.length > 0) {
    const shown = reasons
      .slice(0, 15)
      .map((r) => `${icon[r.severity]} ${escapeMrkdwn(clip(r.message, 300))}`);
    if (reasons.length > shown.length) shown.push(`…and ${reasons.length - shown.length} more in Odoo.`);
    blocks.push({
      type: "section",
      block_id: id("reasons"),
      text: mrkdwn(clip(`*Why ${pct(view.confidence)}*\n${shown.join("\n")}`, L.sectionText)),
    });
  }

  // Warnings made visible: unknown products, prices off the list, an amendment and what it changes.
  const warnings: string[] = [];
  const unknown = view.lines.filter((l) => !l.code && l.picked?.state !== "applied").length;
  if (unknown > 0) warnings.push(`:warning: ${unknown} line(s) with no known product.`);
  const off = view.lines.map((l, i) => ({ l, i })).filter(({ l }) => priceOff(l));
  if (off.length > 0) {
    const first = off
      .slice(0, 5)
      .map(({ l, i }) => `line ${i + 1} ${money(l.unitPrice, cur)} vs list ${money(l.listPrice, cur)}`)
      .join("; ");
    warnings.push(
      `:warning: ${off.length} price(s) off the price list: ${first}${off.length > 5 ? "; …" : ""}.`,
    );
  }
  if (view.amendment) {
    const changes = view.amendment.changes.slice(0, 10).map((c) => `• ${escapeMrkdwn(clip(c, 200))}`);
    if (view.amendment.changes.length > 10) changes.push(`…and ${view.amendment.changes.length - 10} more.`);
    warnings.push(
      `:warning: Amends PO ${escapeMrkdwn(clip(view.amendment.poNumber, 100))}${changes.length ? `:\n${changes.join("\n")}` : "."}`,
    );
  }
  if (warnings.length > 0) {
    blocks.push({
      type: "section",
      block_id: id("warnings"),
      text: mrkdwn(clip(warnings.join("\n"), L.sectionText)),
    });
  }

  blocks.push({ type: "divider", block_id: id("lines_start") });
  const listed = view.lines.slice(0, listedLines).map((l, i) => lineText(l, i, cur));
  blocks.push(...chunkSections(listed, id));
  if (view.lines.length > listedLines) {
    blocks.push({
      type: "context",
      block_id: id("lines_more"),
      elements: [
        mrkdwn(
          `…and ${view.lines.length - listedLines} more line(s), ${view.lines.length} in all: see the draft in Odoo.`,
        ),
      ],
    });
  }

  // A product select for each uncertain line (while the decision is open).
  const pickable = open ? pickableLines(view) : [];
  for (const i of pickable.slice(0, maxPickers)) {
    const l = view.lines[i]!;
    const options = l.candidates.slice(0, L.staticSelectOptions).map((c) => ({
      text: plain(clip(`${c.code} · ${c.name}`, L.optionText)),
      value: clip(c.code, L.optionValue),
    }));
    const current = l.picked?.code ?? l.code;
    const initial = options.find((o) => o.value === current);
    const picked =
      l.picked?.state === "applied"
        ? ` · picked by ${escapeMrkdwn(clip(l.picked.by, 60))}`
        : l.picked?.state === "failed"
          ? ` · :warning: the pick failed: ${escapeMrkdwn(clip(l.picked.error ?? "", 300))}`
          : "";
    blocks.push({
      type: "section",
      block_id: id(`pick_${i}`),
      text: mrkdwn(
        clip(
          `*Line ${i + 1}*: "${escapeMrkdwn(clip(l.description, 200))}" matched \`${escapeMrkdwn(current ?? "?")}\`${l.confidence !== null ? ` (${pct(l.confidence)})` : ""}${picked}`,
          L.sectionText,
        ),
      ),
      accessory: {
        type: "static_select",
        action_id: `${approvalActions.pickPrefix}${view.approvalId}:${i}`,
        placeholder: plain("Pick the right product"),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  if (pickable.length > maxPickers) {
    blocks.push({
      type: "context",
      block_id: id("picks_more"),
      elements: [mrkdwn(`${pickable.length - maxPickers} more uncertain line(s): fix them in Odoo.`)],
    });
  }

  const status = statusText(view);
  if (status)
    blocks.push({ type: "section", block_id: id("status"), text: mrkdwn(clip(status, L.sectionText)) });

  const buttons: Array<Record<string, unknown>> = [];
  if (open && view.odoo.name) {
    if (approvable(view)) {
      buttons.push({
        type: "button",
        action_id: approvalActions.approve,
        style: "primary",
        text: plain("Approve"),
        value: v,
      });
    }
    buttons.push({
      type: "button",
      action_id: approvalActions.reject,
      style: "danger",
      text: plain("Reject"),
      value: v,
      confirm: {
        title: plain("Reject this order?"),
        text: plain(clip(`The draft ${view.odoo.name ?? ""} will be cancelled in Odoo.`, L.confirmText)),
        confirm: plain("Reject"),
        deny: plain("Keep it"),
        style: "danger",
      },
    });
  }
  if (view.odoo.url) {
    buttons.push({
      type: "button",
      action_id: approvalActions.open,
      text: plain("Open in Odoo"),
      url: view.odoo.url,
      value: v,
    });
  }
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: id("decision"), elements: buttons });
  if (open && !approvable(view)) {
    blocks.push({
      type: "context",
      block_id: id("no_approve"),
      elements: [
        mrkdwn(
          view.confidence < (view.minApproveConfidence ?? 0)
            ? `No one-click approval: the confidence is below the review threshold (${pct(view.minApproveConfidence ?? 0)}); look at it in Odoo.`
            : "No one-click approval: a hard warning needs a look in Odoo.",
        ),
      ],
    });
  }

  // the notification text is parsed for mentions and links like mrkdwn: escaped too
  const text = clip(
    `${escapeMrkdwn(approvalHeadline(view))}: ${escapeMrkdwn(clip(view.customer, 200))}, PO ${escapeMrkdwn(clip(view.poNumber ?? "none", 100))}, ${money(view.total, cur)}, ${view.lines.length} line(s), confidence ${pct(view.confidence)}`,
    3000,
  );
  return { text, blocks: blocks.slice(0, L.blocksPerMessage) };
}
