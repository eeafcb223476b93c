/**
 * Records each request's peer address, validates the environment and opens (and migrates) the
 * database when the server starts, rather than on the first request; with CLICKHOUSE_URL set,
 * starts the background copy to ClickHouse; unless PARCOURS_REVIEWS=off, starts the scheduled
 * reviews' loop. Node.js runtime only:
 * PGlite and postgres.js need Node APIs, and only Node has sockets.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before anything else: the sign-in limit needs each request's real peer address.
  const { recordPeerAddresses } = await import("@parcours/auth/client-address");
  recordPeerAddresses();
  const { env } = await import("./env");
  const { getDatabase } = await import("@parcours/db/client");
  try {
    const handle = await getDatabase();
    console.info(`[parcours] ${env.NODE_ENV}: ${handle.kind} database ready at ${handle.location}`);
  } catch (error) {
    // Keep serving: pages then show their error state (with retry) instead of a bare 500.
    console.error("[parcours] the database could not be opened or migrated:", error);
  }
  if (env.CLICKHOUSE_URL) {
    // Once per process (the loop lives on globalThis); it never throws, and ingestion writes to
    // PostgreSQL alone, so a ClickHouse outage only delays the copy.
    const { ensureSyncLoop, parseClickHouseUrl } = await import(
      "@parcours/db/analytics/clickhouse"
    );
    ensureSyncLoop(env.CLICKHOUSE_URL, async () => (await getDatabase()).db);
    console.info(
      `[parcours] copying events to ClickHouse at ${parseClickHouseUrl(env.CLICKHOUSE_URL).location}; the dashboard's figures are answered from there (docs/scaling.md)`,
    );
  }
  if (env.PARCOURS_REVIEWS === "on") {
    // Scheduled reviews (docs/reviews.md): a pass now, so a review missed while no server ran
    // is sent on start, then every 30 s. Once per process; it never throws. Other processes
    // may run it too: each review is made, taken and delivered once.
    const { ensureReviewLoop } = await import("@parcours/db/reviews/loop");
    const { deliveryOptionsFromEnv } = await import("@parcours/db/reviews/deliver");
    const delivery = deliveryOptionsFromEnv(env);
    ensureReviewLoop({
      // Its figures come from the engine the app's requests use (getMetricEngine).
      db: async () => (await getDatabase()).db,
      delivery,
    });
    console.info(
      `[parcours] reviews: scheduled reviews on, links to ${delivery.appUrl}, ${delivery.mailer ? "email over SMTP" : "no email (SMTP_URL unset)"}`,
    );
  }
}
