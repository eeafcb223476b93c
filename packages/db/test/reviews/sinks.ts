import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseAddressRanges } from "@parcours/validators/address-ranges";
import { SMTPServer } from "smtp-server";

/**
 * The sinks listen on loopback, which webhooks may not reach unless allowed: what the tests'
 * delivery options allow (as PARCOURS_WEBHOOK_ALLOW=127.0.0.1 would).
 */
export const SINK_ADDRESSES = parseAddressRanges("127.0.0.1", "the test sinks");

/** A local HTTP server standing in for a webhook receiver: it keeps every POST. */
export interface WebhookSink {
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  /** The statuses to answer in turn (then 204). */
  answers: number[];
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      sink.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.statusCode = sink.answers.shift() ?? 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const sink: WebhookSink = {
    url: `http://127.0.0.1:${port}/hook`,
    received: [],
    answers: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return sink;
}

/** A local SMTP server (smtp-server from npm) that keeps every message it receives. */
export interface SmtpSink {
  url: string;
  messages: { from: string; to: string[]; raw: string }[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpSink["messages"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
