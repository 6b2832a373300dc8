import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Everything the bridge stores lives in its own schema; graphile-worker keeps its own (graphile_worker). */
export const bridgeSchema = pgSchema("order_intake");

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Mailboxes configured in Odoo (or a local folder of .eml files). Credentials are AES-256-GCM sealed. */
export const mailboxes = bridgeSchema.table(
  "mailboxes",
  {
    id: serial("id").primaryKey(),
    /** "imap" for a real mailbox, "folder" for a local folder of .eml files. */
    kind: text("kind").notNull().default("imap"),
    odooDatabase: text("odoo_database"),
    odooId: integer("odoo_id"),
    companyId: integer("company_id"),
    module: text("module").notNull().default("sales"),
    address: text("address").notNull(),
    /** The mailbox's name in Odoo (shown in alerts). */
    name: text("name"),
    imapHost: text("imap_host"),
    imapPort: integer("imap_port"),
    imapSecurity: text("imap_security"),
    smtpHost: text("smtp_host"),
    smtpPort: integer("smtp_port"),
    smtpSecurity: text("smtp_security"),
    username: text("username"),
    /** Sealed with the CREDENTIALS_KEY (see crypto/secretBox.ts); never the clear password. */
    passwordSealed: bytea("password_sealed"),
    folderPath: text("folder_path"),
    processedFolder: text("processed_folder").notNull().default("Processed"),
    failedFolder: text("failed_folder").notNull().default("Failed"),
    notificationAddress: text("notification_address"),
    acknowledge: boolean("acknowledge").notNull().default(true),
    active: boolean("active").notNull().default(true),
    status: text("status").notNull().default("new"),
    lastError: text("last_error"),
    lastSyncAt: tstz("last_sync_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("mailboxes_odoo_uq").on(t.odooDatabase, t.odooId),
    uniqueIndex("mailboxes_folder_uq").on(t.folderPath),
  ],
);

/** One row per mailbox and Message-ID: metadata and hashes, never the whole body. */
export const messages = bridgeSchema.table(
  "messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mailboxId: integer("mailbox_id")
      .notNull()
      .references(() => mailboxes.id),
    /** The Message-ID header, or `<sha256:...>` of the raw bytes when the mail has none. */
    messageId: text("message_id").notNull(),
    /** Where to read the raw mail again: an IMAP UID (with UIDVALIDITY) or a file path. */
    sourceUid: bigint("source_uid", { mode: "number" }),
    sourceUidValidity: bigint("source_uid_validity", { mode: "number" }),
    sourcePath: text("source_path"),
    rawSha256: text("raw_sha256").notNull(),
    rawSize: integer("raw_size").notNull(),
    /**
     * Set when another message of the mailbox, with other bytes, already had this Message-ID: the
     * header's Message-ID is kept here and `message_id` is made unique with the content hash. Such a
     * message is read like any other and flagged (P14).
     */
    reusedMessageId: text("reused_message_id"),
    /** When the current attempt to read the message started; cleared when it ends (either way). */
    readStartedAt: tstz("read_started_at"),
    /** Attempts to read the message that never ended (the process stopped while reading it). */
    readInterruptions: integer("read_interruptions").notNull().default(0),
    fromAddress: text("from_address"),
    subject: text("subject"),
    inReplyTo: text("in_reply_to"),
    receivedAt: tstz("received_at"),
    attachmentCount: integer("attachment_count").notNull().default(0),
    /** received -> processing -> processed | failed | ignored | duplicate; then moved in the mailbox. */
    status: text("status").notNull().default("received"),
    error: text("error"),
    movedAt: tstz("moved_at"),
    /** The email's intake log entry in Odoo (one per email, updated through its states; P12). */
    odooLogId: integer("odoo_log_id"),
    /** The status last written to that entry (`pending`, `done`, `failed`, ...), so a state is written once. */
    odooLogStatus: text("odoo_log_status"),
    /** Retry from Odoo: read the email again (catalog synced first); with a customer a person picked. */
    rereadRequestedAt: tstz("reread_requested_at"),
    /** The customer (partner ref) a person picked in Odoo for an email whose sender was not known. */
    forcedCustomerRef: text("forced_customer_ref"),
    /** When the source bytes (message_spool) were released: every job that needed them is done. */
    sourceReleasedAt: tstz("source_released_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("messages_mailbox_message_uq").on(t.mailboxId, t.messageId),
    index("messages_status_idx").on(t.status),
  ],
);

/** What an extractor read from one message (deterministic, model, merged). */
export const extractions = bridgeSchema.table(
  "extractions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id),
    extractor: text("extractor").notNull(),
    result: jsonb("result").notNull(),
    confidence: doublePrecision("confidence").notNull(),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("extractions_message_extractor_uq").on(t.messageId, t.extractor)],
);

/** The decision taken for a message, with every reason. One per message. */
export const decisions = bridgeSchema.table(
  "decisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id),
    action: text("action").notNull(),
    kind: text("kind").notNull(),
    confidence: doublePrecision("confidence").notNull(),
    reasons: jsonb("reasons").notNull().default(sql`'[]'::jsonb`),
    customerRef: text("customer_ref"),
    duplicateOfMessageId: bigint("duplicate_of_message_id", { mode: "number" }),
    /** The Odoo module the message belongs to: sales | purchase | invoicing | inventory | hr (reports group by it). */
    module: text("module").notNull().default("sales"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("decisions_message_uq").on(t.messageId), index("decisions_module_idx").on(t.module)],
);

/** A draft written (or being written) to Odoo: one per order in a message. */
export const drafts = bridgeSchema.table(
  "drafts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id),
    orderIndex: integer("order_index").notNull().default(0),
    customerRef: text("customer_ref"),
    poNumber: text("po_number"),
    odooModel: text("odoo_model"),
    odooId: integer("odoo_id"),
    odooName: text("odoo_name"),
    odooLogId: integer("odoo_log_id"),
    /** pending -> created -> confirmed | cancelled; failed with error. */
    state: text("state").notNull().default("pending"),
    /**
     * Lines of the draft kept as notes because Odoo had no product for them: while any are left (and
     * the draft is not decided) the email's source is kept, so Retry can read it again and complete them.
     */
    missingProducts: integer("missing_products").notNull().default(0),
    error: text("error"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("drafts_message_order_uq").on(t.messageId, t.orderIndex),
    index("drafts_customer_po_idx").on(t.customerRef, t.poNumber),
  ],
);

/** A Slack approval request for a draft, and the decision taken on it. */
export const approvals = bridgeSchema.table(
  "approvals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    draftId: bigint("draft_id", { mode: "number" })
      .notNull()
      .references(() => drafts.id),
    slackChannel: text("slack_channel"),
    slackTs: text("slack_ts"),
    /**
     * pending -> deciding (a click claimed it) -> approved | rejected | failed (Odoo refused: a new click
     * may claim it again); superseded when the draft was decided in Odoo before anyone clicked.
     */
    state: text("state").notNull().default("pending"),
    /** What the claiming click asked for: approve | reject. */
    decision: text("decision"),
    /** Who decided: `slack:<user id>` or `odoo:<login>`. */
    decidedBy: text("decided_by"),
    /** The person's name as shown in the message. */
    decidedByName: text("decided_by_name"),
    decidedAt: tstz("decided_at"),
    /** The click that claimed the decision (user + action_ts): a retried job recognises its own claim. */
    claimKey: text("claim_key"),
    error: text("error"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("approvals_draft_uq").on(t.draftId)],
);

/** A product an approver picked in Slack for a low-confidence line: applied to the draft once. */
export const approvalPicks = bridgeSchema.table(
  "approval_picks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    approvalId: bigint("approval_id", { mode: "number" })
      .notNull()
      .references(() => approvals.id),
    lineIndex: integer("line_index").notNull(),
    productCode: text("product_code").notNull(),
    pickedBy: text("picked_by").notNull(),
    pickedByName: text("picked_by_name"),
    /** pending -> applied | failed (with error). */
    state: text("state").notNull().default("pending"),
    error: text("error"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("approval_picks_line_product_uq").on(t.approvalId, t.lineIndex, t.productCode)],
);

/** Every webhook delivery from Odoo, once: the delivery id is the idempotency key. */
export const webhookDeliveries = bridgeSchema.table(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: uuid("delivery_id").notNull(),
    event: text("event").notNull(),
    odooDatabase: text("odoo_database"),
    companyId: integer("company_id"),
    sentAt: tstz("sent_at").notNull(),
    receivedAt: tstz("received_at").notNull().defaultNow(),
    payload: jsonb("payload").notNull(),
    /** received -> processed | failed (with error). */
    status: text("status").notNull().default("received"),
    error: text("error"),
    processedAt: tstz("processed_at"),
  },
  (t) => [uniqueIndex("webhook_deliveries_delivery_uq").on(t.deliveryId)],
);

/** Settings mirrored from Odoo (thresholds, toggles, channels), per database and company. */
export const settings = bridgeSchema.table(
  "settings",
  {
    id: serial("id").primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    companyId: integer("company_id").notNull(),
    values: jsonb("values").notNull(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("settings_db_company_uq").on(t.odooDatabase, t.companyId)],
);

/**
 * What each model call cost (P16): tokens and USD per email, for the per-day cost budget, the intake
 * log and the reports. One row per call (a re-run of a message is a second call and costs again).
 */
export const modelUsage = bridgeSchema.table(
  "model_usage",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    /** The message's key (message row id or case id). */
    messageKey: text("message_key").notNull(),
    model: text("model").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }).notNull(),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("model_usage_day_idx").on(t.odooDatabase, t.createdAt),
    index("model_usage_message_idx").on(t.messageKey),
  ],
);

/** What people taught about a sender's documents (P16, bridge/extract/layout/layoutMemory.ts). */
export const layoutMemory = bridgeSchema.table(
  "layout_memory",
  {
    id: serial("id").primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    /** The customer's ref (the sender as the catalog knows it). */
    sender: text("sender").notNull(),
    hints: jsonb("hints").notNull(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("layout_memory_sender_uq").on(t.odooDatabase, t.sender)],
);

/** Catalog cache: products, synced from Odoo so matching never waits on it. */
export const catalogProducts = bridgeSchema.table(
  "catalog_products",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    odooId: integer("odoo_id").notNull(),
    defaultCode: text("default_code"),
    barcode: text("barcode"),
    name: text("name").notNull(),
    uom: text("uom"),
    listPrice: numeric("list_price", { precision: 14, scale: 4 }),
    currency: text("currency"),
    category: text("category"),
    /** The name reduced to comparable tokens (bridge/extract/match/productTokens.ts), for trigram search. */
    searchText: text("search_text").notNull().default(""),
    active: boolean("active").notNull().default(true),
    writeDate: tstz("write_date"),
    /** product.template id (pricelist rules may apply to a template). */
    templateOdooId: integer("template_odoo_id"),
    /** The name and sales description in every active language of Odoo (translated fields), distinct. */
    wordings: jsonb("wordings").$type<string[]>().notNull().default([]),
    /** Vendors' (product.supplierinfo) and customers' product codes for this product. */
    partnerCodes: jsonb("partner_codes").$type<string[]>().notNull().default([]),
    /** Vendors' and customers' names for this product. */
    partnerNames: jsonb("partner_names").$type<string[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex("catalog_products_odoo_uq").on(t.odooDatabase, t.odooId),
    index("catalog_products_search_trgm").using("gist", sql`${t.searchText} gist_trgm_ops`),
    index("catalog_products_code_idx").on(t.defaultCode),
    index("catalog_products_barcode_idx").on(t.barcode),
  ],
);

/** Catalog cache: partners (customers and vendors) with what identifies them in a mail. */
export const catalogPartners = bridgeSchema.table(
  "catalog_partners",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    odooId: integer("odoo_id").notNull(),
    ref: text("ref"),
    name: text("name").notNull(),
    isCustomer: boolean("is_customer").notNull().default(true),
    isVendor: boolean("is_vendor").notNull().default(false),
    emails: jsonb("emails").notNull().default(sql`'[]'::jsonb`),
    domains: jsonb("domains").notNull().default(sql`'[]'::jsonb`),
    vat: text("vat"),
    country: text("country"),
    currency: text("currency"),
    language: text("language"),
    writeDate: tstz("write_date"),
    /** The customer's pricelist (property_product_pricelist) in Odoo. */
    pricelistOdooId: integer("pricelist_odoo_id"),
    /** GS1 GLN (res.partner barcode when it is one), for structured documents (UBL, EDIFACT NAD). */
    gln: text("gln"),
    /** Peppol electronic address "eas:endpoint" (account_edi_ubl_cii's peppol_eas / peppol_endpoint). */
    peppolEndpoint: text("peppol_endpoint"),
  },
  (t) => [uniqueIndex("catalog_partners_odoo_uq").on(t.odooDatabase, t.odooId)],
);

/** Catalog cache: pricelist rules (product.pricelist.item) with fixed prices or discounts. */
export const catalogPriceRules = bridgeSchema.table(
  "catalog_price_rules",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    odooId: integer("odoo_id").notNull(),
    pricelistOdooId: integer("pricelist_odoo_id").notNull(),
    /** 0_product_variant | 1_product | 2_product_category | 3_global */
    appliedOn: text("applied_on").notNull(),
    productOdooId: integer("product_odoo_id"),
    templateOdooId: integer("template_odoo_id"),
    /** fixed | percentage | formula */
    computePrice: text("compute_price").notNull(),
    fixedPrice: numeric("fixed_price", { precision: 14, scale: 4 }),
    percentPrice: numeric("percent_price", { precision: 8, scale: 4 }),
    minQuantity: numeric("min_quantity", { precision: 14, scale: 4 }).notNull().default("0"),
    dateStart: tstz("date_start"),
    dateEnd: tstz("date_end"),
    currency: text("currency"),
  },
  (t) => [
    uniqueIndex("catalog_price_rules_odoo_uq").on(t.odooDatabase, t.odooId),
    index("catalog_price_rules_pricelist_idx").on(t.odooDatabase, t.pricelistOdooId),
  ],
);

/** Learned product aliases: a customer's part number or wording -> our product. */
export const productAliases = bridgeSchema.table(
  "product_aliases",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    partnerRef: text("partner_ref").notNull(),
    /** Normalised customer part number or description. */
    aliasKey: text("alias_key").notNull(),
    productCode: text("product_code").notNull(),
    odooAliasId: integer("odoo_alias_id"),
    source: text("source").notNull().default("learned"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("product_aliases_uq").on(t.odooDatabase, t.partnerRef, t.aliasKey)],
);

/** Liveness of worker processes, so the jobs of a killed worker are released in seconds, not hours. */
export const workerHeartbeats = bridgeSchema.table("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  processId: text("process_id").notNull(),
  beatAt: tstz("beat_at").notNull().defaultNow(),
});

/**
 * What the extractor has seen, for duplicates and resends: Message-IDs, customer + PO numbers,
 * attachment hashes. Our own unique keys, since graphile-worker's job keys are not a permanent log.
 */
export const seenKeys = bridgeSchema.table(
  "seen_keys",
  {
    kind: text("kind").notNull(),
    value: text("value").notNull(),
    /** The message (row id) that first carried it. */
    messageKey: text("message_key").notNull(),
    data: jsonb("data"),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.value] })],
);

/**
 * Scheduled (and test) reports: one row per company and report period, so whether a report is due is
 * decided from what was actually sent, and two workers or a restart never send one period twice.
 */
export const reportRuns = bridgeSchema.table(
  "report_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    companyId: integer("company_id").notNull(),
    /** "scheduled" or "test" (the Send test button). */
    kind: text("kind").notNull().default("scheduled"),
    /** The local date of the due slot (`2026-11-21`) for a scheduled report; `test:<delivery>` for a test. */
    periodKey: text("period_key").notNull(),
    dueAt: tstz("due_at").notNull(),
    periodStart: tstz("period_start").notNull(),
    periodEnd: tstz("period_end").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    recipients: jsonb("recipients").notNull().default(sql`'[]'::jsonb`),
    /** pending -> sent | failed (retried while attempts are left). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    figures: jsonb("figures"),
    emailMessageId: text("email_message_id"),
    odooReportId: integer("odoo_report_id"),
    /** The sent workbook, kept only until it is attached to the report's entry in Odoo. */
    workbook: bytea("workbook"),
    sentAt: tstz("sent_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("report_runs_period_uq").on(t.odooDatabase, t.companyId, t.periodKey)],
);

/** When the bridge first saw a company's report schedule: the first report is due after it. */
export const reportSchedules = bridgeSchema.table(
  "report_schedules",
  {
    odooDatabase: text("odoo_database").notNull(),
    companyId: integer("company_id").notNull(),
    anchorAt: tstz("anchor_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.odooDatabase, t.companyId] })],
);

/** URLs registered in Odoo that receive order events (order.drafted, ...), signed with their secret. */
export const outboundEndpoints = bridgeSchema.table(
  "outbound_endpoints",
  {
    id: serial("id").primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    companyId: integer("company_id").notNull(),
    odooId: integer("odoo_id").notNull(),
    name: text("name"),
    url: text("url").notNull(),
    /** Sealed with the CREDENTIALS_KEY (crypto/secretBox.ts). */
    secretSealed: bytea("secret_sealed").notNull(),
    events: jsonb("events").notNull().default(sql`'[]'::jsonb`),
    active: boolean("active").notNull().default(true),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("outbound_endpoints_odoo_uq").on(t.odooDatabase, t.odooId)],
);

/** One delivery of one event to one endpoint (the delivery log): unique per endpoint, event and subject. */
export const outboundDeliveries = bridgeSchema.table(
  "outbound_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: integer("endpoint_id")
      .notNull()
      .references(() => outboundEndpoints.id),
    event: text("event").notNull(),
    /** What the event is about, e.g. `draft:12` or `message:7`. */
    subjectKey: text("subject_key").notNull(),
    deliveryId: uuid("delivery_id").notNull().default(sql`gen_random_uuid()`),
    data: jsonb("data").notNull(),
    /** pending -> delivered | failed (after the last attempt). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    deliveredAt: tstz("delivered_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("outbound_deliveries_uq").on(t.endpointId, t.event, t.subjectKey),
    index("outbound_deliveries_status_idx").on(t.status),
  ],
);

/** A customer's reply that does not change an order, posted to that order's chatter in Odoo (once). */
export const threadPosts = bridgeSchema.table(
  "thread_posts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => messages.id),
    draftId: bigint("draft_id", { mode: "number" }).references(() => drafts.id),
    odooModel: text("odoo_model").notNull(),
    odooId: integer("odoo_id").notNull(),
    /** How the order was found: in_reply_to | references | po_number. */
    matchedBy: text("matched_by").notNull(),
    odooMessageId: integer("odoo_message_id"),
    /** pending -> posted | failed. */
    status: text("status").notNull().default("pending"),
    error: text("error"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("thread_posts_message_uq").on(t.messageId)],
);

/** A document uploaded in Odoo ("Import order from document"): which message it became, and for whom. */
export const uploads = bridgeSchema.table(
  "uploads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    odooDatabase: text("odoo_database").notNull(),
    /** The intake log entry the addon created (status pending); the bridge completes it. */
    odooLogId: integer("odoo_log_id").notNull(),
    module: text("module").notNull(),
    attachmentIds: jsonb("attachment_ids").notNull(),
    partnerId: integer("partner_id"),
    uploadedBy: integer("uploaded_by"),
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("uploads_log_uq").on(t.odooDatabase, t.odooLogId)],
);

/**
 * The raw bytes of a message (IMAP, upload) from its fetch until every job that needs them is done
 * (message_process, the draft or module write that attaches the files, the intake log entry): then
 * released (bridge/jobs/releaseSource.ts). An email no draft came from keeps them, so that Retry in
 * Odoo can read it again.
 */
export const messageSpool = bridgeSchema.table("message_spool", {
  messageId: bigint("message_id", { mode: "number" })
    .primaryKey()
    .references(() => messages.id),
  raw: bytea("raw").notNull(),
  createdAt: tstz("created_at").notNull().defaultNow(),
});

/**
 * Every email the bridge sends (acknowledgements to customers, alerts to a mailbox's notification
 * address), once: `dedupe_key` is the idempotency key, `email_message_id` the Message-ID we gave it
 * (fixed before the first attempt), so a reply to it can be threaded back to its message.
 */
export const sentEmails = bridgeSchema.table(
  "sent_emails",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    mailboxId: integer("mailbox_id")
      .notNull()
      .references(() => mailboxes.id),
    /** The message it answers or reports on, if any. */
    messageId: bigint("message_id", { mode: "number" }).references(() => messages.id),
    /** acknowledgement | alert */
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    language: text("language").notNull().default("en"),
    emailMessageId: text("email_message_id").notNull(),
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    /** What the template needs (no mail bodies). */
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    /** pending -> sent | failed | skipped. */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    sentAt: tstz("sent_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sent_emails_dedupe_uq").on(t.dedupeKey),
    uniqueIndex("sent_emails_email_message_id_uq").on(t.emailMessageId),
    index("sent_emails_message_idx").on(t.messageId),
  ],
);
