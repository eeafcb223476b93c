import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  clientAddress,
  PEER_ADDRESS_HEADER,
  parseTrustedProxies,
  recordPeerAddresses,
} from "../src/client-address";

function headers(peer: string | null, forwardedFor?: string): Headers {
  const h = new Headers();
  if (peer !== null) h.set(PEER_ADDRESS_HEADER, peer);
  if (forwardedFor !== undefined) h.set("x-forwarded-for", forwardedFor);
  return h;
}

describe("parseTrustedProxies", () => {
  it("reads addresses and CIDR ranges, IPv4 and IPv6, and nothing from an empty value", () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies(" , ")).toEqual([]);
    const proxies = parseTrustedProxies("10.0.0.0/8, 127.0.0.1 ,::1,fd00::/8");
    expect(proxies.map(([range, bits]) => `${range.toString()}/${bits}`)).toEqual([
      "10.0.0.0/8",
      "127.0.0.1/32",
      "::1/128",
      "fd00::/8",
    ]);
  });

  it.each([
    "localhost",
    "10.0.0.0/33",
    "::1/129",
    "10.0.0.0/8/8",
    "10.0.0.0/",
    "10.0.0.0/x",
    "127.1",
    "0x7f.0.0.1",
    "300.0.0.1",
  ])("refuses %j, naming it", (entry) => {
    expect(() => parseTrustedProxies(`127.0.0.1, ${entry}`)).toThrow(
      `TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR range`,
    );
  });
});

describe("clientAddress", () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies("10.0.0.0/8, 2001:db8:ffff::/48");

  it("without trusted proxies, is the connection's peer: X-Forwarded-For is the client's own word", () => {
    expect(clientAddress(headers("203.0.113.7", "198.51.100.1"), none)).toBe("203.0.113.7");
    expect(clientAddress(headers("203.0.113.7", "1.1.1.1, 2.2.2.2"), none)).toBe("203.0.113.7");
    // Forty rotated headers from one peer are one address.
    const keys = new Set(
      Array.from({ length: 40 }, (_, i) =>
        clientAddress(headers("203.0.113.7", `10.0.0.${i}`), none),
      ),
    );
    expect([...keys]).toEqual(["203.0.113.7"]);
  });

  it("reads an IPv4-mapped peer as IPv4, and counts IPv6 peers by their /64", () => {
    expect(clientAddress(headers("::ffff:127.0.0.1"), none)).toBe("127.0.0.1");
    expect(clientAddress(headers("2001:db8:1:2:aaaa::1"), none)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(headers("2001:db8:1:2:bbbb::9"), none)).toBe("2001:db8:1:2::/64");
  });

  it("behind trusted proxies, is the first hop from the right that is not one of them", () => {
    // The client wrote 6.6.6.6 itself; the first proxy appended the real address.
    expect(clientAddress(headers("10.0.0.2", "6.6.6.6, 198.51.100.4"), proxies)).toBe(
      "198.51.100.4",
    );
    // Two trusted proxies in a row (10.1.1.1 then the peer 10.0.0.2).
    expect(clientAddress(headers("10.0.0.2", "6.6.6.6, 198.51.100.4, 10.1.1.1"), proxies)).toBe(
      "198.51.100.4",
    );
    expect(clientAddress(headers("2001:db8:ffff::1", "[2001:db8:5:6::7]:443"), proxies)).toBe(
      "2001:db8:5:6::/64",
    );
    expect(clientAddress(headers("10.0.0.2", "198.51.100.4:5123"), proxies)).toBe("198.51.100.4");
  });

  it("a trusted proxy that forwarded nothing usable is itself the address", () => {
    expect(clientAddress(headers("10.0.0.2"), proxies)).toBe("10.0.0.2");
    expect(clientAddress(headers("10.0.0.2", "not-an-address"), proxies)).toBe("10.0.0.2");
  });

  it("a peer that is not a trusted proxy is the address, whatever it forwards", () => {
    expect(clientAddress(headers("198.51.100.9", "10.0.0.2, 198.51.100.4"), proxies)).toBe(
      "198.51.100.9",
    );
  });

  it("is 'unknown' (one shared bucket) when the peer was not recorded", () => {
    expect(clientAddress(headers(null, "198.51.100.4"), none)).toBe("unknown");
  });
});

describe("recordPeerAddresses", () => {
  it("stamps the socket's address over whatever the client sent under that header", async () => {
    recordPeerAddresses();
    recordPeerAddresses();
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(String(request.headers[PEER_ADDRESS_HEADER]));
      const h = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string") h.set(name, value);
      }
      response.end(clientAddress(h, []));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [PEER_ADDRESS_HEADER]: "198.51.100.66", "x-forwarded-for": "198.51.100.66" },
      });
      expect(await response.text()).toBe("127.0.0.1");
      expect(seen).toEqual(["127.0.0.1"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
