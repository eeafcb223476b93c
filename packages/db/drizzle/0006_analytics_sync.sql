CREATE TABLE "analytics_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analytics_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"snapshot" "pg_snapshot" DEFAULT pg_current_snapshot() NOT NULL,
	"kind" text NOT NULL,
	"touchpoint_id" integer,
	"to_id" integer,
	"from_id" integer,
	CONSTRAINT "analytics_changes_kind_known" CHECK ("analytics_changes"."kind" in ('stage', 'channel', 'reset')),
	CONSTRAINT "analytics_changes_move_complete" CHECK ("analytics_changes"."kind" = 'reset' OR ("analytics_changes"."touchpoint_id" IS NOT NULL AND "analytics_changes"."to_id" IS NOT NULL AND ("analytics_changes"."kind" = 'stage' OR "analytics_changes"."from_id" IS NOT NULL)))
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "sync_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "sync_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "events_sync_idx" ON "events" USING btree ("sync_xid","event_id" COLLATE "C");--> statement-breakpoint
CREATE INDEX "customers_sync_idx" ON "customers" USING btree ("sync_xid","id");--> statement-breakpoint
-- Written by hand (drizzle-kit does not model triggers). Every update of a customer (persona
-- reassignment, attribute upsert, persona deleted) stamps it with the updating transaction,
-- so the ClickHouse sync copies the new version; an update that changes nothing does not.
CREATE FUNCTION "analytics_stamp_sync_xid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.sync_xid := pg_current_xact_id();
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "customers_stamp_sync_xid" BEFORE UPDATE ON "customers"
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION "analytics_stamp_sync_xid"();--> statement-breakpoint
-- TRUNCATE leaves no rows to stamp: the sync learns of it from the change log, and empties
-- its copy before copying what is there now.
CREATE FUNCTION "analytics_record_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "analytics_changes" ("kind") VALUES ('reset');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "events_record_reset" AFTER TRUNCATE ON "events"
  FOR EACH STATEMENT EXECUTE FUNCTION "analytics_record_reset"();--> statement-breakpoint
CREATE TRIGGER "customers_record_reset" AFTER TRUNCATE ON "customers"
  FOR EACH STATEMENT EXECUTE FUNCTION "analytics_record_reset"();
