CREATE TABLE "order_intake"."layout_memory" (
	"id" serial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"sender" text NOT NULL,
	"hints" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "layout_memory_sender_uq" ON "order_intake"."layout_memory" USING btree ("odoo_database","sender");