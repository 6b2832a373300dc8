CREATE TABLE "order_intake"."approval_picks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"approval_id" bigint NOT NULL,
	"line_index" integer NOT NULL,
	"product_code" text NOT NULL,
	"picked_by" text NOT NULL,
	"picked_by_name" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."approvals" ADD COLUMN "decision" text;--> statement-breakpoint
ALTER TABLE "order_intake"."approvals" ADD COLUMN "decided_by_name" text;--> statement-breakpoint
ALTER TABLE "order_intake"."approvals" ADD COLUMN "claim_key" text;--> statement-breakpoint
ALTER TABLE "order_intake"."approvals" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "order_intake"."approval_picks" ADD CONSTRAINT "approval_picks_approval_id_approvals_id_fk" FOREIGN KEY ("approval_id") REFERENCES "order_intake"."approvals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_picks_line_product_uq" ON "order_intake"."approval_picks" USING btree ("approval_id","line_index","product_code");