import { describe, expect, it } from "vitest";
import {
  inAddressRanges,
  nonPublicRange,
  parseAddressRanges,
  parseIpAddress,
} from "../src/address-ranges";
import { ZReviewEnvShape } from "../src/review-env";

const address = (text: string) => {
  const parsed = parseIpAddress(text);
  if (!parsed) throw new Error(`${text} did not parse`);
  return parsed;
};

describe("address ranges", () => {
  it("reads addresses and CIDR ranges, and names the setting and the entry it cannot read", () => {
    const ranges = parseAddressRanges(
      " 10.20.0.0/16, 127.0.0.1 ,fd00::/8",
      "PARCOURS_WEBHOOK_ALLOW",
    );
    expect(ranges.map(([range, bits]) => `${range.toString()}/${bits}`)).toEqual([
      "10.20.0.0/16",
      "127.0.0.1/32",
      "fd00::/8",
    ]);
    expect(parseAddressRanges(undefined, "X")).toEqual([]);
    expect(parseAddressRanges(" , ", "X")).toEqual([]);
    for (const bad of [
      "10.0.0.0/33",
      "::1/129",
      "127.1",
      "0x7f.0.0.1",
      "host.example",
      "1.2.3.4/8/8",
    ]) {
      expect(() => parseAddressRanges(`127.0.0.1, ${bad}`, "PARCOURS_WEBHOOK_ALLOW")).toThrow(
        `PARCOURS_WEBHOOK_ALLOW: ${JSON.stringify(bad)} is not an IP address or CIDR range`,
      );
    }
  });

  it("matches an address against ranges of its own kind; an IPv4-mapped IPv6 address as IPv4", () => {
    const ranges = parseAddressRanges("10.20.0.0/16, ::1", "X");
    expect(inAddressRanges(address("10.20.255.1"), ranges)).toBe(true);
    expect(inAddressRanges(address("10.21.0.1"), ranges)).toBe(false);
    expect(inAddressRanges(address("::ffff:10.20.0.9"), ranges)).toBe(true);
    expect(inAddressRanges(address("::1"), ranges)).toBe(true);
    expect(inAddressRanges(address("::2"), ranges)).toBe(false);
  });

  it("tells public unicast addresses from the ones only the server's own network reaches", () => {
    const kinds = Object.fromEntries(
      [
        "93.184.215.14",
        "2606:4700::6810:85e5",
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fd12:3456::1",
        "::ffff:127.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::1",
      ].map((text) => [text, nonPublicRange(address(text))]),
    );
    expect(kinds).toEqual({
      "93.184.215.14": null,
      "2606:4700::6810:85e5": null,
      "127.0.0.1": "loopback",
      "10.1.2.3": "private",
      "172.16.0.1": "private",
      "192.168.1.1": "private",
      "169.254.169.254": "linkLocal",
      "100.64.0.1": "carrierGradeNat",
      "0.0.0.0": "unspecified",
      "224.0.0.1": "multicast",
      "::1": "loopback",
      "::": "unspecified",
      "fe80::1": "linkLocal",
      "fd12:3456::1": "uniqueLocal",
      "::ffff:127.0.0.1": "loopback",
      "64:ff9b::a00:1": "rfc6052",
      "2002:a00:1::1": "6to4",
    });
  });

  it("PARCOURS_WEBHOOK_ALLOW: unset is none; a bad entry is an issue naming it", () => {
    const setting = ZReviewEnvShape.PARCOURS_WEBHOOK_ALLOW;
    expect(setting.parse(undefined)).toEqual([]);
    expect(setting.parse("127.0.0.1")).toHaveLength(1);
    const refused = setting.safeParse("10.0.0.0/40");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      'PARCOURS_WEBHOOK_ALLOW: "10.0.0.0/40" is not an IP address or CIDR range (write e.g. 10.0.0.0/8, 127.0.0.1, ::1)',
    );
  });
});
