-- The analytics copy of PostgreSQL's events, customers and catalogue (issue 13).
-- Statements are separated by a semicolon at the end of a line; each must run on ClickHouse
-- 18.16 (Debian) and on current releases (chdb).

-- One row per PostgreSQL event. Times are exact microseconds since the Unix epoch (timestamptz
-- precision; 18.16 has no DateTime64) and revenue exact cents of numeric(14,2).
-- sync_version is the PostgreSQL transaction id (xid8) that wrote the row: the sync resumes from
-- the greatest (sync_version, event_id) stored here. Replacing keeps the newest version should a
-- row ever arrive twice; metrics read without FINAL because the sync copies each row once.
-- Ordered by customer first, so the table can later be sharded by customer (issue 14).
CREATE TABLE IF NOT EXISTS events (
  event_id String,
  customer_id UInt32,
  touchpoint_id UInt32,
  stage_id UInt32,
  stage_explicit UInt8,
  channel_id UInt32,
  type String,
  occurred_us Int64,
  satisfaction Nullable(UInt8),
  revenue_cents Nullable(Int64),
  properties String,
  sync_version UInt64
) ENGINE = ReplacingMergeTree(sync_version)
PARTITION BY toYYYYMM(toDateTime(intDiv(occurred_us, 1000000)))
ORDER BY (customer_id, occurred_us, event_id);

-- Every version of a customer (a persona reassignment or attribute change writes a new one):
-- read the current persona with FINAL or argMax(persona_id, sync_version). persona_id 0 means
-- unassigned.
CREATE TABLE IF NOT EXISTS customers (
  id UInt32,
  external_id String,
  persona_id UInt32,
  attributes String,
  sync_version UInt64
) ENGINE = ReplacingMergeTree(sync_version)
ORDER BY id;

-- The catalogue, small, copied whole whenever it changes in PostgreSQL.
CREATE TABLE IF NOT EXISTS stages (
  id UInt32,
  key String,
  name String,
  position Int32,
  is_conversion UInt8
) ENGINE = MergeTree ORDER BY id;

CREATE TABLE IF NOT EXISTS channels (
  id UInt32,
  key String,
  name String
) ENGINE = MergeTree ORDER BY id;

CREATE TABLE IF NOT EXISTS touchpoints (
  id UInt32,
  key String,
  name String,
  channel_id UInt32,
  stage_id UInt32
) ENGINE = MergeTree ORDER BY id;

CREATE TABLE IF NOT EXISTS personas (
  id UInt32,
  key String,
  name String,
  priority Int32,
  archived UInt8
) ENGINE = MergeTree ORDER BY id;

-- The sync's own bookkeeping: PostgreSQL change-log entries (catalogue moves, truncations)
-- already replayed here, and small named values (the catalogue's fingerprint).
CREATE TABLE IF NOT EXISTS sync_applied_changes (
  id UInt64,
  applied_us Int64
) ENGINE = MergeTree ORDER BY id;

CREATE TABLE IF NOT EXISTS sync_state (
  key String,
  value String,
  version UInt64
) ENGINE = ReplacingMergeTree(version) ORDER BY key;
