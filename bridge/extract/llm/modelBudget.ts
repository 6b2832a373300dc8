import type { LlmInput } from "./llmReader.ts";

/**
 * The model's budgets, set by an admin in Odoo (settings.updated, `model`) or by the environment:
 * tokens one email may use, and USD the model may cost per day (UTC). A call that would exceed either is
 * not made; the email is read by the rules alone, with a reason saying which budget stopped it.
 */
export interface ModelBudgetLimits {
  /** Input + output tokens one email may use. */
  tokensPerEmail: number;
  /** USD per day (UTC); 0 stops every call. */
  dailyCostUsd: number;
}

export type BudgetDecision = { ok: true; maxOutputTokens: number } | { ok: false; reason: string };

export interface ModelBudget {
  /** Whether a call estimated at `inputTokens` (priced by `estimateUsd`) may be made. */
  allow(inputTokens: number, estimateUsd: (outputTokens: number) => number): Promise<BudgetDecision>;
  /** Records what a call used, per email: shown in the intake log and the reports. */
  record(entry: {
    key: string;
    model: string;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
  }): Promise<void>;
}

/** Tokens of answer one email needs at least: an order of a few dozen lines. */
export const MIN_OUTPUT_TOKENS = 1024;
/** Tokens of answer never asked for more than this (a long order of a few hundred lines). */
export const MAX_OUTPUT_TOKENS = 16_000;

/**
 * A conservative estimate of the input tokens of an email, before sending it: text at 3 characters a
 * token (digits and codes tokenise densely), a PDF page as its text plus an image of the page (about
 * 1,600 tokens), an image at most 1,600 tokens (the API scales larger ones down), and the fixed prompt.
 */
export function estimateInputTokens(input: LlmInput, prompt = 1_500): number {
  let tokens = prompt + Math.ceil((input.subject.length + input.bodyText.length + input.from.length) / 3);
  for (const d of input.documents) {
    if (d.content.subarray(0, 5).toString("latin1") === "%PDF-") {
      const pages = Math.max(
        1,
        (d.content.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length,
      );
      tokens += pages * (1_600 + 1_200);
    } else if (/^image\//.test(d.contentType)) tokens += 1_600;
    else tokens += Math.ceil(d.content.length / 3);
  }
  return tokens;
}

/** Decides against the limits and the day's spending so far. */
export function decideBudget(
  limits: ModelBudgetLimits,
  spentTodayUsd: number,
  inputTokens: number,
  estimateUsd: (outputTokens: number) => number,
): BudgetDecision {
  const room = limits.tokensPerEmail - inputTokens;
  if (room < MIN_OUTPUT_TOKENS)
    return {
      ok: false,
      reason: `the email needs about ${inputTokens} tokens and an answer; the budget is ${limits.tokensPerEmail} tokens per email`,
    };
  const maxOutputTokens = Math.min(room, MAX_OUTPUT_TOKENS);
  const estimate = estimateUsd(maxOutputTokens);
  if (spentTodayUsd + estimate > limits.dailyCostUsd)
    return {
      ok: false,
      reason: `today's model cost is ${spentTodayUsd.toFixed(2)} USD of ${limits.dailyCostUsd.toFixed(2)} USD; this email could cost up to ${estimate.toFixed(2)} USD`,
    };
  return { ok: true, maxOutputTokens };
}

/** A budget kept in memory (command-line tools, tests); the service keeps it in PostgreSQL. */
export function createMemoryModelBudget(limits: ModelBudgetLimits): ModelBudget & { spentUsd(): number } {
  let day = new Date().toISOString().slice(0, 10);
  let spent = 0;
  const today = () => {
    const d = new Date().toISOString().slice(0, 10);
    if (d !== day) {
      day = d;
      spent = 0;
    }
  };
  return {
    async allow(inputTokens, estimateUsd) {
      today();
      return decideBudget(limits, spent, inputTokens, estimateUsd);
    },
    async record(entry) {
      today();
      spent += entry.costUsd;
    },
    spentUsd: () => spent,
  };
}
