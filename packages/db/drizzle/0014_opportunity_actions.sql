CREATE TABLE "opportunity_actions" (
	"annotation_id" integer PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'idea' NOT NULL,
	"owner_id" integer,
	"due_date" date,
	"metric" jsonb,
	"planned_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"dropped_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opportunity_actions_status" CHECK ("opportunity_actions"."status" in ('idea', 'planned', 'in_progress', 'done', 'dropped'))
);
--> statement-breakpoint
ALTER TABLE "opportunity_actions" ADD CONSTRAINT "opportunity_actions_annotation_id_annotations_id_fk" FOREIGN KEY ("annotation_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opportunity_actions" ADD CONSTRAINT "opportunity_actions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opportunity_actions_owner_idx" ON "opportunity_actions" USING btree ("owner_id");