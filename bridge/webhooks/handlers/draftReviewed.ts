import { z } from "zod";
import { diffReviewedLines, type LineChange } from "../../catalog/diffReviewedLines.ts";
import { learnLayout } from "../../extract/layout/layoutMemory.ts";
import type { ExtractionResult } from "../../extract/types.ts";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { releaseSourceOfDraft } from "../../jobs/releaseSource.ts";
import { createPgLayoutMemory } from "../../match/createPgLayoutMemory.ts";
import { recordProductAlias } from "../../match/recordProductAlias.ts";
import { slackDraftReviewed } from "../../slack/slackDraftReviewed.ts";
import type { EventContext, OdooEventHandler } from "../odooEventHandlers.ts";

const reviewedLine = z
  .object({
    line_id: z.number().nullish(),
    product_id: z.number().nullish(),
    default_code: z.string().nullish(),
    name: z.string().nullish(),
    qty: z.number().nullish(),
    uom: z.string().nullish(),
    price: z.number().nullish(),
    discount: z.number().nullish(),
  })
  .passthrough();

/** `draft.reviewed` data (odoo_addon/order_intake/readme/CONFIGURE.md). */
export const draftReviewedSchema = z
  .object({
    model: z.string(),
    res_id: z.number().int(),
    decision: z.enum(["confirmed", "cancelled", "edited"]),
    message_id: z.string().nullish(),
    partner_id: z.number().nullish(),
    lines: z.array(reviewedLine).default([]),
  })
  .passthrough();

export interface DraftReview {
  draftId: number | null;
  decision: "confirmed" | "cancelled" | "edited";
  changes: LineChange[];
  /** product_aliases rows recorded or moved by this review (each written to Odoo by its own job). */
  learned: number[];
}

interface DraftRow {
  id: number;
  message_id: number;
  order_index: number;
  customer_ref: string | null;
}

async function findDraft(ctx: EventContext, model: string, resId: number, key: string | null) {
  const [byOdoo] = await ctx.handle.sql<DraftRow[]>`
    select id::int as id, message_id::int as message_id, order_index, customer_ref
    from order_intake.drafts where odoo_model = ${model} and odoo_id = ${resId}
    order by id limit 1`;
  if (byOdoo || !key) return byOdoo ?? null;
  // the draft key: the Message-ID, "#<n>" for the n-th order of the same mail
  const m = /^(.*)#(\d+)$/.exec(key);
  const [byKey] = await ctx.handle.sql<DraftRow[]>`
    select d.id::int as id, d.message_id::int as message_id, d.order_index, d.customer_ref
    from order_intake.drafts d join order_intake.messages m on m.id = d.message_id
    where m.message_id = ${m ? m[1]! : key} and d.order_index = ${m ? Number(m[2]) : 0}
    order by d.id limit 1`;
  return byKey ?? null;
}

/**
 * What the bridge learns from a person's review of an AI draft in Odoo: the line difference against
 * what it extracted, and for each line whose product was corrected (or a line matched only by its
 * description that was confirmed), an alias "this customer's part number / wording -> this product",
 * recorded here and copied to Odoo by one `odoo_alias_write` job per alias.
 */
export async function learnFromReview(
  ctx: EventContext,
  odooDatabase: string,
  data: z.infer<typeof draftReviewedSchema>,
): Promise<DraftReview> {
  const draft = await findDraft(ctx, data.model, data.res_id, data.message_id ?? null);
  const review: DraftReview = {
    draftId: draft?.id ?? null,
    decision: data.decision,
    changes: [],
    learned: [],
  };
  if (!draft) {
    ctx.log.warn(
      { model: data.model, resId: data.res_id },
      "reviewed draft is not one the bridge wrote; nothing learnt",
    );
    return review;
  }
  const [extraction] = await ctx.handle.sql<{ result: ExtractionResult }[]>`
    select result from order_intake.extractions where message_id = ${draft.message_id}
    order by (extractor = 'merged') desc, id desc limit 1`;
  const aiLines = extraction?.result.orders[draft.order_index]?.lines ?? [];
  const customerRef = draft.customer_ref ?? extraction?.result.customer_ref ?? null;
  const { pairs, changes } = diffReviewedLines(aiLines, data.lines);
  review.changes = changes;
  // P16: what the review teaches about this sender's documents (rows that are not items, price base)
  if (data.decision !== "cancelled" && customerRef)
    await createPgLayoutMemory(ctx.handle, odooDatabase).learn(
      customerRef,
      learnLayout(aiLines, data.lines, changes),
    );

  await ctx.handle.sql.begin(async (tx) => {
    if (data.decision !== "cancelled" && customerRef) {
      for (const p of pairs) {
        const ai = aiLines[p.ai]!;
        const final = data.lines[p.final]!;
        const finalCode = final.default_code?.trim();
        if (!finalCode) continue;
        const corrected = (ai.default_code ?? "").toUpperCase() !== finalCode.toUpperCase();
        // a confirmed line that was matched by wording alone (not our code) is worth remembering too
        const byWording = data.decision === "confirmed" && (ai.confidence ?? 1) < 0.99;
        if (!corrected && !byWording) continue;
        const recorded = await recordProductAlias(tx, {
          odooDatabase,
          partnerRef: customerRef,
          customerSku: ai.customer_sku,
          description: ai.description,
          productCode: finalCode,
          source: "odoo",
        });
        for (const a of recorded) {
          if (!a.changed) continue;
          review.learned.push(a.id);
          await enqueueJob(tx, "odoo_alias_write", { aliasId: a.id }, { jobKey: `odoo_alias_write:${a.id}` });
        }
      }
    }
    const state =
      data.decision === "confirmed" ? "confirmed" : data.decision === "cancelled" ? "cancelled" : null;
    if (state) {
      await tx`update order_intake.drafts set state = ${state}, updated_at = now() where id = ${draft.id}`;
      await releaseSourceOfDraft(tx, draft.id);
    }
  });
  return review;
}

/** Handler of `draft.reviewed`. */
export const draftReviewed: OdooEventHandler = async (ctx, delivery) => {
  const parsed = draftReviewedSchema.safeParse(delivery.data);
  if (!parsed.success) {
    ctx.log.error({ issues: parsed.error.issues.length }, "draft.reviewed with an unexpected shape; ignored");
    return;
  }
  const review = await learnFromReview(ctx, delivery.database, parsed.data);
  ctx.log.info(
    {
      draft: review.draftId,
      decision: review.decision,
      changes: review.changes.map((c) => c.kind),
      learned: review.learned.length,
    },
    "draft reviewed in Odoo",
  );
  // P7: the Slack approval message of this draft shows the decision taken in Odoo.
  if (review.draftId) {
    await slackDraftReviewed(ctx.handle.sql, {
      draftId: review.draftId,
      decision: review.decision,
      user: parsed.data.user,
    });
  }
};
