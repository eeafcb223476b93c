import type { ViewJourney } from "@parcours/db/metrics";
import { describe, expect, it } from "vitest";
import { designedInput } from "../src/components/journeys/designed-input";

const from = new Date("2026-01-01T00:00:00Z");
const to = new Date("2026-02-01T00:00:00Z");

function journey(unknown: { personas: string[]; channels: string[] }): ViewJourney {
  return {
    map: { from, to, windowSeconds: 7 * 86_400 },
    unknownFilters: unknown,
  } as unknown as ViewJourney;
}

describe("the journey map's 'how customers really move' input", () => {
  it("asks for the map's period and window, with the view's persona and channel keys", () => {
    expect(
      designedInput(journey({ personas: [], channels: [] }), {
        personas: ["young"],
        channels: ["web"],
      }),
    ).toEqual({
      filter: { from, to, personas: ["young"], channels: ["web"] },
      windowSeconds: 7 * 86_400,
    });
  });

  it("leaves out the keys the catalogue no longer knows, as the map did (else the API answers 400)", () => {
    expect(
      designedInput(journey({ personas: ["archived"], channels: ["fax"] }), {
        personas: ["archived"],
        channels: ["fax", "web"],
      }),
    ).toEqual({ filter: { from, to, channels: ["web"] }, windowSeconds: 7 * 86_400 });
  });
});
