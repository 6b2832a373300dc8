CREATE SCHEMA "order_intake";
--> statement-breakpoint
CREATE TABLE "order_intake"."approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"draft_id" bigint NOT NULL,
	"slack_channel" text,
	"slack_ts" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."catalog_partners" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"odoo_id" integer NOT NULL,
	"ref" text,
	"name" text NOT NULL,
	"is_customer" boolean DEFAULT true NOT NULL,
	"is_vendor" boolean DEFAULT false NOT NULL,
	"emails" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"domains" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"vat" text,
	"country" text,
	"currency" text,
	"language" text,
	"write_date" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "order_intake"."catalog_products" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"odoo_id" integer NOT NULL,
	"default_code" text,
	"barcode" text,
	"name" text NOT NULL,
	"uom" text,
	"list_price" numeric(14, 4),
	"currency" text,
	"category" text,
	"active" boolean DEFAULT true NOT NULL,
	"write_date" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "order_intake"."decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"action" text NOT NULL,
	"kind" text NOT NULL,
	"confidence" double precision NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"customer_ref" text,
	"duplicate_of_message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."drafts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"order_index" integer DEFAULT 0 NOT NULL,
	"customer_ref" text,
	"po_number" text,
	"odoo_model" text,
	"odoo_id" integer,
	"odoo_name" text,
	"odoo_log_id" integer,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."extractions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"extractor" text NOT NULL,
	"result" jsonb NOT NULL,
	"confidence" double precision NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."mailboxes" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'imap' NOT NULL,
	"odoo_database" text,
	"odoo_id" integer,
	"company_id" integer,
	"module" text DEFAULT 'sales' NOT NULL,
	"address" text NOT NULL,
	"imap_host" text,
	"imap_port" integer,
	"imap_security" text,
	"smtp_host" text,
	"smtp_port" integer,
	"smtp_security" text,
	"username" text,
	"password_sealed" "bytea",
	"folder_path" text,
	"processed_folder" text DEFAULT 'Processed' NOT NULL,
	"failed_folder" text DEFAULT 'Failed' NOT NULL,
	"notification_address" text,
	"acknowledge" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"last_error" text,
	"last_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mailbox_id" integer NOT NULL,
	"message_id" text NOT NULL,
	"source_uid" bigint,
	"source_uid_validity" bigint,
	"source_path" text,
	"raw_sha256" text NOT NULL,
	"raw_size" integer NOT NULL,
	"from_address" text,
	"subject" text,
	"in_reply_to" text,
	"received_at" timestamp with time zone,
	"attachment_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"error" text,
	"moved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."product_aliases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"partner_ref" text NOT NULL,
	"alias_key" text NOT NULL,
	"product_code" text NOT NULL,
	"odoo_alias_id" integer,
	"source" text DEFAULT 'learned' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"company_id" integer NOT NULL,
	"values" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" uuid NOT NULL,
	"event" text NOT NULL,
	"odoo_database" text,
	"company_id" integer,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"error" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "order_intake"."worker_heartbeats" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"process_id" text NOT NULL,
	"beat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."approvals" ADD CONSTRAINT "approvals_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "order_intake"."drafts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."decisions" ADD CONSTRAINT "decisions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."drafts" ADD CONSTRAINT "drafts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."extractions" ADD CONSTRAINT "extractions_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD CONSTRAINT "messages_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "order_intake"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_draft_uq" ON "order_intake"."approvals" USING btree ("draft_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_partners_odoo_uq" ON "order_intake"."catalog_partners" USING btree ("odoo_database","odoo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_products_odoo_uq" ON "order_intake"."catalog_products" USING btree ("odoo_database","odoo_id");--> statement-breakpoint
CREATE INDEX "catalog_products_code_idx" ON "order_intake"."catalog_products" USING btree ("default_code");--> statement-breakpoint
CREATE INDEX "catalog_products_barcode_idx" ON "order_intake"."catalog_products" USING btree ("barcode");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_message_uq" ON "order_intake"."decisions" USING btree ("message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drafts_message_order_uq" ON "order_intake"."drafts" USING btree ("message_id","order_index");--> statement-breakpoint
CREATE INDEX "drafts_customer_po_idx" ON "order_intake"."drafts" USING btree ("customer_ref","po_number");--> statement-breakpoint
CREATE UNIQUE INDEX "extractions_message_extractor_uq" ON "order_intake"."extractions" USING btree ("message_id","extractor");--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_odoo_uq" ON "order_intake"."mailboxes" USING btree ("odoo_database","odoo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mailboxes_folder_uq" ON "order_intake"."mailboxes" USING btree ("folder_path");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_mailbox_message_uq" ON "order_intake"."messages" USING btree ("mailbox_id","message_id");--> statement-breakpoint
CREATE INDEX "messages_status_idx" ON "order_intake"."messages" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "product_aliases_uq" ON "order_intake"."product_aliases" USING btree ("odoo_database","partner_ref","alias_key");--> statement-breakpoint
CREATE UNIQUE INDEX "settings_db_company_uq" ON "order_intake"."settings" USING btree ("odoo_database","company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_delivery_uq" ON "order_intake"."webhook_deliveries" USING btree ("delivery_id");