import { z } from "zod";

/**
 * Every job the bridge runs, with the schema of its payload. A payload is checked when it is enqueued
 * and again when the job starts, so a malformed job fails once with a clear reason instead of looping.
 */
export const taskPayloadSchemas = {
  /** Handle one webhook delivery from Odoo (by its delivery id). */
  odoo_event_handle: z.object({ deliveryId: z.string().uuid() }),
  /** Scan a mailbox or a local source folder for new messages. */
  mailbox_fetch: z.object({ mailboxId: z.number().int().positive() }),
  /** Send one recorded email (acknowledgement or alert; a row of sent_emails), once. */
  notify_email: z.object({ emailId: z.number().int().positive() }),
  /** Parse, extract, match, score and decide one stored message. */
  message_process: z.object({ messageId: z.number().int().positive() }),
  /** Write one order of a decided message as a draft in Odoo (idempotent on the Message-ID). */
  odoo_write_draft: z.object({
    messageId: z.number().int().positive(),
    orderIndex: z.number().int().min(0),
  }),
  /**
   * Retry on a written draft: read its email again (against the catalog synced first) and replace the
   * note lines of products Odoo did not have by the products now found (P12).
   */
  odoo_complete_draft: z.object({
    messageId: z.number().int().positive(),
    orderIndex: z.number().int().min(0),
  }),
  /** Apply a decided message of the Purchase, Invoicing, Inventory or HR module in Odoo (bridge/modules). */
  odoo_apply_module: z.object({ messageId: z.number().int().positive() }),
  /** Copy one learned product alias (product_aliases row) into Odoo's order.intake.product.alias. */
  odoo_alias_write: z.object({ aliasId: z.number().int().positive() }),
  /** Copy what changed in Odoo's products and customers into the catalog cache (full: read everything). */
  catalog_sync: z.object({ full: z.boolean().default(false) }),
  /** A message's one intake log entry in Odoo, written with its current state, files and mailbox (P12). */
  odoo_intake_log: z.object({ messageId: z.number().int().positive() }),
  /** The intake log entry in Odoo of a resend (status duplicate), linked to the first message's. */
  odoo_log_duplicate: z.object({ messageId: z.number().int().positive() }),
  /** The failed intake log entry in Odoo of a message that failed before any decision (P14). */
  odoo_log_failed: z.object({ messageId: z.number().int().positive() }),
  /** Confirm a draft written to Odoo (action_confirm). */
  odoo_confirm_draft: z.object({ draftId: z.number().int().positive() }),
  /** Cancel a draft written to Odoo (action_cancel). */
  odoo_cancel_draft: z.object({ draftId: z.number().int().positive() }),
  /** Is a scheduled report due? Re-enqueues itself (P8). */
  reports_tick: z.object({}),
  /** Build and email one report run (P8). */
  report_send: z.object({ runId: z.number().int().positive() }),
  /** Mirror one report run's status into Odoo's report log (P8). */
  report_log_odoo: z.object({ runId: z.number().int().positive() }),
  /** Scan for new outbound events; re-enqueues itself (P8). */
  outbound_tick: z.object({}),
  /** POST one signed outbound event delivery (P8). */
  outbound_deliver: z.object({ deliveryId: z.number().int().positive() }),
  /** Post a customer's reply in its order's chatter; the text lives only in this payload (P8). */
  thread_post: z.object({
    threadPostId: z.number().int().positive(),
    from: z.string().max(400),
    subject: z.string().max(300),
    messageId: z.string().max(1000),
    text: z.string().max(4000),
    attachments: z.array(z.string().max(300)).max(20),
  }),
  /** Post the Slack approval message of a draft written to Odoo (P7). */
  slack_request_approval: z.object({ draftId: z.number().int().positive() }),
  /** A Slack click: check the approver, confirm or cancel the draft in Odoo, once (P7). */
  decision_apply: z.object({
    approvalId: z.number().int().positive(),
    decision: z.enum(["approve", "reject"]),
    slackUserId: z.string().min(1).max(40),
    channelId: z.string().max(40),
    messageTs: z.string().max(40),
    actionTs: z.string().max(40),
  }),
  /** A product picked in Slack for an uncertain line: change the draft line, learn the alias (P7). */
  slack_pick_product: z.object({
    approvalId: z.number().int().positive(),
    lineIndex: z.number().int().min(0),
    productCode: z.string().min(1).max(150),
    slackUserId: z.string().min(1).max(40),
    channelId: z.string().max(40),
    messageTs: z.string().max(40),
    actionTs: z.string().max(40),
  }),
  /** Redraw an approval message after a decision, a pick or a change in Odoo (chat.update) (P7). */
  slack_update_approval: z.object({ approvalId: z.number().int().positive() }),
} as const;

export type TaskName = keyof typeof taskPayloadSchemas;
export type TaskPayload<N extends TaskName> = z.infer<(typeof taskPayloadSchemas)[N]>;

export const taskNames = Object.keys(taskPayloadSchemas) as TaskName[];
