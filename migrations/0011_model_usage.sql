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
CREATE INDEX "model_usage_day_idx" ON "order_intake"."model_usage" USING btree ("odoo_database","created_at");--> statement-breakpoint
CREATE INDEX "model_usage_message_idx" ON "order_intake"."model_usage" USING btree ("message_key");