CREATE TABLE "cohort_members" (
	"cohort_id" integer NOT NULL,
	"customer_id" integer NOT NULL,
	CONSTRAINT "cohort_members_cohort_id_customer_id_pk" PRIMARY KEY("cohort_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "cohorts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cohorts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"rule" jsonb,
	"owner_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cohorts_name_length" CHECK (length("cohorts"."name") between 1 and 120),
	CONSTRAINT "cohorts_kind" CHECK ("cohorts"."kind" in ('static', 'dynamic')),
	CONSTRAINT "cohorts_dynamic_rule" CHECK ("cohorts"."kind" = 'static' or "cohorts"."rule" is not null)
);
--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_members" ADD CONSTRAINT "cohort_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohorts" ADD CONSTRAINT "cohorts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohort_members_customer_idx" ON "cohort_members" USING btree ("customer_id");