import type { DatabaseHandle } from "../../db/connectDatabase.ts";
import type { ExtractionResult, Reason } from "../../extract/types.ts";
import { moduleWriters } from "../../modules/applyModuleDocument.ts";
import { moduleModel } from "../../modules/moduleFor.ts";
import {
  type IntakeModule,
  type ModuleInput,
  ModuleRejectedError,
  writeModuleLog,
} from "../../modules/moduleWriteCommon.ts";
import {
  emptySupplierDocument,
  readSupplierDocument,
} from "../../modules/supplierDocument/readSupplierDocument.ts";
import type { OdooClient } from "../../odoo/odooClient.ts";
import { OdooError } from "../../odoo/odooErrors.ts";
import { defineTask } from "../defineTask.ts";
import { PermanentJobError } from "../jobErrors.ts";
import { readMessageSource } from "../readMessageSource.ts";
import { releaseSource } from "../releaseSource.ts";

/** Reasons of the extraction that are about the document, whatever its module. */
const DOCUMENT_REASON = /^(injection\.|pdf\.|document\.|scan\.|attachment\.|xlsx\.|spreadsheet\.|image\.)/;

interface Row {
  id: number;
  message_id: string;
  source_path: string | null;
  from_address: string | null;
  subject: string | null;
  received_at: Date | null;
  message_error: string | null;
  uploaded: boolean;
  action: string | null;
  module: IntakeModule;
  confidence: number;
  reasons: Reason[];
  result: ExtractionResult | null;
  partner_id: number | null;
  uploaded_by: number | null;
}

/**
 * Job `odoo_apply_module`: a decided message of the Purchase, Invoicing, Inventory or HR module is
 * applied in Odoo by that module's writer (bridge/modules/**). Progress is kept in `drafts` (one row,
 * order_index 0); each writer first looks in Odoo for what a killed run wrote. A document no retry can
 * apply (no matching PO, unknown employee, duplicate bill reference, app missing) becomes a failed
 * intake log entry with its reason. An uploaded sales document that became no draft gets its log
 * entry completed here too.
 */
export function createOdooApplyModuleTask(deps: { handle: DatabaseHandle; odoo: () => Promise<OdooClient> }) {
  const { handle } = deps;
  return defineTask("odoo_apply_module", async ({ messageId }, ctx) => {
    const [row] = await handle.sql<Row[]>`
      select m.id::int as id, m.message_id, m.source_path, m.from_address, m.subject, m.received_at,
             m.error as message_error, d.action, coalesce(d.module, b.module) as module,
             coalesce(d.confidence, 0) as confidence, coalesce(d.reasons, '[]'::jsonb) as reasons,
             u.partner_id, u.uploaded_by, u.id is not null as uploaded,
             (select e.result from order_intake.extractions e where e.message_id = m.id
              order by (e.extractor = 'merged') desc, e.id desc limit 1) as result
      from order_intake.messages m join order_intake.mailboxes b on b.id = m.mailbox_id
      left join order_intake.decisions d on d.message_id = m.id
      left join order_intake.uploads u on u.message_id = m.id
      where m.id = ${messageId}`;
    if (!row || (row.action === null && !row.uploaded)) {
      throw new PermanentJobError("module.no_decision", `message ${messageId} has no decision`);
    }
    if (row.action === null) {
      // an upload that could not be read at all: its pending log entry says why
      const client = await deps.odoo();
      await writeModuleLog(
        client,
        {
          key: row.message_id,
          messageId: row.message_id,
          sender: row.from_address,
          subject: row.subject,
          receivedAt: row.received_at ? new Date(row.received_at) : null,
          confidence: 0,
          reasons: [],
          doc: emptySupplierDocument(),
        },
        row.module,
        { status: "failed", reasons: [], error: `the documents cannot be read: ${row.message_error ?? "?"}` },
      );
      return;
    }
    const [draft] = await handle.sql<{ id: number; state: string }[]>`
      insert into order_intake.drafts (message_id, order_index, customer_ref, po_number, odoo_model)
      values (${row.id}, 0, ${row.result?.vendor_ref ?? null}, null, ${moduleModel[row.module]})
      on conflict (message_id, order_index) do update set updated_at = now()
      returning id::int as id, state`;
    if (draft!.state !== "pending" && draft!.state !== "failed") return;
    const client = await deps.odoo();
    // the sales reading's doubts (unknown customer, no order lines) say nothing about a supplier's
    // document: only those about the document itself are carried
    const carried =
      row.module === "sales" ? row.reasons : row.reasons.filter((r) => DOCUMENT_REASON.test(r.code));
    const baseInput = {
      key: row.message_id,
      messageId: row.message_id,
      sender: row.from_address,
      subject: row.subject,
      receivedAt: row.received_at ? new Date(row.received_at) : null,
      confidence: row.confidence,
      reasons: carried,
      vendorRef: row.result?.vendor_ref ?? null,
      partnerId: row.partner_id,
      uploadedBy: row.uploaded_by,
    };
    // the source bytes from the bridge database (IMAP, uploads) or the local folder
    const raw = await readMessageSource(handle.sql, row.id);
    if (!raw) throw new PermanentJobError("message.unreadable", `message ${row.id} has no readable source`);
    const doc = await readSupplierDocument(raw);
    const input: ModuleInput = { ...baseInput, doc };

    if (row.module === "sales") {
      // an upload that became no sales draft: its pending log entry says why
      const status = row.action === "ignore" ? "ignored" : "failed";
      const logId = await writeModuleLog(client, input, "sales", {
        status,
        reasons: row.reasons,
        error:
          status === "failed"
            ? `no draft: the document was read as ${row.result?.kind ?? "?"} (${row.action})`
            : undefined,
      });
      await handle.sql`
        update order_intake.drafts set state = 'failed', error = 'no sales draft', odoo_log_id = ${logId},
          updated_at = now() where id = ${draft!.id}`;
      return;
    }
    const fail = async (code: string, reason: string) => {
      const logId = await writeModuleLog(client, input, row.module, {
        status: "failed",
        reasons: [...carried, { code, severity: "hard", message: reason }],
        error: `${code}: ${reason}`,
      });
      await handle.sql`
        update order_intake.drafts set state = 'failed', error = ${`${code}: ${reason}`}, odoo_log_id = ${logId},
          updated_at = now() where id = ${draft!.id}`;
      await handle.sql`
        update order_intake.messages set odoo_log_id = coalesce(odoo_log_id, ${logId}), odoo_log_status = 'failed'
        where id = ${row.id}`;
      throw new PermanentJobError(code, reason);
    };
    try {
      const result = await moduleWriters[row.module](client, input);
      await handle.sql`
        update order_intake.drafts set state = 'created', odoo_model = ${result.model}, odoo_id = ${result.resId},
          odoo_name = ${result.name}, odoo_log_id = ${result.logId}, po_number = ${doc.poNumbers[0] ?? null},
          error = null, updated_at = now()
        where id = ${draft!.id}`;
      await handle.sql`
        update order_intake.messages set odoo_log_id = coalesce(odoo_log_id, ${result.logId}),
          odoo_log_status = ${result.status}
        where id = ${row.id}`;
      await releaseSource(handle.sql, row.id, { odooConfigured: true });
      ctx.log.info(
        {
          message: row.id,
          module: row.module,
          model: result.model,
          odooId: result.resId,
          status: result.status,
        },
        "document applied in Odoo",
      );
    } catch (err) {
      if (err instanceof ModuleRejectedError) return fail(err.code, err.message);
      if (err instanceof OdooError && !err.retryable) return fail(err.code, err.message);
      throw err;
    }
  });
}
