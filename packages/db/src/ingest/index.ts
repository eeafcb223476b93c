import {
  coded as codedMessage,
  formatMessage,
  type TCodedMessage,
  type TEvent,
} from "@parcours/validators";
import { type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Database, queryRows } from "../client";
import { classifyDatabaseError, describeDatabaseError, rejectionMessage } from "../database-errors";
import { type CatalogueIds, catalogueIds, getCatalogue } from "../queries/catalogue";
import { changingData } from "../queries/data-version";
import { assignPersonas } from "../queries/persona-assignment";

export interface RejectedEvent {
  /** Position of the event in the batch handed to `ingest`. */
  index: number;
  errors: string[];
  /** The same reasons by code, for a report shown in the reader's language (when coded). */
  coded?: TCodedMessage[];
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedEvent[];
  /** Customers seen for the first time in this batch. */
  newCustomers: number;
}

/**
 * An ingest stopped by an error that is not the events' fault (the database went away, or a
 * bug): `committed` counts what was stored before it, as far as the database confirmed. The
 * original error is the `cause`, so that callers classify it as they would the error itself.
 */
export class IngestInterruptedError extends Error {
  constructor(
    readonly committed: { accepted: number; duplicates: number; newCustomers: number },
    cause: unknown,
  ) {
    super(
      `ingestion stopped after ${committed.accepted} events were stored: ${describeDatabaseError(cause)}`,
      { cause },
    );
    this.name = "IngestInterruptedError";
  }
}

interface ResolvedEvent {
  index: number;
  eventId: string;
  customer: string;
  touchpointId: number;
  stageId: number;
  stageExplicit: boolean;
  channelId: number;
  type: string;
  occurredAt: string;
  satisfaction: number | null;
  revenue: string | null;
  comment: string | null;
  properties: Record<string, unknown>;
}

export interface IngestorOptions {
  /**
   * Unknown touchpoint keys create a touchpoint (in the event's stage and channel, else the
   * first stage and an "Other" channel) flagged for an admin to place, instead of a rejection.
   */
  autoCreateTouchpoints?: boolean;
}

/** At most this many customer ids are remembered by one ingestor (about 100 bytes each). */
const CUSTOMER_CACHE_SIZE = 500_000;

/**
 * Stores validated events: resolves catalogue keys, creates customers on first sight and
 * inserts idempotently on event_id. One instance per import, so the catalogue is read once.
 * Rows the database refuses for their own values come back as rejections; any other error
 * (an outage above all) throws an IngestInterruptedError, never a rejection. Given a
 * transaction, an instance must not outlive it: the customer ids it remembers roll back with it.
 */
export class EventIngestor {
  private ids: Promise<CatalogueIds> | undefined;

  constructor(
    private readonly db: Database,
    private readonly options: IngestorOptions = {},
  ) {}

  /**
   * Events must already have passed ZEventInputSchema; `indexes` are their batch positions.
   * The data version moves on afterwards, also after a failure that stored part of the batch.
   */
  ingest(events: TEvent[], indexes?: number[]): Promise<IngestResult> {
    return changingData(this.db, () => this.ingestBatch(events, indexes));
  }

  private async ingestBatch(events: TEvent[], indexes?: number[]): Promise<IngestResult> {
    this.ids ??= getCatalogue(this.db).then(catalogueIds);
    let maps = await this.ids;
    if (this.options.autoCreateTouchpoints) {
      const unknown = events.filter((e) => !maps.touchpoints.has(e.touchpoint));
      if (unknown.length > 0) {
        await createTouchpoints(this.db, maps, unknown);
        this.ids = getCatalogue(this.db).then(catalogueIds);
        maps = await this.ids;
      }
    }
    const rejected: RejectedEvent[] = [];
    const resolved: ResolvedEvent[] = [];
    const seen = new Set<string>();
    let duplicates = 0;

    events.forEach((event, i) => {
      const index = indexes?.[i] ?? i;
      const coded: TCodedMessage[] = [];
      const touchpoint = maps.touchpoints.get(event.touchpoint);
      if (!touchpoint) {
        coded.push(codedMessage("notInCatalogue", { what: "touchpoint", key: event.touchpoint }));
      }
      const stageId = event.stage ? maps.stages.get(event.stage) : touchpoint?.stageId;
      if (event.stage && stageId === undefined) {
        coded.push(codedMessage("notInCatalogue", { what: "stage", key: event.stage }));
      }
      const channelId = event.channel ? maps.channels.get(event.channel) : touchpoint?.channelId;
      if (event.channel && channelId === undefined) {
        coded.push(codedMessage("notInCatalogue", { what: "channel", key: event.channel }));
      }
      if (coded.length > 0 || !touchpoint || stageId === undefined || channelId === undefined) {
        const errors = coded.map((message) => formatMessage("en", message));
        rejected.push({ index, errors, coded });
        return;
      }
      if (seen.has(event.eventId)) {
        duplicates++;
        return;
      }
      seen.add(event.eventId);
      resolved.push({
        index,
        eventId: event.eventId,
        customer: event.customerId,
        touchpointId: touchpoint.id,
        stageId,
        stageExplicit: event.stage !== undefined,
        channelId,
        type: event.type,
        occurredAt: event.occurredAt.toISOString(),
        satisfaction: event.satisfaction ?? null,
        revenue: event.revenue ?? null,
        comment: event.comment ?? null,
        properties: event.properties ?? {},
      });
    });

    if (resolved.length === 0) return { accepted: 0, duplicates, rejected, newCustomers: 0 };
    try {
      const stored = await this.store(resolved);
      return {
        accepted: stored.accepted,
        duplicates: duplicates + resolved.length - stored.accepted,
        rejected,
        newCustomers: stored.newCustomers,
      };
    } catch (batchError) {
      // Only a row's own fault is worth isolating; an outage or a bug stops the ingest, and the
      // batch's single statement stored none of its events.
      if (classifyDatabaseError(batchError) !== "data") {
        throw new IngestInterruptedError({ accepted: 0, duplicates, newCustomers: 0 }, batchError);
      }
    }
    // One row broke a database rule the validators did not foresee: store the rest one by one
    // so that every good row is kept and the bad one is reported with the database's reason.
    let accepted = 0;
    let newCustomers = 0;
    for (const row of resolved) {
      try {
        const stored = await this.store([row]);
        accepted += stored.accepted;
        newCustomers += stored.newCustomers;
        if (stored.accepted === 0) duplicates++;
      } catch (rowError) {
        if (classifyDatabaseError(rowError) !== "data") {
          throw new IngestInterruptedError({ accepted, duplicates, newCustomers }, rowError);
        }
        rejected.push({ index: row.index, errors: [rejectionMessage(rowError)] });
      }
    }
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, duplicates, rejected, newCustomers };
  }

  /**
   * Customer ids by external id, filled as batches are stored, so that a customer seen before
   * costs no lookup. Customers are never deleted while the application runs; the map is
   * cleared when it reaches CUSTOMER_CACHE_SIZE entries, which keeps memory bounded.
   */
  private readonly customerIds = new Map<string, number>();

  /**
   * The ids of the batch's customers, creating (and assigning personas to) those seen for the
   * first time. Committed on its own, before the events: a customer whose events a database
   * rule then refuses stays, as the customer a later event would have created anyway. The ids
   * come back with the batch: a concurrent batch may clear the shared map meanwhile.
   */
  private async resolveCustomers(
    externalIds: string[],
  ): Promise<{ ids: Map<string, number>; created: number }> {
    const ids = new Map<string, number>();
    const missing: string[] = [];
    for (const externalId of externalIds) {
      const id = this.customerIds.get(externalId);
      if (id === undefined) missing.push(externalId);
      else ids.set(externalId, id);
    }
    if (missing.length === 0) return { ids, created: 0 };
    // Sorted: concurrent batches then lock new customers in the same order and cannot deadlock.
    missing.sort();
    if (this.customerIds.size + missing.length > CUSTOMER_CACHE_SIZE) this.customerIds.clear();
    const payload = JSON.stringify(missing);
    const remember = (rows: { id: number; external_id: string }[]) => {
      for (const row of rows) {
        ids.set(row.external_id, row.id);
        this.customerIds.set(row.external_id, row.id);
      }
    };
    return this.db.transaction(async (tx) => {
      const created = await queryRows<{ id: number; external_id: string }>(
        tx as unknown as Database,
        sql`INSERT INTO customers (external_id)
            SELECT jsonb_array_elements_text(${payload}::jsonb)
            ON CONFLICT (external_id) DO NOTHING
            RETURNING id, external_id`,
      );
      remember(created);
      if (created.length < missing.length) {
        const existing = await queryRows<{ id: number; external_id: string }>(
          tx as unknown as Database,
          sql`SELECT id, external_id FROM customers
              WHERE external_id IN (SELECT jsonb_array_elements_text(${payload}::jsonb))`,
        );
        remember(existing);
      }
      if (created.length > 0) {
        await assignPersonas(tx as unknown as Database, { customerIds: created.map((c) => c.id) });
      }
      return { ids, created: created.length };
    });
  }

  private async store(rows: ResolvedEvent[]): Promise<{ accepted: number; newCustomers: number }> {
    const customers = await this.resolveCustomers([...new Set(rows.map((r) => r.customer))]);
    const payload = JSON.stringify(
      rows.map((r) => {
        const customerId = customers.ids.get(r.customer);
        if (customerId === undefined) throw new Error(`customer "${r.customer}" was not stored`);
        return {
          event_id: r.eventId,
          customer_id: customerId,
          touchpoint_id: r.touchpointId,
          stage_id: r.stageId,
          stage_explicit: r.stageExplicit,
          channel_id: r.channelId,
          type: r.type,
          occurred_at: r.occurredAt,
          satisfaction: r.satisfaction,
          revenue: r.revenue,
          comment: r.comment,
          properties: r.properties,
        };
      }),
    );
    // One statement: atomic on its own, and committed before the caller answers.
    const [inserted] = await this.insert<{ n: number }>(
      sql`WITH ins AS (
            INSERT INTO events (event_id, customer_id, touchpoint_id, stage_id, stage_explicit,
              channel_id, type, occurred_at, satisfaction, revenue, comment, properties)
            SELECT x.event_id, x.customer_id, x.touchpoint_id, x.stage_id, x.stage_explicit,
              x.channel_id, x.type, x.occurred_at, x.satisfaction, x.revenue, x.comment,
              coalesce(x.properties, '{}'::jsonb)
            FROM json_to_recordset(${payload}::json) AS x(event_id text, customer_id int,
              touchpoint_id int, stage_id int, stage_explicit boolean, channel_id int, type text,
              occurred_at timestamptz, satisfaction smallint, revenue numeric, comment text,
              properties jsonb)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING 1
          )
          SELECT count(*)::int AS n FROM ins`,
    );
    return { accepted: inserted?.n ?? 0, newCustomers: customers.created };
  }

  /**
   * Runs the events insert. Inside the caller's transaction (the Segment batch) it runs in a
   * savepoint, so that a row the database refuses does not abort the whole transaction and the
   * row-by-row retry can go on. The customers were resolved in their own savepoint before, so
   * they stay for the rows that follow.
   */
  private insert<T>(query: SQL): Promise<T[]> {
    if (this.db instanceof PgTransaction) {
      return this.db.transaction((tx) => queryRows<T>(tx as unknown as Database, query));
    }
    return queryRows<T>(this.db, query);
  }
}

/** Creates the touchpoints of `events` that the catalogue lacks, flagged as auto-created. */
async function createTouchpoints(db: Database, maps: CatalogueIds, events: TEvent[]) {
  const byKey = new Map<string, TEvent>();
  for (const event of events) if (!byKey.has(event.touchpoint)) byKey.set(event.touchpoint, event);
  const [first] = await queryRows<{ id: number }>(
    db,
    sql`SELECT id FROM stages ORDER BY position, id LIMIT 1`,
  );
  if (!first) return;
  let other: number | undefined;
  const otherChannel = async () => {
    if (other !== undefined) return other;
    await queryRows(
      db,
      sql`INSERT INTO channels (key, name) VALUES ('other', 'Other') ON CONFLICT (key) DO NOTHING`,
    );
    const [row] = await queryRows<{ id: number }>(
      db,
      sql`SELECT id FROM channels WHERE key = 'other'`,
    );
    other = row?.id;
    return other;
  };
  for (const [key, event] of byKey) {
    const stageId = (event.stage && maps.stages.get(event.stage)) || first.id;
    const channelId = (event.channel && maps.channels.get(event.channel)) || (await otherChannel());
    if (channelId === undefined) continue;
    await queryRows(
      db,
      sql`INSERT INTO touchpoints (key, name, channel_id, stage_id, auto_created_at)
          VALUES (${key}, ${key}, ${channelId}, ${stageId}, now())
          ON CONFLICT (key) DO NOTHING`,
    );
  }
}
