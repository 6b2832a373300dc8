import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import { completeSaleDraft, postOrderNote } from "../../odoo/completeSaleDraft.ts";
import { createOdooLookups } from "../../odoo/createOdooLookups.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import type { ExtractorFactory } from "../../pipeline/createExtractorFactory.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { readMessageSource } from "../readMessageSource.ts";
import { releaseSource } from "../releaseSource.ts";
import { withChosenCustomer } from "./messageProcess.ts";

/**
 * Job `odoo_complete_draft` (Retry on an email that has its draft): the email is read again against
 * the current catalog (synced from Odoo first), and the draft's note lines of products Odoo did not
 * have are replaced by the products now found (completeSaleDraft: one write, safe to repeat). The
 * stored reading becomes the new one, the count of lines still missing is kept (the source is kept
 * while any are left), and the order's chatter says what was done, also when nothing could be.
 */
export function createOdooCompleteDraftTask(deps: {
  handle: DatabaseHandle;
  odoo: () => Promise<OdooClient>;
  extractorFor: ExtractorFactory;
  /** Syncs the catalog cache from Odoo (a product created meanwhile is then known). */
  refreshCatalog?: () => Promise<void>;
}) {
  const { handle } = deps;
  return defineTask("odoo_complete_draft", async ({ messageId, orderIndex }, ctx) => {
    const [row] = await handle.sql<
      {
        draft_id: number;
        odoo_id: number | null;
        state: string;
        forced_customer_ref: string | null;
        result: ExtractionResult | null;
        extraction_id: number | null;
      }[]
    >`
      select d.id::int as draft_id, d.odoo_id, d.state, m.forced_customer_ref, e.result, e.id::int as extraction_id
      from order_intake.drafts d join order_intake.messages m on m.id = d.message_id
      left join lateral (select x.id, x.result from order_intake.extractions x where x.message_id = m.id
                         order by (x.extractor = 'merged') desc, x.id desc limit 1) e on true
      where d.message_id = ${messageId} and d.order_index = ${orderIndex}`;
    if (!row?.odoo_id || row.state !== "created") {
      ctx.log.info({ message: messageId, orderIndex, state: row?.state }, "no written draft to complete");
      return;
    }
    const client = await deps.odoo();
    const tell = (body: string) => postOrderNote(client, row.odoo_id!, body);
    const before = row.result?.orders[orderIndex];
    const raw = await readMessageSource(handle.sql, messageId);
    if (!raw || !before) {
      await tell(
        "Order Intake: Retry cannot read this email again: its source is no longer kept (it is released once its draft is complete or decided). Complete the draft by hand.",
      );
      return;
    }
    await deps.refreshCatalog?.();
    const reading = withChosenCustomer(
      await deps.extractorFor(String(messageId)).extract(raw, { key: String(messageId) }),
      row.forced_customer_ref,
    );
    const after = reading.orders[orderIndex];
    if (!after) {
      await tell(
        `Order Intake: Retry read the email again, but it now reads as ${reading.orders.length} order(s), not the one of this draft; nothing was changed.`,
      );
      return;
    }
    let outcome: Awaited<ReturnType<typeof completeSaleDraft>>;
    try {
      outcome = await completeSaleDraft(
        client,
        {
          orderId: row.odoo_id,
          orderIndex,
          before,
          after,
          reading: { confidence: reading.confidence, reasons: reading.reasons },
          announce: true,
        },
        createOdooLookups(client, { ttlMs: 0 }),
      );
    } catch (err) {
      if (err instanceof OdooError && !err.retryable) throw new PermanentJobError(err.code, err.message);
      throw err;
    }
    await handle.sql.begin(async (tx) => {
      await tx`update order_intake.drafts set missing_products = ${outcome.missing}, updated_at = now()
               where id = ${row.draft_id}`;
      // the stored reading is the one the draft now shows
      if (outcome.completed.length > 0 && row.extraction_id !== null) {
        const { metadata: _metadata, ...stored } = reading as ExtractionResult & { metadata?: unknown };
        await tx`update order_intake.extractions set result = ${JSON.stringify(stored)}::jsonb,
                   confidence = ${reading.confidence} where id = ${row.extraction_id}`;
      }
    });
    await releaseSource(handle.sql, messageId, { odooConfigured: true });
    ctx.log.info(
      { message: messageId, orderIndex, completed: outcome.completed.length, missing: outcome.missing },
      "draft read again on Retry",
    );
  });
}
