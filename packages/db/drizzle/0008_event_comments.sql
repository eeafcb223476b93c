ALTER TABLE "events" ADD COLUMN "comment" text;--> statement-breakpoint
CREATE INDEX "events_comment_idx" ON "events" USING btree ("stage_id","touchpoint_id","occurred_at") WHERE "events"."comment" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_comment_length" CHECK (length("events"."comment") between 1 and 2000);