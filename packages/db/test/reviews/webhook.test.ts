import { parseAddressRanges } from "@parcours/validators/address-ranges";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook, WebhookAddressError } from "../../src/reviews/webhook";
import { SINK_ADDRESSES, startWebhookSink, type WebhookSink } from "./sinks";

/*
 * A webhook reaches public addresses only, unless PARCOURS_WEBHOOK_ALLOW lists the address:
 * checked on the address written in the URL and on every address a host name resolves to,
 * before any connection is made.
 */
describe("where a webhook may post", () => {
  let sink: WebhookSink;
  beforeAll(async () => {
    sink = await startWebhookSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  const post = (url: string, allowedAddresses = parseAddressRanges("", "none")) =>
    postWebhook({
      url,
      secret: "s".repeat(32),
      deliveryId: 1,
      body: "{}",
      now: new Date("2026-12-03T08:00:00Z"),
      allowedAddresses,
      timeoutMs: 5_000,
    });
  const port = () => new URL(sink.url).port;

  it("refuses an address written in the URL that is not public, naming it and the setting", async () => {
    const cases: [string, string][] = [
      [`http://127.0.0.1:${port()}/hook`, "127.0.0.1 is not a public address (loopback)"],
      [`http://[::1]:${port()}/hook`, "::1 is not a public address (loopback)"],
      ["http://[::ffff:127.0.0.1]/hook", "::ffff:7f00:1 is not a public address (loopback)"],
      ["http://10.1.2.3/hook", "10.1.2.3 is not a public address (private)"],
      [
        "http://169.254.169.254/latest/meta-data",
        "169.254.169.254 is not a public address (linkLocal)",
      ],
      ["http://0.0.0.0:8123/?query=DROP", "0.0.0.0 is not a public address (unspecified)"],
      // The WHATWG URL parser reads these as 127.0.0.1 before we see them.
      ["http://2130706433/hook", "127.0.0.1 is not a public address (loopback)"],
      ["http://0x7f.1/hook", "127.0.0.1 is not a public address (loopback)"],
    ];
    for (const [url, why] of cases) {
      const refused = await post(url).catch((error: unknown) => error);
      expect(refused, url).toBeInstanceOf(WebhookAddressError);
      expect((refused as Error).message, url).toContain(`the webhook's host ${why}`);
      expect((refused as Error).message).toContain("unless PARCOURS_WEBHOOK_ALLOW lists it");
    }
    expect(sink.received).toHaveLength(0);
  });

  it("refuses a host name that resolves to loopback, before connecting", async () => {
    const refused = await post(`http://localhost:${port()}/hook`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WebhookAddressError);
    expect((refused as Error).message).toMatch(
      /^the webhook's host localhost is (127\.0\.0\.1|::1), not a public address \(loopback\): webhooks are posted to public addresses only/,
    );
    expect(sink.received).toHaveLength(0);
  });

  it("posts to an allowed address, written as such or behind a host name", async () => {
    await post(sink.url, SINK_ADDRESSES);
    await post(`http://localhost:${port()}/named`, parseAddressRanges("127.0.0.0/8, ::1", "t"));
    expect(sink.received).toHaveLength(2);
    expect(sink.received.map((r) => r.headers["parcours-signature"])).toEqual([
      expect.stringMatching(/^t=1796284800,v1=[0-9a-f]{64}$/),
      expect.stringMatching(/^t=1796284800,v1=[0-9a-f]{64}$/),
    ]);
  });

  it("an allowance for one range does not open another", async () => {
    const refused = await post(sink.url, parseAddressRanges("10.0.0.0/8", "t")).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(WebhookAddressError);
    expect(sink.received).toHaveLength(2);
  });
});
