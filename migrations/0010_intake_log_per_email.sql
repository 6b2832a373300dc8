ALTER TABLE "order_intake"."messages" ADD COLUMN "odoo_log_id" integer;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "odoo_log_status" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "reread_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "forced_customer_ref" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "source_released_at" timestamp with time zone;