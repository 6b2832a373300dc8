import { formatOdooDatetime } from "../odoo/formatOdooDatetime.ts";
import type { OdooClient } from "../odoo/odooClient.ts";
import { bridgeContext } from "../odoo/writeSaleDraft.ts";
import type { SupplierDocument } from "./supplierDocument/readSupplierDocument.ts";

/** The Odoo modules an incoming document can belong to (the addon's `MODULES`). */
export type IntakeModule = "sales" | "purchase" | "invoicing" | "inventory" | "hr";
export const intakeModules: IntakeModule[] = ["sales", "purchase", "invoicing", "inventory", "hr"];

/** The Odoo app each non-sales module needs (ir.module.module name). */
export const moduleApp: Record<Exclude<IntakeModule, "sales">, { app: string; label: string }> = {
  purchase: { app: "purchase", label: "Purchase" },
  invoicing: { app: "account", label: "Invoicing" },
  inventory: { app: "stock", label: "Inventory" },
  hr: { app: "hr_expense", label: "Expenses" },
};

/** A doubt or a difference found while applying a document (the extraction Reason shape). */
export interface ModuleReason {
  code: string;
  message: string;
  severity: "info" | "warning" | "hard";
}

/** What every module writer gets: one decided message and what its document says. */
export interface ModuleInput {
  /** Idempotency key stored in Odoo (the Message-ID). */
  key: string;
  messageId: string;
  sender: string | null;
  subject: string | null;
  receivedAt: Date | null;
  confidence: number;
  doc: SupplierDocument;
  /** The supplier's reference in our catalog (vendors.csv V-2001), when the extraction knew it. */
  vendorRef?: string | null;
  /** A partner chosen by the person who uploaded the document in Odoo. */
  partnerId?: number | null;
  /** The Odoo user who uploaded the document. */
  uploadedBy?: number | null;
  /** Reasons of the extraction, carried into the log. */
  reasons: ModuleReason[];
}

export interface ModuleResult {
  model: string;
  resId: number;
  name: string;
  logId: number;
  status: "done" | "to_review";
  reasons: ModuleReason[];
  /** False when found already written by an earlier run. */
  created: boolean;
}

/** A document the module cannot apply, whatever the retry (no matching PO, unknown employee, ...). */
export class ModuleRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ModuleRejectedError";
  }
}

export const NOTE_MARK = "Order Intake";

/** A Message-ID as it can be found again in a note: Odoo escapes `<` and `>` of a plain-text body. */
export const noteMarker = (key: string) => key.replace(/[<>&"']/g, "");

/** Whether an Odoo app is installed (ir.module.module state). */
export async function appInstalled(client: OdooClient, app: string): Promise<boolean> {
  const n = await client.executeKw<number>("ir.module.module", "search_count", [
    [
      ["name", "=", app],
      ["state", "=", "installed"],
    ],
  ]);
  return n > 0;
}

export async function requireApp(client: OdooClient, module: Exclude<IntakeModule, "sales">): Promise<void> {
  const { app, label } = moduleApp[module];
  if (!(await appInstalled(client, app))) {
    throw new ModuleRejectedError(
      "module.app_missing",
      `the ${label} app (${app}) is not installed in Odoo: install it to use the ${module} module`,
    );
  }
}

/**
 * The supplier: the partner chosen at upload, else the catalog reference (res.partner ref), else the
 * sender's address (exact, then the same domain). Returns the commercial partner id.
 */
export async function findVendor(client: OdooClient, input: ModuleInput): Promise<number | null> {
  if (input.partnerId) return input.partnerId;
  if (input.vendorRef) {
    const [id] = await client.search("res.partner", [["ref", "=", input.vendorRef]], {
      limit: 1,
      order: "id",
    });
    if (id) return id;
  }
  const email = input.doc.senderEmail;
  if (!email) return null;
  const rows = await client.searchRead<{ id: number; commercial_partner_id: [number, string] | false }>(
    "res.partner",
    [["email", "=ilike", email]],
    ["id", "commercial_partner_id"],
    { limit: 1, order: "id" },
  );
  if (rows[0]) return rows[0].commercial_partner_id ? rows[0].commercial_partner_id[0] : rows[0].id;
  const domain = email.split("@")[1];
  if (!domain) return null;
  const byDomain = await client.searchRead<{ id: number; commercial_partner_id: [number, string] | false }>(
    "res.partner",
    [
      ["email", "=ilike", `%@${domain}`],
      ["is_company", "=", true],
    ],
    ["id", "commercial_partner_id"],
    { limit: 1, order: "id" },
  );
  if (byDomain[0]) return byDomain[0].id;
  const contact = await client.searchRead<{ id: number; commercial_partner_id: [number, string] | false }>(
    "res.partner",
    [["email", "=ilike", `%@${domain}`]],
    ["id", "commercial_partner_id"],
    { limit: 1, order: "id" },
  );
  return contact[0]
    ? contact[0].commercial_partner_id
      ? contact[0].commercial_partner_id[0]
      : contact[0].id
    : null;
}

/** Our purchase orders the document names, for this vendor when known. */
export async function findPurchaseOrders(
  client: OdooClient,
  poNumbers: string[],
  vendorId: number | null,
): Promise<Array<{ id: number; name: string; partner_id: [number, string] | false }>> {
  if (poNumbers.length === 0) return [];
  const domain: unknown[] = ["|", ["name", "in", poNumbers], ["partner_ref", "in", poNumbers]];
  if (vendorId) domain.push(["partner_id", "child_of", vendorId]);
  return client.searchRead("purchase.order", domain, ["id", "name", "partner_id"], { order: "id" });
}

export function logValues(
  input: ModuleInput,
  module: IntakeModule,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    sender: input.sender || false,
    subject: input.subject || false,
    received_at: input.receivedAt ? formatOdooDatetime(input.receivedAt) : false,
    module,
    confidence: input.confidence,
    message_id: input.messageId,
    attachment_count: Math.max(0, input.doc.files.length - 1),
    ...extra,
  };
}

/** The intake log entry of this message and module (once: found again by Message-ID). */
export async function writeModuleLog(
  client: OdooClient,
  input: ModuleInput,
  module: IntakeModule,
  values: { status: string; res_model?: string; res_id?: number; reasons: ModuleReason[]; error?: string },
): Promise<number> {
  const [found] = await client.search(
    "order.intake.log",
    [
      ["message_id", "=", input.messageId],
      ["module", "=", module],
      ["status", "!=", "pending"],
    ],
    { limit: 1, order: "id" },
  );
  const vals = logValues(input, module, {
    status: values.status,
    reasons: JSON.stringify(values.reasons),
    ...(values.res_model ? { res_model: values.res_model, res_id: values.res_id } : {}),
    ...(values.error ? { error: values.error } : {}),
  });
  if (found !== undefined) {
    await client.write("order.intake.log", [found], vals, bridgeContext);
    return found;
  }
  return client.create("order.intake.log", vals, bridgeContext);
}

/** Attaches the source files to a record (once each, by name) and returns their ids. */
export async function attachFiles(
  client: OdooClient,
  model: string,
  resId: number,
  files: SupplierDocument["files"],
  only?: (f: SupplierDocument["files"][number]) => boolean,
): Promise<number[]> {
  const wanted = only ? files.filter(only) : files;
  if (wanted.length === 0) return [];
  const existing = await client.searchRead<{ id: number; name: string }>(
    "ir.attachment",
    [
      ["res_model", "=", model],
      ["res_id", "=", resId],
    ],
    ["id", "name"],
  );
  const have = new Map(existing.map((a) => [a.name, a.id]));
  const ids: number[] = [];
  const missing = wanted.filter((f) => {
    const id = have.get(f.name);
    if (id !== undefined) ids.push(id);
    return id === undefined;
  });
  if (missing.length > 0) {
    const created = await client.executeKw<number[]>(
      "ir.attachment",
      "create",
      [
        missing.map((f) => ({
          name: f.name,
          res_model: model,
          res_id: resId,
          datas: f.content.toString("base64"),
        })),
      ],
      { context: bridgeContext },
      { idempotent: false },
    );
    ids.push(...created);
  }
  return ids;
}

/** Posts a note on a record unless one carrying `marker` is already there. Returns false if found. */
export async function postNoteOnce(
  client: OdooClient,
  model: string,
  resId: number,
  marker: string,
  body: string,
  attachmentIds: number[] = [],
): Promise<boolean> {
  const n = await client.executeKw<number>("mail.message", "search_count", [
    [
      ["model", "=", model],
      ["res_id", "=", resId],
      ["body", "ilike", noteMarker(marker)],
    ],
  ]);
  if (n > 0) return false;
  await client.executeKw(
    model,
    "message_post",
    [[resId]],
    {
      body,
      message_type: "comment",
      subtype_xmlid: "mail.mt_note",
      attachment_ids: attachmentIds,
      context: bridgeContext,
    },
    { idempotent: false },
  );
  return true;
}

/** `[marker] text | reason | reason` as a plain-text note (Odoo escapes a str body). */
export function noteBody(marker: string, head: string, reasons: ModuleReason[]): string {
  return [
    `${NOTE_MARK} [${noteMarker(marker)}] ${head}`,
    ...reasons.map((r) => `[${r.severity}] ${r.message}`),
  ].join(" | ");
}

/** The extraction's doubts a module carries into its result (not its info reasons). */
export const extractionDoubts = (input: ModuleInput): ModuleReason[] =>
  input.reasons.filter((r) => r.severity !== "info");

/** The Odoo currency of an ISO code (res.currency name), when the document names one Odoo has. */
export async function findCurrency(client: OdooClient, code: string | null): Promise<number | undefined> {
  if (!code) return undefined;
  const [id] = await client.search("res.currency", [["name", "=", code]], { limit: 1 });
  return id;
}

/**
 * Attaches the document's files to the record (without the .eml when `withoutEml`: the PDF is then the
 * main attachment) and posts the `[Message-ID] head | reason ...` note once. False if it was there.
 */
export async function attachAndNote(
  client: OdooClient,
  input: ModuleInput,
  record: { model: string; resId: number; head: string; reasons: ModuleReason[]; withoutEml?: boolean },
): Promise<boolean> {
  const attachmentIds = await attachFiles(
    client,
    record.model,
    record.resId,
    input.doc.files,
    record.withoutEml ? (f) => !/\.eml$/.test(f.name) : undefined,
  );
  return postNoteOnce(
    client,
    record.model,
    record.resId,
    input.key,
    noteBody(input.key, record.head, record.reasons),
    attachmentIds,
  );
}

/** Writes the intake log entry of what a module did (to review or done) and returns its result. */
export async function logModuleResult(
  client: OdooClient,
  input: ModuleInput,
  module: Exclude<IntakeModule, "sales">,
  result: Omit<ModuleResult, "logId" | "status"> & { review: boolean },
): Promise<ModuleResult> {
  const { review, ...rest } = result;
  const status = review ? "to_review" : "done";
  const logId = await writeModuleLog(client, input, module, {
    status,
    res_model: result.model,
    res_id: result.resId,
    reasons: result.reasons,
  });
  return { ...rest, logId, status };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Odoo stores many2one as [id, name]; the id or null. */
export const m2oId = (v: unknown): number | null =>
  Array.isArray(v) && typeof v[0] === "number" ? v[0] : null;
