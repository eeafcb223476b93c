CREATE TABLE "channels" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "channels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_key_unique" UNIQUE("key"),
	CONSTRAINT "channels_key_format" CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
);
--> statement-breakpoint
CREATE TABLE "stages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"goal" text DEFAULT '' NOT NULL,
	"actions" text[] DEFAULT '{}'::text[] NOT NULL,
	"is_conversion" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stages_key_unique" UNIQUE("key"),
	CONSTRAINT "stages_key_format" CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
	CONSTRAINT "stages_position_non_negative" CHECK ("stages"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "touchpoints" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "touchpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"channel_id" integer NOT NULL,
	"stage_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "touchpoints_key_unique" UNIQUE("key"),
	CONSTRAINT "touchpoints_key_format" CHECK (key ~ '^[a-z0-9][a-z0-9_-]{0,62}$')
);
--> statement-breakpoint
CREATE TABLE "events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"customer_id" integer NOT NULL,
	"touchpoint_id" integer NOT NULL,
	"stage_id" integer NOT NULL,
	"stage_explicit" boolean DEFAULT false NOT NULL,
	"channel_id" integer NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"satisfaction" smallint,
	"revenue" numeric(14, 2),
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_event_id_length" CHECK (length("events"."event_id") between 1 and 200),
	CONSTRAINT "events_type_format" CHECK ("events"."type" ~ '^[a-z][a-z0-9_]{0,39}$'),
	CONSTRAINT "events_satisfaction_range" CHECK ("events"."satisfaction" between 1 and 5),
	CONSTRAINT "events_properties_object" CHECK (jsonb_typeof("events"."properties") = 'object')
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"external_id" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"persona_id" integer,
	"persona_manual" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_externalId_unique" UNIQUE("external_id"),
	CONSTRAINT "customers_external_id_length" CHECK (length("customers"."external_id") between 1 and 200),
	CONSTRAINT "customers_attributes_object" CHECK (jsonb_typeof("customers"."attributes") = 'object')
);
--> statement-breakpoint
CREATE TABLE "personas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "personas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"goals" text[] DEFAULT '{}'::text[] NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"pain_points" text[] DEFAULT '{}'::text[] NOT NULL,
	"colour" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"rules" jsonb DEFAULT '{"match":"all","conditions":[]}'::jsonb NOT NULL,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "personas_key_unique" UNIQUE("key"),
	CONSTRAINT "personas_key_format" CHECK ("personas"."key" ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
	CONSTRAINT "personas_colour_hex" CHECK ("personas"."colour" ~ '^#[0-9a-fA-F]{6}$')
);
--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_persona_id_personas_id_fk" FOREIGN KEY ("persona_id") REFERENCES "public"."personas"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stages_single_conversion" ON "stages" USING btree ("is_conversion") WHERE "stages"."is_conversion";--> statement-breakpoint
CREATE INDEX "events_occurred_at_idx" ON "events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "events_customer_time_idx" ON "events" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "customers_persona_idx" ON "customers" USING btree ("persona_id");