import type { Sql } from "postgres";
import { enqueueJob } from "../jobs/enqueueJob.ts";

/**
 * A person decided (or edited) an AI draft in Odoo (`draft.reviewed`): its Slack approval, if any,
 * records the decision (unless a Slack click decided first) and its message is redrawn by a job.
 * Without an approval (Slack not configured, or no message posted) nothing happens.
 */
export async function slackDraftReviewed(
  sql: Sql,
  review: { draftId: number; decision: "confirmed" | "cancelled" | "edited"; user?: unknown },
): Promise<void> {
  const user = (review.user ?? {}) as { login?: unknown; name?: unknown };
  const login = typeof user.login === "string" ? user.login : "";
  const name = typeof user.name === "string" ? user.name : null;
  await sql.begin(async (tx) => {
    const [approval] = await tx<{ id: number }[]>`
      select id::int as id from order_intake.approvals where draft_id = ${review.draftId} for update`;
    if (!approval) return;
    if (review.decision !== "edited") {
      await tx`
        update order_intake.approvals
        set state = ${review.decision === "confirmed" ? "approved" : "rejected"},
            decision = ${review.decision === "confirmed" ? "approve" : "reject"},
            decided_by = ${`odoo:${login}`}, decided_by_name = ${name}, decided_at = now(), error = null,
            updated_at = now()
        where id = ${approval.id} and state in ('pending', 'failed')`;
    }
    await enqueueJob(
      tx,
      "slack_update_approval",
      { approvalId: approval.id },
      { jobKey: `slack_update_approval:${approval.id}`, queueName: `slack_message:${approval.id}` },
    );
  });
}
