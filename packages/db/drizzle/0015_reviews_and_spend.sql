CREATE TABLE "review_deliveries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"review_id" integer NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"user_id" integer,
	"webhook_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_deliveries_once" UNIQUE("review_id","channel","recipient"),
	CONSTRAINT "review_deliveries_channel" CHECK ("review_deliveries"."channel" in ('app', 'email', 'webhook')),
	CONSTRAINT "review_deliveries_status" CHECK ("review_deliveries"."status" in ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "review_schedules" (
	"view_id" integer PRIMARY KEY NOT NULL,
	"cadence" text NOT NULL,
	"day" integer NOT NULL,
	"hour" integer NOT NULL,
	"time_zone" text NOT NULL,
	"satisfaction_drop" double precision,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_schedules_cadence" CHECK ("review_schedules"."cadence" in ('weekly', 'monthly')),
	CONSTRAINT "review_schedules_day" CHECK (("review_schedules"."cadence" = 'weekly' and "review_schedules"."day" between 1 and 7) or ("review_schedules"."cadence" = 'monthly' and "review_schedules"."day" between 1 and 28)),
	CONSTRAINT "review_schedules_hour" CHECK ("review_schedules"."hour" between 0 and 23),
	CONSTRAINT "review_schedules_satisfaction_drop" CHECK ("review_schedules"."satisfaction_drop" is null or ("review_schedules"."satisfaction_drop" > 0 and "review_schedules"."satisfaction_drop" <= 4))
);
--> statement-breakpoint
CREATE TABLE "review_subscriptions" (
	"view_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"email" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_subscriptions_view_id_user_id_pk" PRIMARY KEY("view_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "review_webhooks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "review_webhooks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"view_id" integer NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_webhooks_url_length" CHECK (length("review_webhooks"."url") between 1 and 2000)
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"view_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"late" boolean DEFAULT false NOT NULL,
	"manual" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"snapshot" jsonb,
	"changes" jsonb,
	"previous_review_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "reviews_view_due_unique" UNIQUE("view_id","due_at"),
	CONSTRAINT "reviews_status" CHECK ("reviews"."status" in ('pending', 'ready', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "channel_spend" (
	"day" date NOT NULL,
	"channel_id" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channel_spend_day_channel_id_pk" PRIMARY KEY("day","channel_id"),
	CONSTRAINT "channel_spend_amount" CHECK ("channel_spend"."amount_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "review_deliveries" ADD CONSTRAINT "review_deliveries_review_id_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_deliveries" ADD CONSTRAINT "review_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_deliveries" ADD CONSTRAINT "review_deliveries_webhook_id_review_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."review_webhooks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_schedules" ADD CONSTRAINT "review_schedules_view_id_saved_views_id_fk" FOREIGN KEY ("view_id") REFERENCES "public"."saved_views"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_schedules" ADD CONSTRAINT "review_schedules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_subscriptions" ADD CONSTRAINT "review_subscriptions_view_id_saved_views_id_fk" FOREIGN KEY ("view_id") REFERENCES "public"."saved_views"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_subscriptions" ADD CONSTRAINT "review_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_webhooks" ADD CONSTRAINT "review_webhooks_view_id_saved_views_id_fk" FOREIGN KEY ("view_id") REFERENCES "public"."saved_views"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_webhooks" ADD CONSTRAINT "review_webhooks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_view_id_saved_views_id_fk" FOREIGN KEY ("view_id") REFERENCES "public"."saved_views"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_spend" ADD CONSTRAINT "channel_spend_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_deliveries_due_idx" ON "review_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "review_deliveries_user_idx" ON "review_deliveries" USING btree ("user_id","read_at");--> statement-breakpoint
CREATE INDEX "review_webhooks_view_idx" ON "review_webhooks" USING btree ("view_id");--> statement-breakpoint
CREATE INDEX "reviews_status_idx" ON "reviews" USING btree ("status","claimed_until");