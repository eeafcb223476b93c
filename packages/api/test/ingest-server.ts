import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import {
  handleCustomers,
  handleEvents,
  handleSegment,
  type IngestDeps,
  SEGMENT_KINDS,
  type SegmentKind,
} from "../src/http";

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  status: number;
}

/**
 * A node:http server on 127.0.0.1 that hands requests to the ingestion handlers as the Next.js
 * route handlers do (a web Request with the body streamed in), for clients that speak HTTP
 * themselves, such as the Segment and RudderStack SDKs. Records what each request looked like.
 */
export async function startIngestServer(deps: IngestDeps) {
  const seen: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void answer(req, res);
  });

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const path = req.url ?? "/";
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://127.0.0.1${path}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit);
    const segment = /^\/api\/segment\/v1\/([a-z]+)$/.exec(path)?.[1];
    let response: Response;
    if (path === "/api/v1/events") response = await handleEvents(request, deps);
    else if (path === "/api/v1/customers") response = await handleCustomers(request, deps);
    else if (segment && (SEGMENT_KINDS as readonly string[]).includes(segment)) {
      response = await handleSegment(segment as SegmentKind, request, deps);
    } else response = new Response("not found", { status: 404 });
    seen.push({
      method: req.method ?? "",
      path,
      headers: Object.fromEntries(headers),
      status: response.status,
    });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
