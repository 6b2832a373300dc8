CREATE TABLE "order_intake"."seen_keys" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"message_key" text NOT NULL,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seen_keys_kind_value_pk" PRIMARY KEY("kind","value")
);
