/**
 * List prices of Claude models in USD per million tokens (platform.claude.com, models overview, read
 * December 2026). A model not listed is priced like the most expensive listed one unless the
 * operator states its price (ANTHROPIC_PRICE_INPUT_PER_MTOK / ANTHROPIC_PRICE_OUTPUT_PER_MTOK): a
 * daily cost budget must never be undercounted.
 */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** The current Sonnet: the default reader. */
export const DEFAULT_CLAUDE_MODEL = "claude-sonnet-5-5";

const PRICES: Record<string, ModelPrice> = {
  "claude-sonnet-5-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-sonnet-5": { inputPerMTok: 2, outputPerMTok: 10 },
  "claude-opus-5-5": { inputPerMTok: 4, outputPerMTok: 20 },
  "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5 },
  "claude-sonnet-4-6": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-sonnet-4-5": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-fable-5-1": { inputPerMTok: 10, outputPerMTok: 50 },
};
const MOST_EXPENSIVE: ModelPrice = { inputPerMTok: 10, outputPerMTok: 50 };

/** The price of a model id ("claude-haiku-4-5-20251001" is priced as "claude-haiku-4-5"). */
export function modelPrice(model: string, override?: Partial<ModelPrice> | null): ModelPrice {
  const known =
    PRICES[model] ??
    Object.entries(PRICES)
      .filter(([id]) => model.startsWith(`${id}-`))
      .sort((a, b) => b[0].length - a[0].length)[0]?.[1];
  const base = known ?? MOST_EXPENSIVE;
  return {
    inputPerMTok: override?.inputPerMTok ?? base.inputPerMTok,
    outputPerMTok: override?.outputPerMTok ?? base.outputPerMTok,
  };
}

/** USD for a call's usage, rounded to a millionth of a dollar. */
export function costOf(price: ModelPrice, usage: { input_tokens: number; output_tokens: number }): number {
  const usd =
    (usage.input_tokens * price.inputPerMTok + usage.output_tokens * price.outputPerMTok) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
