ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "gln" text;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "peppol_endpoint" text;