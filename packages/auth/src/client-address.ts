import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import {
  type AddressRanges,
  type IpAddress,
  inAddressRanges,
  parseAddressRanges,
  parseIpAddress,
} from "@parcours/validators/address-ranges";
import ipaddr from "ipaddr.js";

type Address = IpAddress;

/**
 * The address of the TCP peer, written into every incoming request by `recordPeerAddresses`
 * (over anything the client sent under that name). Next.js gives route handlers and server
 * actions headers, not the socket, and its own `X-Forwarded-For` keeps whatever the client sent.
 */
export const PEER_ADDRESS_HEADER = "x-parcours-peer-address";

/** The proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges. */
export type TrustedProxies = AddressRanges;

/**
 * Parses `TRUSTED_PROXIES`: comma-separated IPv4 or IPv6 addresses and CIDR ranges
 * (`10.0.0.0/8, 127.0.0.1, ::1`). Empty or unset: no proxy is trusted. Throws an Error naming
 * the first entry that is neither.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  return parseAddressRanges(value, "TRUSTED_PROXIES");
}

/** One `X-Forwarded-For` hop: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`). */
function parseHop(hop: string): Address | null {
  const text = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) return parseIpAddress(bracketed[1]);
  const withPort = /^([\d.]+):\d+$/.exec(text);
  return parseIpAddress(withPort?.[1] ?? text);
}

/**
 * The key the per-address sign-in limit counts under: the IPv4 address, or the /64 an IPv6
 * address is in (one subscriber usually holds a whole /64, so single addresses are free to
 * rotate through).
 */
function addressKey(address: Address): string {
  if (address.kind() === "ipv4") return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

/**
 * The client's address for the per-address sign-in limit. The connection's peer, unless that
 * peer is a trusted proxy: then `X-Forwarded-For` is read from the right (the hop the trusted
 * proxy added) leftwards, past every trusted proxy, to the first address that is not one. Hops
 * further left were written by the client and are never believed. "unknown" when the peer is
 * not known (PEER_ADDRESS_HEADER missing: `recordPeerAddresses` was not installed).
 */
export function clientAddress(headers: Headers, trusted: TrustedProxies): string {
  let address = parseHop(headers.get(PEER_ADDRESS_HEADER) ?? "");
  if (!address) return "unknown";
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").filter((hop) => hop.trim() !== "");
  while (inAddressRanges(address, trusted)) {
    const hop = hops.pop();
    if (hop === undefined) break;
    const next = parseHop(hop);
    // A trusted proxy passed on something that is not an address: it is the last hop we know.
    if (!next) break;
    address = next;
  }
  return addressKey(address);
}

let recording = false;

/**
 * Writes each request's TCP peer address into PEER_ADDRESS_HEADER, before the server's request
 * handler sees it, through Node's `http.server.request.start` diagnostics channel (every
 * `http`/`https` server in this process; idempotent).
 */
export function recordPeerAddresses(): void {
  if (recording) return;
  recording = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "";
  });
}
