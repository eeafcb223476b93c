/**
 * Records each request's peer address, validates the environment and opens (and migrates) the
 * database when the server starts, rather than on the first request. Node.js runtime only:
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
}
