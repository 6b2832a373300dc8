CREATE TABLE "order_intake"."catalog_price_rules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"odoo_id" integer NOT NULL,
	"pricelist_odoo_id" integer NOT NULL,
	"applied_on" text NOT NULL,
	"product_odoo_id" integer,
	"template_odoo_id" integer,
	"compute_price" text NOT NULL,
	"fixed_price" numeric(14, 4),
	"percent_price" numeric(8, 4),
	"min_quantity" numeric(14, 4) DEFAULT '0' NOT NULL,
	"date_start" timestamp with time zone,
	"date_end" timestamp with time zone,
	"currency" text
);
--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_partners" ADD COLUMN "pricelist_odoo_id" integer;--> statement-breakpoint
ALTER TABLE "order_intake"."catalog_products" ADD COLUMN "template_odoo_id" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_price_rules_odoo_uq" ON "order_intake"."catalog_price_rules" USING btree ("odoo_database","odoo_id");--> statement-breakpoint
CREATE INDEX "catalog_price_rules_pricelist_idx" ON "order_intake"."catalog_price_rules" USING btree ("odoo_database","pricelist_odoo_id");