CREATE TABLE "order_intake"."uploads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"odoo_log_id" integer NOT NULL,
	"module" text NOT NULL,
	"attachment_ids" jsonb NOT NULL,
	"partner_id" integer,
	"uploaded_by" integer,
	"message_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."decisions" ADD COLUMN "module" text DEFAULT 'sales' NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."uploads" ADD CONSTRAINT "uploads_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "uploads_log_uq" ON "order_intake"."uploads" USING btree ("odoo_database","odoo_log_id");--> statement-breakpoint
CREATE INDEX "decisions_module_idx" ON "order_intake"."decisions" USING btree ("module");