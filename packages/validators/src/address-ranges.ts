import ipaddr from "ipaddr.js";

/*
 * IP addresses and CIDR ranges as settings name them (TRUSTED_PROXIES, PARCOURS_WEBHOOK_ALLOW),
 * and which addresses are public: one parser for every setting that lists addresses.
 */

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Addresses and CIDR ranges, each as (address, prefix length). */
export type AddressRanges = readonly (readonly [IpAddress, number])[];

/**
 * Dotted-quad IPv4 or IPv6 only, not the `127.1` or `0x7f.1` forms inet_aton also takes; an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is read as its IPv4 address.
 */
export function parseIpAddress(text: string): IpAddress | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return null;
}

/**
 * Parses a setting's comma-separated IPv4 or IPv6 addresses and CIDR ranges
 * (`10.0.0.0/8, 127.0.0.1, ::1`). Empty or unset: none. Throws an Error starting with the
 * setting's name and naming the first entry that is neither.
 */
export function parseAddressRanges(value: string | undefined, setting: string): AddressRanges {
  const entries = (value ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return entries.map((entry) => {
    const [address = "", bits, ...rest] = entry.split("/");
    const parsed = rest.length > 0 ? null : parseIpAddress(address);
    const max = parsed?.kind() === "ipv4" ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (!parsed || !(prefix >= 0 && prefix <= max)) {
      throw new Error(
        `${setting}: ${JSON.stringify(entry)} is not an IP address or CIDR range (write e.g. 10.0.0.0/8, 127.0.0.1, ::1)`,
      );
    }
    return [parsed, prefix] as const;
  });
}

export function inAddressRanges(address: IpAddress, ranges: AddressRanges): boolean {
  return ranges.some(
    ([range, bits]) => range.kind() === address.kind() && address.match(range, bits),
  );
}

/**
 * What kind of address it is when it is not a public one: "loopback", "private",
 * "linkLocal", "uniqueLocal", "carrierGradeNat", "unspecified", "multicast", "reserved"… (the
 * names of ipaddr.js's special ranges, IPv6 transition ranges such as 6to4 and NAT64 included,
 * since they can carry a private IPv4 address); null for a public unicast address.
 */
export function nonPublicRange(address: IpAddress): string | null {
  const range = address.range();
  return range === "unicast" ? null : range;
}
