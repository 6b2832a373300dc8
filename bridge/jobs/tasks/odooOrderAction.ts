import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { cancelSaleOrder, confirmSaleOrder } from "../../odoo/saleOrderActions.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { releaseSourceOfDraft } from "../releaseSource.ts";

/**
 * Jobs `odoo_confirm_draft` and `odoo_cancel_draft`: confirm or cancel a draft written by
 * odoo_write_draft (Slack decisions, auto-confirm). The draft's state in Odoo is read first, so a run
 * again after a crash does nothing twice.
 */
export function createOdooOrderActionTasks(deps: {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
}) {
  const { handle } = deps;
  const run = async (draftId: number, action: "confirm" | "cancel") => {
    const [draft] = await handle.sql<{ id: number; odoo_id: number | null; state: string }[]>`
      select id::int as id, odoo_id, state from order_intake.drafts where id = ${draftId}`;
    if (!draft?.odoo_id) throw new PermanentJobError("draft.not_written", `draft ${draftId} is not in Odoo`);
    const client = await deps.odoo();
    try {
      const state =
        action === "confirm"
          ? await confirmSaleOrder(client, draft.odoo_id)
          : await cancelSaleOrder(client, draft.odoo_id);
      const mapped = state === "sale" ? "confirmed" : state === "cancel" ? "cancelled" : draft.state;
      await handle.sql`update order_intake.drafts set state = ${mapped}, error = null, updated_at = now() where id = ${draftId}`;
      await releaseSourceOfDraft(handle.sql, draftId);
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) {
        await handle.sql`update order_intake.drafts set error = ${`${err.code}: ${err.message}`}, updated_at = now() where id = ${draftId}`;
        throw new PermanentJobError(err.code, err.message);
      }
      throw err;
    }
  };
  return [
    defineTask("odoo_confirm_draft", ({ draftId }) => run(draftId, "confirm")),
    defineTask("odoo_cancel_draft", ({ draftId }) => run(draftId, "cancel")),
  ];
}
