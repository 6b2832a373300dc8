import { ROUTING_ONLY_REASONS, WEIGHTS } from "../score/weights.ts";
import type { ExpectedAction, ExtractionResult, Reason } from "../types.ts";
import type { LlmInput, LlmReader } from "./llmReader.ts";

export interface MergedResult extends ExtractionResult {
  metadata?: { model?: string; tokens?: { input: number; output: number } };
}

const norm = (s: unknown) =>
  String(s ?? "")
    .replace(/\s+/g, "")
    .toUpperCase();

/**
 * Compares the model's reading with the deterministic result. Agreement raises confidence a little,
 * each disagreement lowers it and is listed as a reason. The model never changes the action towards
 * approval: it can only add doubt. Any model failure keeps the deterministic result, with lower
 * confidence and a reason.
 */
export async function mergeModelReading(
  result: ExtractionResult,
  llm: LlmReader,
  input: LlmInput,
): Promise<MergedResult> {
  const reasons: Reason[] = [...result.reasons];
  let factor = 1;
  let metadata: MergedResult["metadata"] = { model: llm.model };
  try {
    const { reading, usage } = await llm.read(input);
    metadata = { model: llm.model, tokens: { input: usage.input_tokens, output: usage.output_tokens } };
    if (reading.suspicious_instructions && !reasons.some((r) => r.code === "injection.suspected")) {
      reasons.push({
        code: "injection.suspected",
        severity: "hard",
        message: "The model found instructions aimed at it in the email.",
      });
    }
    if (reading.kind !== result.kind) {
      factor *= WEIGHTS.modelDisagrees;
      reasons.push({
        code: "model.disagrees",
        severity: "warning",
        message: `The model reads this as ${reading.kind}, the parser as ${result.kind}.`,
        path: "kind",
      });
    } else factor *= WEIGHTS.modelAgrees;
    result.orders.forEach((order, i) => {
      const m = reading.orders[i];
      if (!m) {
        factor *= WEIGHTS.modelDisagrees;
        reasons.push({
          code: "model.disagrees",
          severity: "warning",
          message: `The model found no order ${i + 1}.`,
          path: `order[${i}]`,
        });
        return;
      }
      const fields: Array<[string, unknown, unknown]> = [
        ["customer_reference", order.customer_reference, m.customer_reference],
        ["order_date", order.order_date, m.order_date],
        ["delivery_date", order.delivery_date, m.delivery_date],
        ["currency", order.currency, m.currency],
        ["lines", order.lines.length, m.lines.length],
      ];
      for (const [name, ours, theirs] of fields) {
        if (norm(ours) === norm(theirs)) factor *= WEIGHTS.modelAgrees;
        else {
          factor *= WEIGHTS.modelDisagrees;
          reasons.push({
            code: "model.disagrees",
            severity: "warning",
            message: `${name}: parser ${String(ours ?? "none")}, model ${String(theirs ?? "none")}.`,
            path: `order[${i}].${name}`,
          });
        }
      }
      order.lines.forEach((l, j) => {
        const ml = m.lines[j];
        if (
          ml &&
          (ml.quantity !== l.quantity ||
            (ml.product_code && l.default_code && norm(ml.product_code) !== norm(l.default_code)))
        ) {
          factor *= WEIGHTS.modelDisagrees;
          reasons.push({
            code: "model.disagrees",
            severity: "warning",
            message: `line ${j + 1}: parser ${l.quantity} x ${l.default_code ?? "?"}, model ${ml.quantity} x ${ml.product_code ?? "?"}.`,
            path: `order[${i}].lines[${j}]`,
          });
        }
      });
    });
  } catch (err) {
    factor *= 0.9;
    reasons.push({
      code: "model.unavailable",
      severity: "warning",
      message: `Model reading failed (${(err as Error).message.slice(0, 120)}); deterministic result only.`,
    });
  }
  const hard = reasons.some((r) => r.severity === "hard");
  const doubt = reasons.some((r) => r.severity === "hard" && !ROUTING_ONLY_REASONS.has(r.code));
  let confidence = Math.max(0, Math.min(1, result.confidence * factor));
  if (doubt) confidence = Math.min(confidence, WEIGHTS.hardCap);
  // the model can only add doubt: a draft may become review, never the other way round
  let expect: ExpectedAction = result.expect;
  const disagreement = reasons.some((r) => r.code === "model.disagrees");
  if (expect === "draft" && (hard || disagreement || confidence < WEIGHTS.reviewThreshold)) expect = "review";
  return { ...result, reasons, confidence: Math.round(confidence * 1000) / 1000, expect, metadata };
}
