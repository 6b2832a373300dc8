import type { DatabaseHandle } from "../db/connectDatabase.ts";
import { defineTask } from "../jobs/defineTask.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { OdooError } from "../odoo/odooErrors.ts";
import { postReplyToChatter } from "../odoo/postReplyToChatter.ts";

/**
 * Job `thread_post`: posts a customer's reply as an internal note in the chatter of its order (a note,
 * so Odoo emails no follower, the customer included). The text travels in the job's payload only; no
 * body is stored by the bridge. Odoo is searched for the reply's Message-ID first, so a run again
 * after a lost answer does not post twice.
 */
export function createThreadTasks(deps: { handle: DatabaseHandle; odoo: () => Promise<OdooClient> }) {
  const { handle } = deps;
  return [
    defineTask("thread_post", async (payload, ctx) => {
      const [post] = await handle.sql<{ id: number; odoo_model: string; odoo_id: number; status: string }[]>`
        select id::int as id, odoo_model, odoo_id, status from order_intake.thread_posts where id = ${payload.threadPostId}`;
      if (!post) throw new PermanentJobError("thread.missing", `no thread post ${payload.threadPostId}`);
      if (post.status === "posted") return;
      try {
        const id = await postReplyToChatter(await deps.odoo(), {
          model: post.odoo_model,
          resId: post.odoo_id,
          from: payload.from,
          subject: payload.subject,
          messageId: payload.messageId,
          text: payload.text,
          attachments: payload.attachments,
        });
        await handle.sql`
          update order_intake.thread_posts set status = 'posted', odoo_message_id = ${id}, error = null, updated_at = now()
          where id = ${post.id}`;
        ctx.log.info(
          { threadPost: post.id, model: post.odoo_model, odooId: post.odoo_id },
          "reply posted to the order's chatter",
        );
      } catch (err) {
        const message = (err as Error).message;
        const permanent = err instanceof OdooError && !err.retryable;
        await handle.sql`
          update order_intake.thread_posts set status = ${permanent ? "failed" : "pending"}, error = ${message}, updated_at = now()
          where id = ${post.id}`;
        if (permanent) throw new PermanentJobError("thread.rejected", message);
        throw err;
      }
    }),
  ];
}
