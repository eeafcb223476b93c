import { handleSegment, jsonError, SEGMENT_KINDS, type SegmentKind } from "@parcours/api/http";
import { ingestDeps } from "~/server/ingest";

export const dynamic = "force-dynamic";

function isKind(value: string): value is SegmentKind {
  return (SEGMENT_KINDS as readonly string[]).includes(value);
}

/** Segment's HTTP Tracking API: /v1/batch, /v1/track, /v1/identify, /v1/page, /v1/screen. */
export async function POST(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const { kind } = await params;
  if (!isKind(kind)) {
    return jsonError(404, "not_found", `no such endpoint: use ${SEGMENT_KINDS.join(", ")}`);
  }
  return handleSegment(kind, request, ingestDeps());
}
