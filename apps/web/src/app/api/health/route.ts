import { getDatabase, pingDatabase } from "@parcours/db";

export const dynamic = "force-dynamic";

/** For load balancers and the test server: 200 once the database is open and migrated. */
export async function GET(): Promise<Response> {
  try {
    const handle = await getDatabase();
    await pingDatabase(handle.db);
    return Response.json({ ok: true, database: handle.kind });
  } catch (error) {
    console.error("[health]", error);
    return Response.json({ ok: false, error: "the database is not reachable" }, { status: 503 });
  }
}
