ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "wordings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "partner_codes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "partner_names" jsonb DEFAULT '[]'::jsonb NOT NULL;