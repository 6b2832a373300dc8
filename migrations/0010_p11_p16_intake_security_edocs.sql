CREATE TABLE "order_intake"."layout_memory" (
	"id" serial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"sender" text NOT NULL,
	"hints" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."model_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"message_key" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer NOT NULL,
	"output_tokens" integer NOT NULL,
	"cost_usd" numeric(12, 6) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "gln" text;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "peppol_endpoint" text;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "wordings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "partner_codes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "partner_names" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "reused_message_id" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "read_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "read_interruptions" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "odoo_log_id" integer;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "odoo_log_status" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "reread_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "forced_customer_ref" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "source_released_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "layout_memory_sender_uq" ON "order_intake"."layout_memory" USING btree ("odoo_database","sender");--> statement-breakpoint
CREATE INDEX "model_usage_day_idx" ON "order_intake"."model_usage" USING btree ("odoo_database","created_at");--> statement-breakpoint
CREATE INDEX "model_usage_message_idx" ON "order_intake"."model_usage" USING btree ("message_key");