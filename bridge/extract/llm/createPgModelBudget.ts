import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import { decideBudget, type ModelBudget, type ModelBudgetLimits } from "./modelBudget.ts";

/**
 * The model budgets in PostgreSQL: the day's (UTC) spending is the sum of `model_usage` of this Odoo
 * database; the limits are Odoo's settings (settings.updated, `model.tokens_per_email`,
 * `model.daily_cost_usd`) where an admin set them, the environment's otherwise. Two messages read at
 * the same moment may both pass the check: the day's budget can be exceeded by at most one call per
 * worker.
 */
export function createPgModelBudget(deps: {
  handle: DatabaseHandle;
  odooDatabase: string;
  defaults: ModelBudgetLimits;
}): ModelBudget & { limits(): Promise<ModelBudgetLimits> } {
  const { handle, odooDatabase } = deps;
  const limits = async (): Promise<ModelBudgetLimits> => {
    const [row] = await handle.sql<{ tokens: string | null; cost: string | null }[]>`
      select values -> 'model' ->> 'tokens_per_email' as tokens, values -> 'model' ->> 'daily_cost_usd' as cost
      from order_intake.settings where odoo_database = ${odooDatabase} order by updated_at desc limit 1`;
    const tokens = Number(row?.tokens);
    const cost = Number(row?.cost);
    return {
      tokensPerEmail:
        row?.tokens && Number.isFinite(tokens) && tokens > 0 ? tokens : deps.defaults.tokensPerEmail,
      dailyCostUsd: row?.cost && Number.isFinite(cost) && cost >= 0 ? cost : deps.defaults.dailyCostUsd,
    };
  };
  return {
    limits,
    async allow(inputTokens, estimateUsd) {
      const [spent] = await handle.sql<{ usd: string | null }[]>`
        select sum(cost_usd)::text as usd from order_intake.model_usage
        where odoo_database = ${odooDatabase}
          and created_at >= (date_trunc('day', now() at time zone 'utc') at time zone 'utc')`;
      return decideBudget(await limits(), Number(spent?.usd ?? 0), inputTokens, estimateUsd);
    },
    async record(entry) {
      await handle.sql`
        insert into order_intake.model_usage (odoo_database, message_key, model, input_tokens, output_tokens, cost_usd)
        values (${odooDatabase}, ${entry.key}, ${entry.model}, ${entry.inputTokens}, ${entry.outputTokens}, ${entry.costUsd})`;
    },
  };
}
