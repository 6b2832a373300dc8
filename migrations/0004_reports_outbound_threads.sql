CREATE TABLE "order_intake"."outbound_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"endpoint_id" integer NOT NULL,
	"event" text NOT NULL,
	"subject_key" text NOT NULL,
	"delivery_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"data" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."outbound_endpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"company_id" integer NOT NULL,
	"odoo_id" integer NOT NULL,
	"name" text,
	"url" text NOT NULL,
	"secret_sealed" "bytea" NOT NULL,
	"events" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."report_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"odoo_database" text NOT NULL,
	"company_id" integer NOT NULL,
	"kind" text DEFAULT 'scheduled' NOT NULL,
	"period_key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"figures" jsonb,
	"email_message_id" text,
	"odoo_report_id" integer,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."report_schedules" (
	"odoo_database" text NOT NULL,
	"company_id" integer NOT NULL,
	"anchor_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_schedules_odoo_database_company_id_pk" PRIMARY KEY("odoo_database","company_id")
);
--> statement-breakpoint
CREATE TABLE "order_intake"."thread_posts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint NOT NULL,
	"draft_id" bigint,
	"odoo_model" text NOT NULL,
	"odoo_id" integer NOT NULL,
	"matched_by" text NOT NULL,
	"odoo_message_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."outbound_deliveries" ADD CONSTRAINT "outbound_deliveries_endpoint_id_outbound_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "order_intake"."outbound_endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."thread_posts" ADD CONSTRAINT "thread_posts_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."thread_posts" ADD CONSTRAINT "thread_posts_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "order_intake"."drafts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_deliveries_uq" ON "order_intake"."outbound_deliveries" USING btree ("endpoint_id","event","subject_key");--> statement-breakpoint
CREATE INDEX "outbound_deliveries_status_idx" ON "order_intake"."outbound_deliveries" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_endpoints_odoo_uq" ON "order_intake"."outbound_endpoints" USING btree ("odoo_database","odoo_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_runs_period_uq" ON "order_intake"."report_runs" USING btree ("odoo_database","company_id","period_key");--> statement-breakpoint
CREATE UNIQUE INDEX "thread_posts_message_uq" ON "order_intake"."thread_posts" USING btree ("message_id");