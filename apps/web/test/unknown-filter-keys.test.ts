import { resolveFilterWith } from "@parcours/db/metrics";
import type { Catalogue } from "@parcours/db/queries";
import { UNASSIGNED } from "@parcours/validators";
import { describe, expect, it } from "vitest";
import { resolveFilters, unknownFilterKeys } from "../src/filters/analytics-filter";

const catalogue: Catalogue = {
  stages: [],
  touchpoints: [],
  channels: [
    { id: 1, key: "web", name: "Web" },
    { id: 2, key: "store", name: "Store" },
  ],
  personas: [
    {
      id: 7,
      key: "young",
      name: "Young",
      colour: "#2563eb",
      priority: 1,
      description: "",
      goals: [],
      needs: [],
      painPoints: [],
    },
  ],
};

/** A URL from before `ghost` was archived and `fax` removed, with keys repeated. */
const state = {
  period: "custom" as const,
  from: new Date("2026-01-01T00:00:00Z"),
  to: new Date("2026-02-01T00:00:00Z"),
  persona: ["young", "ghost", UNASSIGNED, "ghost"],
  channel: ["fax", "web"],
};

describe("one rule for filter keys the catalogue does not know (splitFilterKeys)", () => {
  it("the API refuses them, naming each once", () => {
    const asked = {
      from: state.from,
      to: state.to,
      personas: state.persona,
      channels: ["web"],
    };
    expect(() => resolveFilterWith(asked, catalogue)).toThrow("unknown persona: ghost");
    expect(() =>
      resolveFilterWith({ from: state.from, to: state.to, channels: state.channel }, catalogue),
    ).toThrow("unknown channel: fax");
  });

  it("the pages leave out exactly those, send what the API accepts, and name them", () => {
    const { filter } = resolveFilters(state, catalogue);
    expect(filter).toMatchObject({ personas: [UNASSIGNED, "young"], channels: ["web"] });
    const resolved = resolveFilterWith(filter, catalogue);
    expect(resolved).toMatchObject({ personaIds: [7], includeUnassigned: true, channelIds: [1] });
    expect(unknownFilterKeys(state, catalogue)).toEqual({ personas: ["ghost"], channels: ["fax"] });
  });
});
