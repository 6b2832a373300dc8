import type { ProductMatch } from "../match/productMatcher.ts";
import { convertQuantity, parseUnit } from "../order/units.ts";
import type { ParsedLine, ParsedOrder, ReaderName } from "../pipeline/parsedOrder.ts";
import { MODEL_READER_WEIGHTS, ROUTING_ONLY_REASONS, WEIGHTS } from "../score/weights.ts";
import type { ExpectedAction, ExtractedOrder, ExtractionResult, OrderLine, Reason } from "../types.ts";
import type { LlmInput, LlmReader } from "./llmReader.ts";
import { estimateInputTokens, type ModelBudget } from "./modelBudget.ts";
import { checkArithmetic, modelParsedOrders } from "./modelOrders.ts";
import { costOf, type ModelPrice, modelPrice } from "./modelPricing.ts";

/** Which readers read a line, and whether they agree: two independent readers agreeing is evidence. */
export interface LineReaders {
  /** "order[0].lines[2]" */
  path: string;
  readers: Array<ReaderName | "rules">;
  /** Both read it with the same product and quantity. */
  agrees: boolean;
  /** The model's values where they differ from the rules'. */
  model?: { code: string | null; quantity: number | null; description: string };
}

export interface ModelMetadata {
  model?: string;
  /** Tokens of this email's model call (shown in the intake log and the reports). */
  tokens?: { input: number; output: number };
  /** What this email's model call cost. */
  cost?: { amount: number; currency: "USD" };
  /** Per line: who read it and whether the readers agree (for the verifier). */
  readers?: LineReaders[];
  /** The model's reading as the pipeline's intermediate (reader "model", with provenance). */
  modelOrders?: ParsedOrder[];
}

export interface MergedResult extends ExtractionResult {
  metadata?: ModelMetadata;
}

export interface MergeOptions {
  /** The catalog resolver of the extractor (our code, barcode, learned alias, description). */
  resolve?: (line: ParsedLine) => Promise<ProductMatch>;
  /** Token and cost budgets; without one the call is made as configured. */
  budget?: ModelBudget | null;
  /** The message's key, for the usage record. */
  key?: string;
  /** The text layers of the documents and the body: the model's numbers must be printed there. */
  documentText?: string;
  /** A price for a model not in the list (USD per million tokens). */
  price?: Partial<ModelPrice> | null;
  /** Odoo's thresholds (0..1). */
  thresholds?: { auto: number; review: number } | null;
}

const norm = (s: unknown) =>
  String(s ?? "")
    .replace(/\s+/g, "")
    .toUpperCase();
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The model's quantity in the catalog unit of the product, when the units convert. */
function quantityIn(line: ParsedLine, uom: string | undefined): number | null {
  if (line.quantity === null) return null;
  if (!uom) return line.quantity;
  const conv = convertQuantity(line.quantity, parseUnit(line.unit), uom);
  return conv.incompatible ? line.quantity : conv.quantity;
}

async function resolveLine(
  line: ParsedLine,
  resolve: MergeOptions["resolve"],
): Promise<{ code: string | null; match: ProductMatch | null }> {
  if (!resolve) return { code: line.code ? norm(line.code) : null, match: null };
  const match = await resolve(line);
  return { code: match.product?.default_code ?? null, match };
}

/**
 * Reads the email with the model as a second, independent reader, within the budgets, and merges:
 * - the rules read the order too: each line both read alike is evidence (listed per line in
 *   `metadata.readers`, and raising the confidence by WEIGHTS.modelAgrees); each disagreement is a
 *   reason naming both values and lowers it;
 * - only the model read it: the order is built from the model's lines, resolved against the catalog;
 *   it is a draft to review unless the document's own arithmetic verifies it, and a reading that
 *   contradicts that arithmetic is capped far below the auto threshold;
 * - the model never decides: it cannot turn a review into a draft, approve, set a price source or a
 *   threshold; what it returns is data. Any failure keeps the rules' result, with a reason.
 */
export async function mergeModelReading(
  result: ExtractionResult,
  llm: LlmReader,
  input: LlmInput,
  options: MergeOptions = {},
): Promise<MergedResult> {
  const reasons: Reason[] = [...result.reasons];
  const metadata: ModelMetadata = { model: llm.model };
  const price = modelPrice(llm.model, options.price);
  const inputTokens = estimateInputTokens(input);
  let maxTokens: number | undefined;
  if (options.budget) {
    const decision = await options.budget.allow(inputTokens, (out) =>
      costOf(price, { input_tokens: inputTokens, output_tokens: out }),
    );
    if (!decision.ok) {
      reasons.push({
        code: "model.budget",
        severity: "info",
        message: `The model was not asked: ${decision.reason}. The rules' reading stands alone.`,
      });
      return { ...result, reasons, metadata };
    }
    maxTokens = decision.maxOutputTokens;
  }
  let reading: Awaited<ReturnType<LlmReader["read"]>>["reading"];
  try {
    const answer = await llm.read(input, maxTokens ? { maxTokens } : {});
    reading = answer.reading;
    const cost = costOf(price, answer.usage);
    metadata.tokens = { input: answer.usage.input_tokens, output: answer.usage.output_tokens };
    metadata.cost = { amount: cost, currency: "USD" };
    await options.budget?.record({
      key: options.key ?? "",
      model: llm.model,
      inputTokens: answer.usage.input_tokens,
      outputTokens: answer.usage.output_tokens,
      costUsd: cost,
    });
  } catch (err) {
    reasons.push({
      code: "model.unavailable",
      severity: "warning",
      message: `Model reading failed (${(err as Error).message.slice(0, 120)}); the rules' reading only.`,
    });
    return finish(result, reasons, MODEL_READER_WEIGHTS.unavailable, metadata, null);
  }

  const modelOrders = modelParsedOrders(reading, input);
  metadata.modelOrders = modelOrders;
  if (reading.suspicious_instructions && !reasons.some((r) => r.code === "injection.suspected")) {
    reasons.push({
      code: "injection.suspected",
      severity: "hard",
      message: "The model found instructions aimed at it in the email.",
    });
  }
  const rulesRead = result.orders.some((o) => o.lines.length > 0);
  const modelRead = modelOrders.some((o) => o.lines.length > 0);
  const orderKind = result.kind === "sales_order" || result.kind === "amendment";

  if (!rulesRead && modelRead && orderKind) {
    return buildFromModel(result, reasons, modelOrders, metadata, options);
  }

  let factor = 1;
  const disagree = (message: string, path: string) => {
    factor *= WEIGHTS.modelDisagrees;
    reasons.push({ code: "model.disagrees", severity: "warning", message, path });
  };
  if (reading.kind !== result.kind) {
    disagree(`The model reads this as ${reading.kind}, the rules as ${result.kind}.`, "kind");
  } else factor *= WEIGHTS.modelAgrees;
  const readers: LineReaders[] = [];
  for (const [i, order] of result.orders.entries()) {
    const m = modelOrders[i];
    if (!m) {
      disagree(`The model found no order ${i + 1}.`, `order[${i}]`);
      continue;
    }
    const fields: Array<[string, unknown, unknown]> = [
      ["customer_reference", order.customer_reference, m.documentNumber],
      ["order_date", order.order_date, m.orderDate],
      ["delivery_date", order.delivery_date, m.deliveryDate],
      ["currency", order.currency, m.currency],
    ];
    for (const [name, ours, theirs] of fields) {
      if (norm(ours) === norm(theirs)) factor *= WEIGHTS.modelAgrees;
      else
        disagree(
          `${name}: rules ${String(ours ?? "none")}, model ${String(theirs ?? "none")}.`,
          `order[${i}].${name}`,
        );
    }
    // lines are paired by product, not by position: a reader that skipped a line shifts no other
    const resolved = await Promise.all(m.lines.map((l) => resolveLine(l, options.resolve)));
    const used = new Set<number>();
    for (const [j, l] of order.lines.entries()) {
      const path = `order[${i}].lines[${j}]`;
      let k = resolved.findIndex(
        (r, x) => !used.has(x) && r.code !== null && r.code === norm(l.default_code),
      );
      if (k < 0 && !l.default_code) k = j < m.lines.length && !used.has(j) ? j : -1;
      const ml = k >= 0 ? m.lines[k] : undefined;
      if (!ml) {
        readers.push({ path, readers: ["rules"], agrees: false });
        disagree(
          `line ${j + 1}: rules ${l.quantity} x ${l.default_code ?? l.description}, the model has no such line.`,
          path,
        );
        continue;
      }
      used.add(k);
      const qty = quantityIn(ml, resolved[k]?.match?.product?.uom ?? l.uom);
      const sameProduct = resolved[k]?.code === null || resolved[k]?.code === norm(l.default_code);
      const agrees = sameProduct && qty !== null && Math.abs(qty - l.quantity) < 1e-9;
      readers.push({
        path,
        readers: agrees ? ["rules", "model"] : ["rules"],
        agrees,
        ...(agrees
          ? {}
          : { model: { code: resolved[k]?.code ?? null, quantity: qty, description: ml.description } }),
      });
      if (agrees) factor *= WEIGHTS.modelAgrees;
      else
        disagree(
          `line ${j + 1}: rules ${l.quantity} x ${l.default_code ?? "?"}, model ${qty ?? "?"} x ${resolved[k]?.code ?? ml.code ?? ml.description}.`,
          path,
        );
    }
    for (const [x, ml] of m.lines.entries()) {
      if (used.has(x)) continue;
      disagree(
        `The model reads a line the rules did not: ${ml.quantity ?? "?"} x ${resolved[x]?.code ?? ml.code ?? ml.description}.`,
        `order[${i}].lines`,
      );
    }
  }
  metadata.readers = readers;
  return finish(result, reasons, factor, metadata, null);
}

/** Only the model read the order: the draft is built from its lines, resolved against the catalog. */
async function buildFromModel(
  result: ExtractionResult,
  reasons: Reason[],
  modelOrders: ParsedOrder[],
  metadata: ModelMetadata,
  options: MergeOptions,
): Promise<MergedResult> {
  const orders: ExtractedOrder[] = [];
  let confidence = result.customer_ref ? 1 : WEIGHTS.customerUnknown;
  let verifiedAll = true;
  let contradicted = false;
  const readers: LineReaders[] = [];
  for (const [i, m] of modelOrders.entries()) {
    if (m.lines.length === 0) continue;
    const rules = result.orders[i];
    const lines: OrderLine[] = [];
    for (const [j, l] of m.lines.entries()) {
      const path = `order[${orders.length}].lines[${j}]`;
      const { match } = await resolveLine(l, options.resolve);
      const product = match?.product ?? null;
      const lineConf = !match?.product
        ? WEIGHTS.lineUnknown
        : match.via === "description"
          ? match.confidence ** WEIGHTS.descriptionExponent
          : match.confidence;
      confidence *= lineConf;
      if (!product)
        reasons.push({
          code: "line.unknown_product",
          severity: "hard",
          message: `The model reads "${l.description}", which matches no product of the catalog.`,
          path,
        });
      const qty = quantityIn(l, product?.uom) ?? 0;
      const factor = l.quantity && qty ? l.quantity / qty : 1;
      lines.push({
        default_code: product?.default_code ?? null,
        customer_sku: l.customerSku,
        description: l.description,
        quantity: qty,
        uom: product?.uom ?? l.unit ?? "Units",
        unit_price:
          l.unitPrice === null
            ? null
            : Math.round(((l.unitPrice * factor) / (l.priceBase ?? 1)) * 10000) / 10000,
        confidence: round3(lineConf),
        ...(match && match.candidates.length > 1
          ? {
              candidates: match.candidates.map((c) => ({
                default_code: c.product.default_code,
                name: c.product.name,
                score: round3(c.score),
              })),
            }
          : {}),
      });
      readers.push({ path, readers: ["model"], agrees: false });
    }
    const check = checkArithmetic(m, options.documentText ?? "");
    for (const c of check.contradictions) {
      contradicted = true;
      reasons.push({
        code: "model.arithmetic",
        severity: "hard",
        message: `The model's reading contradicts the document's arithmetic: ${c}.`,
        path: `order[${orders.length}]`,
      });
    }
    if (!check.verified) verifiedAll = false;
    if (check.gaps.length > 0 && check.contradictions.length === 0)
      reasons.push({
        code: "model.unverified",
        severity: "warning",
        message: `Read by the model only, not verified by the document's arithmetic (${check.gaps.slice(0, 3).join("; ")}).`,
        path: `order[${orders.length}]`,
      });
    orders.push({
      customer_reference: rules?.customer_reference ?? m.documentNumber,
      order_date: rules?.order_date ?? m.orderDate,
      delivery_date: rules?.delivery_date ?? m.deliveryDate,
      currency: rules?.currency ?? m.currency,
      lines,
      total_untaxed: m.totals?.lineExtension ?? rules?.total_untaxed ?? null,
    });
  }
  reasons.push({
    code: "model.only_reader",
    severity: "info",
    message: `Only the model read the order lines (${orders.reduce((n, o) => n + o.lines.length, 0)}); the rules read none.`,
  });
  metadata.readers = readers;
  // the rules' own doubts about reading nothing are answered by the model's lines; others stay
  const kept = reasons.filter((r) => r.code !== "order.no_lines");
  let cap = 1;
  if (contradicted) cap = MODEL_READER_WEIGHTS.arithmeticContradictsCap;
  else if (!verifiedAll) cap = MODEL_READER_WEIGHTS.modelOnlyUnverifiedCap;
  const built: ExtractionResult = { ...result, orders, reasons: kept, confidence: Math.min(confidence, cap) };
  // verified by the document's own arithmetic, the draft may stand; otherwise a person reviews it
  const merged = finish(built, kept, 1, metadata, verifiedAll && !contradicted ? "draft" : "review");
  // a result the arithmetic does not verify never reaches the auto threshold, whatever Odoo's setting
  const auto = options.thresholds?.auto ?? 0.95;
  if (!verifiedAll || contradicted)
    merged.confidence = Math.min(merged.confidence, round3(Math.min(cap, auto - 0.01)));
  return merged;
}

/** The confidence and action after the model: it can add doubt or evidence, never approve. */
function finish(
  result: ExtractionResult,
  reasons: Reason[],
  factor: number,
  metadata: ModelMetadata,
  force: ExpectedAction | null,
): MergedResult {
  const hard = reasons.some((r) => r.severity === "hard");
  const doubt = reasons.some((r) => r.severity === "hard" && !ROUTING_ONLY_REASONS.has(r.code));
  let confidence = Math.max(0, Math.min(1, result.confidence * factor));
  if (doubt) confidence = Math.min(confidence, WEIGHTS.hardCap);
  let expect: ExpectedAction = force ?? result.expect;
  const disagreement = reasons.some((r) => r.code === "model.disagrees");
  if (expect === "draft" && (hard || disagreement || confidence < WEIGHTS.reviewThreshold)) expect = "review";
  // the model never turns a review (or a rejection, or an ignored mail) into a draft
  if (force === null && result.expect !== "draft" && expect === "draft") expect = result.expect;
  return { ...result, reasons, confidence: round3(confidence), expect, metadata };
}
