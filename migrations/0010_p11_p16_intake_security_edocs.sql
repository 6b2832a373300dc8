ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "gln" text;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "peppol_endpoint" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "reused_message_id" text;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "read_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_intake"."messages" ADD COLUMN "read_interruptions" integer DEFAULT 0 NOT NULL;