CREATE TABLE "order_intake"."message_spool" (
	"message_id" bigint PRIMARY KEY NOT NULL,
	"raw" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_intake"."sent_emails" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mailbox_id" integer NOT NULL,
	"message_id" bigint,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"email_message_id" text NOT NULL,
	"in_reply_to" text,
	"references" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_intake"."mailboxes" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "order_intake"."message_spool" ADD CONSTRAINT "message_spool_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."sent_emails" ADD CONSTRAINT "sent_emails_mailbox_id_mailboxes_id_fk" FOREIGN KEY ("mailbox_id") REFERENCES "order_intake"."mailboxes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_intake"."sent_emails" ADD CONSTRAINT "sent_emails_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "order_intake"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sent_emails_dedupe_uq" ON "order_intake"."sent_emails" USING btree ("dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "sent_emails_email_message_id_uq" ON "order_intake"."sent_emails" USING btree ("email_message_id");--> statement-breakpoint
CREATE INDEX "sent_emails_message_idx" ON "order_intake"."sent_emails" USING btree ("message_id");