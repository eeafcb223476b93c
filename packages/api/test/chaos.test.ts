import { createDatabase, type DatabaseHandle, migrateDatabase, queryRows } from "@parcours/db";
import { seedCatalogue } from "@parcours/db/demo";
import { createApiKey, setSegmentMapping } from "@parcours/db/queries";
import {
  startThrowawayPostgres,
  type ThrowawayPostgres,
  throwawayPostgresUnavailable,
} from "@parcours/db/testing/throwaway-postgres";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleEvents, handleSegment, type IngestDeps, RateLimiter } from "../src/http";

/**
 * Chaos: concurrent senders push batches through the real HTTP handlers into a PostgreSQL
 * server of the test's own, which is killed (-9) and restarted under them, twice, with one
 * backend killed in between (the postmaster then ends every session and recovers by itself).
 * Senders retry on 5xx only, as the SDKs do. Afterwards every acknowledged event must be stored
 * exactly once and no 2xx may carry anything but the events' own rejections.
 */

const unavailable = throwawayPostgresUnavailable();
if (unavailable) console.warn(`[chaos] skipped: ${unavailable}`);

const SENDERS = 6;
/** Senders 0..3 use the native events API, the others Segment batches. */
const SEGMENT_SENDERS = 2;
const EVENTS_PER_BATCH = 40;
const TRACKS_PER_SEGMENT_BATCH = 20;
/** One attempt may take this long before the test counts it as hung. */
const ATTEMPT_TIMEOUT_MS = 15_000;
/** A phase between two crashes ends once SENDERS batches got through, or after this long. */
const PHASE_MAX_MS = 8_000;
/** Every batch started must be acknowledged by then, or the test fails (no endless retries). */
const DRAIN_DEADLINE_MS = 25_000;

interface Sent {
  /** The events that must be stored. */
  ids: string[];
  /** Positions of the events the database refuses by design (a check constraint). */
  refusedIndexes: number[];
  /** What `accepted + duplicates` must come to: every message but the refused ones. */
  counted: number;
  /** Segment: the customer and traits of the batch's identify message. */
  identify?: { customer: string; traits: Record<string, unknown> };
}

interface Tally {
  attempts: number;
  unavailable: number;
  otherServerErrors: string[];
  clientErrors: string[];
  hung: number;
  /** 2xx answers that say anything but the designed rejections. */
  untruthful: string[];
  acknowledged: Sent[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable !== undefined)(
  "chaos: PostgreSQL killed mid-ingest (a throw-away server)",
  () => {
    let pg: ThrowawayPostgres;
    let handle: DatabaseHandle;
    let key: string;

    beforeAll(async () => {
      pg = await startThrowawayPostgres();
      const url = await pg.createDatabase("parcours_chaos");
      // As the app builds it (packages/db/src/client.ts), so that its reconnects are tested.
      handle = createDatabase({ url, maxConnections: 8 });
      await migrateDatabase(handle);
      await seedCatalogue(handle.db);
      // A rule the validators do not know: events of this type are the events' own fault.
      await queryRows(
        handle.db,
        sql`ALTER TABLE events ADD CONSTRAINT chaos_refused CHECK (type <> 'refused_by_db')`,
      );
      await setSegmentMapping(
        handle.db,
        { id: null, email: "chaos" },
        {
          eventName: "Refused Event",
          touchpoint: "website",
          type: "refused_by_db",
        },
      );
      key = (await createApiKey(handle.db, { id: null, email: "chaos" }, "chaos")).key;
    }, 90_000);

    afterAll(async () => {
      await handle?.close().catch(() => {});
      await pg?.remove();
    });

    it("every acknowledged event is stored exactly once; no 2xx carries an outage", async () => {
      const deps: IngestDeps = { db: handle.db, limiter: new RateLimiter(10_000, 10_000) };
      const tally: Tally = {
        attempts: 0,
        unavailable: 0,
        otherServerErrors: [],
        clientErrors: [],
        hung: 0,
        untruthful: [],
        acknowledged: [],
      };
      let sending = true;

      const eventsBatch = (sender: number, n: number) => {
        const refusedAt = (n * 7) % EVENTS_PER_BATCH;
        // The refused one is named "-rf", as in the Segment batches, so it can be looked for.
        const ids = Array.from(
          { length: EVENTS_PER_BATCH },
          (_, i) => `ev-${sender}-${n}-${i}${i === refusedAt ? "-rf" : ""}`,
        );
        const body = {
          events: ids.map((eventId, i) => ({
            eventId,
            customerId: `cust-${sender}-${i % 10}`,
            occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n, i)).toISOString(),
            touchpoint: "website",
            type: i === refusedAt ? "refused_by_db" : "view",
          })),
        };
        return {
          sent: {
            ids: ids.filter((_, i) => i !== refusedAt),
            refusedIndexes: [refusedAt],
            counted: EVENTS_PER_BATCH - 1,
          },
          send: () =>
            handleEvents(
              new Request("http://localhost/api/v1/events", {
                method: "POST",
                headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
                body: JSON.stringify(body),
              }),
              deps,
            ),
        };
      };

      const segmentBatch = (sender: number, n: number) => {
        const customer = `seg-${sender}-${n % 5}`;
        const traits = { lastBatch: n, sender };
        const tracks = Array.from({ length: TRACKS_PER_SEGMENT_BATCH }, (_, i) => ({
          type: "track",
          event: "Product Viewed",
          messageId: `sg-${sender}-${n}-${i}`,
          userId: customer,
          timestamp: new Date(Date.UTC(2026, 0, 2, 0, n, i)).toISOString(),
        }));
        const batch = [
          { type: "identify", messageId: `sg-${sender}-${n}-id`, userId: customer, traits },
          ...tracks,
          {
            type: "track",
            event: "Refused Event",
            messageId: `sg-${sender}-${n}-rf`,
            userId: customer,
          },
        ];
        return {
          sent: {
            ids: tracks.map((t) => t.messageId),
            refusedIndexes: [batch.length - 1],
            counted: TRACKS_PER_SEGMENT_BATCH + 1,
            identify: { customer, traits },
          },
          send: () =>
            handleSegment(
              "batch",
              new Request("http://localhost/api/segment/v1/batch", {
                method: "POST",
                headers: {
                  "content-type": "application/json",
                  authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}`,
                },
                body: JSON.stringify({ batch }),
              }),
              deps,
            ),
        };
      };

      /** Checks a 2xx: the designed rejections and nothing else, every other message counted. */
      const checkAnswer = (sent: Sent, body: Record<string, unknown>) => {
        const rejected = (body.rejected ?? []) as { index: number; errors: string[] }[];
        const counted = Number(body.accepted) + Number(body.duplicates);
        const truthful =
          counted === sent.counted &&
          rejected.length === sent.refusedIndexes.length &&
          rejected.every(
            (r, i) =>
              r.index === sent.refusedIndexes[i] &&
              r.errors.length === 1 &&
              /^rejected by the database: .*"chaos_refused"$/.test(r.errors[0] ?? ""),
          );
        if (!truthful) tally.untruthful.push(JSON.stringify(body).slice(0, 400));
      };

      const deliver = async (batch: { sent: Sent; send: () => Promise<Response> }) => {
        const started = Date.now();
        for (let attempt = 0; ; attempt++) {
          if (Date.now() - started > DRAIN_DEADLINE_MS) {
            tally.otherServerErrors.push(
              `gave up on ${batch.sent.ids[0]} after ${attempt} attempts`,
            );
            return;
          }
          tally.attempts++;
          let timer: NodeJS.Timeout | undefined;
          inFlight++;
          const response = await Promise.race([
            batch.send(),
            new Promise<"hung">((r) => {
              timer = setTimeout(() => r("hung"), ATTEMPT_TIMEOUT_MS);
            }),
          ]).finally(() => {
            clearTimeout(timer);
            inFlight--;
          });
          if (response === "hung") {
            // As an SDK does after its request timeout: count it, then send the batch again.
            tally.hung++;
            continue;
          }
          const body = (await response.json()) as Record<string, unknown>;
          if (response.status >= 200 && response.status < 300) {
            checkAnswer(batch.sent, body);
            tally.acknowledged.push(batch.sent);
            acknowledgedInPhase[phase] = (acknowledgedInPhase[phase] ?? 0) + 1;
            return;
          }
          if (response.status < 500) {
            tally.clientErrors.push(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
            return;
          }
          if (response.status === 503 && response.headers.get("retry-after")) tally.unavailable++;
          else
            tally.otherServerErrors.push(
              `${response.status} ${JSON.stringify(body).slice(0, 200)}`,
            );
          // As an SDK would, but shorter than Retry-After, which would outlast the test.
          await sleep(Math.min(50 * 2 ** attempt, 400));
        }
      };

      const sender = async (id: number) => {
        const segment = id >= SENDERS - SEGMENT_SENDERS;
        for (let n = 0; sending; n++) {
          await deliver(segment ? segmentBatch(id, n) : eventsBatch(id, n));
        }
      };

      /**
       * Phases: before the first crash, after the restart, after the backend's crash recovery,
       * after the second restart. Each lasts until SENDERS batches got through (at most
       * PHASE_MAX_MS): batches in flight when the next crash comes, and acknowledgements after
       * each restart, which the database client's reconnecting makes possible.
       */
      let phase = 0;
      /** Requests being handled, counted at each crash: the crashes land mid-ingest. */
      let inFlight = 0;
      const inFlightAtCrash: number[] = [];
      const acknowledgedInPhase = [0, 0, 0, 0];
      const traffic = async () => {
        const until = Date.now() + PHASE_MAX_MS;
        await sleep(300);
        while ((acknowledgedInPhase[phase] ?? 0) < SENDERS && Date.now() < until) await sleep(50);
      };
      const chaos = async () => {
        const crashes: string[] = [];
        await traffic();
        inFlightAtCrash.push(inFlight);
        pg.crash();
        crashes.push("server killed");
        await sleep(500);
        await pg.start();
        phase = 1;
        await traffic();
        inFlightAtCrash.push(inFlight);
        if (pg.crashBackend()) crashes.push("one backend killed");
        await sleep(200);
        await pg.ready();
        phase = 2;
        await traffic();
        inFlightAtCrash.push(inFlight);
        pg.crash();
        crashes.push("server killed");
        await sleep(300);
        await pg.start();
        phase = 3;
        await traffic();
        sending = false;
        return crashes;
      };

      // Each 503 logs a line; dozens of them would bury the test output.
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const started = Date.now();
      const [crashes] = await Promise.all([
        chaos(),
        ...Array.from({ length: SENDERS }, (_, id) => sender(id)),
      ]).finally(() => warn.mockRestore());
      const seconds = (Date.now() - started) / 1000;

      const acknowledgedIds = tally.acknowledged.flatMap((s) => s.ids);
      const rows = await queryRows<{ event_id: string; n: number }>(
        handle.db,
        sql`SELECT event_id, count(*)::int AS n FROM events GROUP BY event_id`,
      );
      const stored = new Map(rows.map((r) => [r.event_id, r.n]));
      const missing = acknowledgedIds.filter((id) => stored.get(id) !== 1);
      const refusedStored = rows.filter((r) => r.event_id.endsWith("-rf")).length;
      const segmentTraits = await queryRows<{
        external_id: string;
        attributes: Record<string, unknown>;
      }>(
        handle.db,
        sql`SELECT external_id, attributes FROM customers WHERE external_id LIKE 'seg-%'`,
      );
      const traitsOf = new Map(segmentTraits.map((c) => [c.external_id, c.attributes]));
      // A sender's batches go one after the other, each retried until acknowledged: the traits
      // a customer ends with are those of its last acknowledged batch.
      const lastBatchOf = new Map<string, number>();
      for (const s of tally.acknowledged) {
        if (s.identify) lastBatchOf.set(s.identify.customer, Number(s.identify.traits.lastBatch));
      }
      const wrongTraits = [...lastBatchOf].filter(
        ([customer, n]) => traitsOf.get(customer)?.lastBatch !== n,
      );

      console.log(
        `[chaos] ${crashes.join(", ")} in ${seconds.toFixed(1)} s: ${tally.acknowledged.length} batches` +
          ` (${acknowledgedIds.length} events) acknowledged in ${tally.attempts} attempts,` +
          ` ${tally.unavailable} answered 503 + Retry-After; acknowledged by phase ${acknowledgedInPhase.join("/")}; requests in flight at the crashes ${inFlightAtCrash.join("/")}`,
      );
      expect(crashes).toEqual(["server killed", "one backend killed", "server killed"]);
      expect(inFlightAtCrash.every((n) => n > 0)).toBe(true);
      // Without the postgres.js patch and the 1 s reconnect cap, 4 or more attempts hung here
      // (and the process died on an uncaught TypeError). One slow attempt past 15 s was seen in
      // a CI run with both cores saturated by other suites; more than one is a regression.
      expect(tally.hung).toBeLessThanOrEqual(1);
      expect(tally.clientErrors).toEqual([]);
      expect(tally.otherServerErrors).toEqual([]);
      expect(tally.untruthful).toEqual([]);
      // Chaos did happen under load: requests met the outage, and batches got through before
      // and after every crash.
      expect(tally.unavailable).toBeGreaterThan(0);
      expect(acknowledgedInPhase.every((n) => n > 0)).toBe(true);
      expect(missing).toEqual([]);
      expect([...stored.values()].every((n) => n === 1)).toBe(true);
      expect(refusedStored).toBe(0);
      expect(lastBatchOf.size).toBeGreaterThan(0);
      expect(wrongTraits).toEqual([]);
    }, 90_000);
  },
);
