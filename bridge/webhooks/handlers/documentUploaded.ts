import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { enqueueJob } from "../../jobs/enqueueJob.ts";
import { intakeModules } from "../../modules/moduleWriteCommon.ts";
import type { EventContext, OdooEventHandler } from "../odooEventHandlers.ts";

const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : null);

/** The Message-ID an upload gets; the addon merges the bridge's log entry into its pending one by it. */
export const uploadMessageId = (database: string, logId: number) =>
  `<order-intake-upload-${logId}@${database.replace(/[^\w.-]/g, "_")}>`;

interface Attachment {
  id: number;
  name: string;
  mimetype: string | false;
  datas: string | false;
}

/**
 * `document.uploaded`: a person dropped files on "Import order from document" in Odoo. The addon sends
 * the attachment ids (never the bytes); the bridge reads them over the API, wraps them in one MIME
 * message (From: the chosen partner, else the uploader) kept in the bridge database (message_spool, until
 * every job that needs it is done), and hands that
 * message to the same pipeline as a mail (message_process), on a per-module "upload" mailbox. The
 * intake log entry the addon created (pending) is completed by the write that follows.
 */
export function createDocumentUploadedHandler(): OdooEventHandler {
  return async (ctx: EventContext, delivery) => {
    const { handle, log } = ctx;
    const d = delivery.data;
    const logId = int(d.log_id);
    const ids = Array.isArray(d.attachment_ids)
      ? d.attachment_ids.map(int).filter((x): x is number => x !== null)
      : [];
    const module =
      typeof d.module === "string" && (intakeModules as string[]).includes(d.module) ? d.module : "sales";
    if (logId === null || ids.length === 0) {
      log.error("document.uploaded without log_id or attachment ids; ignored");
      return;
    }
    if (!ctx.odoo) {
      log.warn("document.uploaded received but Odoo is not configured (ODOO_URL): nothing read");
      return;
    }
    const [seen] = await handle.sql<{ message_id: number | null }[]>`
      select message_id::int as message_id from order_intake.uploads
      where odoo_database = ${delivery.database} and odoo_log_id = ${logId}`;
    if (seen?.message_id) {
      log.info({ logId }, "upload already taken in; skipped");
      return;
    }
    const client = await ctx.odoo();
    const files = await client.read<Attachment>("ir.attachment", ids, ["id", "name", "mimetype", "datas"]);
    if (files.length === 0) throw new Error(`none of the attachments ${ids.join(", ")} can be read`);
    const partnerId = int(d.partner_id);
    const uploader = (d.uploaded_by ?? {}) as { id?: unknown; login?: unknown };
    const uploaderId = int(uploader.id);
    let from = typeof uploader.login === "string" && uploader.login.includes("@") ? uploader.login : null;
    if (uploaderId) {
      const [user] = await client.read<{ email: string | false; name: string }>(
        "res.users",
        [uploaderId],
        ["email", "name"],
      );
      if (user?.email) from = user.email;
    }
    if (partnerId && module !== "hr") {
      const [partner] = await client.read<{ email: string | false }>("res.partner", [partnerId], ["email"]);
      if (partner?.email) from = partner.email;
    }
    const messageId = uploadMessageId(delivery.database, logId);
    const note = typeof d.note === "string" && d.note ? d.note : null;
    const raw = await new MailComposer({
      from: from ?? `upload@${delivery.database}.invalid`,
      to: "order-intake@upload.invalid",
      subject:
        note ??
        files
          .map((f) => f.name)
          .join(", ")
          .slice(0, 200),
      messageId,
      date: new Date(delivery.sent_at),
      text: note ?? "Uploaded in Odoo.",
      attachments: files.map((f) => ({
        filename: f.name,
        contentType: f.mimetype || "application/octet-stream",
        content: Buffer.from(f.datas || "", "base64"),
      })),
    })
      .compile()
      .build();
    await handle.sql.begin(async (tx) => {
      const [mailbox] = await tx<{ id: number }[]>`
        insert into order_intake.mailboxes (kind, odoo_database, module, address, folder_path, company_id, updated_at)
        values ('upload', ${delivery.database}, ${module}, ${`upload:${module}`},
                ${`odoo-upload:${delivery.database}:${module}`}, ${delivery.company_id}, now())
        on conflict (folder_path) do update set updated_at = now()
        returning id`;
      const [message] = await tx<{ id: number }[]>`
        insert into order_intake.messages (mailbox_id, message_id, raw_sha256, raw_size, from_address,
                                           subject, received_at, attachment_count, odoo_log_id, odoo_log_status)
        values (${mailbox!.id}, ${messageId}, ${createHash("sha256").update(raw).digest("hex")},
                ${raw.length}, ${from}, ${
                  note ??
                  files
                    .map((f) => f.name)
                    .join(", ")
                    .slice(0, 200)
                },
                ${delivery.sent_at}::timestamptz, ${files.length}, ${logId}, 'pending')
        on conflict (mailbox_id, message_id) do update set updated_at = now()
        returning id::int as id`;
      await tx`
        insert into order_intake.message_spool (message_id, raw) values (${message!.id}, ${raw})
        on conflict (message_id) do nothing`;
      await tx`
        insert into order_intake.uploads (odoo_database, odoo_log_id, module, attachment_ids, partner_id, uploaded_by,
                                          message_id)
        values (${delivery.database}, ${logId}, ${module}, ${JSON.stringify(ids)}::jsonb, ${partnerId}, ${uploaderId},
                ${message!.id})
        on conflict (odoo_database, odoo_log_id) do update set message_id = excluded.message_id`;
      await enqueueJob(
        tx,
        "message_process",
        { messageId: message!.id },
        { jobKey: `message_process:${message!.id}` },
      );
    });
    log.info({ logId, module, files: files.length }, "uploaded documents read from Odoo and queued");
  };
}
