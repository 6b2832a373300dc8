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
} as const;

export type TaskName = keyof typeof taskPayloadSchemas;
export type TaskPayload<N extends TaskName> = z.infer<(typeof taskPayloadSchemas)[N]>;

export const taskNames = Object.keys(taskPayloadSchemas) as TaskName[];
