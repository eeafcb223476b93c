import { describe, expect, it } from "vitest";
import { dueTimes, zonedHour } from "../../src/reviews/schedule";

const iso = (d: Date) => d.toISOString();

describe("review due times", () => {
  it("weekly in Paris: Monday 09:00 CET is 08:00 UTC, before and after the hour", () => {
    const schedule = { cadence: "weekly", day: 1, hour: 9, timeZone: "Europe/Paris" } as const;
    // Wednesday 2026-01-14: the latest Monday is the 12th.
    const mid = dueTimes(schedule, new Date("2026-01-14T12:00:00Z"));
    expect(iso(mid.previous)).toBe("2026-01-12T08:00:00.000Z");
    expect(iso(mid.next)).toBe("2026-01-19T08:00:00.000Z");
    // On the Monday, a second before and exactly at 09:00.
    const before = dueTimes(schedule, new Date("2026-01-19T07:59:59Z"));
    expect(iso(before.previous)).toBe("2026-01-12T08:00:00.000Z");
    const at = dueTimes(schedule, new Date("2026-01-19T08:00:00Z"));
    expect(iso(at.previous)).toBe("2026-01-19T08:00:00.000Z");
    expect(iso(at.next)).toBe("2026-01-26T08:00:00.000Z");
  });

  it("weekly on a Sunday (ISO day 7)", () => {
    const schedule = { cadence: "weekly", day: 7, hour: 18, timeZone: "UTC" } as const;
    // Sunday 2026-03-01 is a Sunday; at noon the latest is the week before.
    const noon = dueTimes(schedule, new Date("2026-03-01T12:00:00Z"));
    expect(iso(noon.previous)).toBe("2026-02-22T18:00:00.000Z");
    expect(iso(noon.next)).toBe("2026-03-01T18:00:00.000Z");
    // Monday after: the Sunday just gone.
    const monday = dueTimes(schedule, new Date("2026-03-02T00:00:00Z"));
    expect(iso(monday.previous)).toBe("2026-03-01T18:00:00.000Z");
    expect(iso(monday.next)).toBe("2026-03-08T18:00:00.000Z");
  });

  it("Paris spring forward: 02:00 does not exist on 2026-03-29, due at 03:00 CEST (01:00 UTC)", () => {
    const schedule = { cadence: "weekly", day: 7, hour: 2, timeZone: "Europe/Paris" } as const;
    const times = dueTimes(schedule, new Date("2026-03-25T00:00:00Z"));
    expect(iso(times.previous)).toBe("2026-03-22T01:00:00.000Z"); // 02:00 CET
    expect(iso(times.next)).toBe("2026-03-29T01:00:00.000Z"); // the gap's end, 03:00 CEST
    const after = dueTimes(schedule, new Date("2026-03-30T00:00:00Z"));
    expect(iso(after.previous)).toBe("2026-03-29T01:00:00.000Z");
    expect(iso(after.next)).toBe("2026-04-05T00:00:00.000Z"); // 02:00 CEST
    // 03:00 that day is also 01:00 UTC: both hours fall on the first valid moment.
    expect(iso(zonedHour({ year: 2026, month: 3, day: 29 }, 3, "Europe/Paris"))).toBe(
      "2026-03-29T01:00:00.000Z",
    );
  });

  it("Paris fall back: 02:00 happens twice on 2026-10-25, due at the first (02:00 CEST, 00:00 UTC)", () => {
    const schedule = { cadence: "weekly", day: 7, hour: 2, timeZone: "Europe/Paris" } as const;
    const times = dueTimes(schedule, new Date("2026-10-24T12:00:00Z"));
    expect(iso(times.next)).toBe("2026-10-25T00:00:00.000Z");
    // Between the two 02:00s, the first one is the latest due time and is not due again.
    const between = dueTimes(schedule, new Date("2026-10-25T00:30:00Z"));
    expect(iso(between.previous)).toBe("2026-10-25T00:00:00.000Z");
    expect(iso(between.next)).toBe("2026-11-01T01:00:00.000Z"); // 02:00 CET
    const secondTwo = dueTimes(schedule, new Date("2026-10-25T01:00:00Z"));
    expect(iso(secondTwo.previous)).toBe("2026-10-25T00:00:00.000Z");
  });

  it("America/New_York across both changes (09:00 EST is 14:00 UTC, EDT 13:00)", () => {
    const schedule = { cadence: "weekly", day: 1, hour: 9, timeZone: "America/New_York" } as const;
    // 2026-03-08 the clocks go forward; Mondays 2 and 9 March.
    const spring = dueTimes(schedule, new Date("2026-03-05T00:00:00Z"));
    expect(iso(spring.previous)).toBe("2026-03-02T14:00:00.000Z");
    expect(iso(spring.next)).toBe("2026-03-09T13:00:00.000Z");
    // 2026-11-01 they go back; Mondays 26 October and 2 November.
    const autumn = dueTimes(schedule, new Date("2026-10-30T00:00:00Z"));
    expect(iso(autumn.previous)).toBe("2026-10-26T13:00:00.000Z");
    expect(iso(autumn.next)).toBe("2026-11-02T14:00:00.000Z");
    // 02:00 on 2026-03-08 does not exist there: 03:00 EDT (07:00 UTC).
    expect(iso(zonedHour({ year: 2026, month: 3, day: 8 }, 2, "America/New_York"))).toBe(
      "2026-03-08T07:00:00.000Z",
    );
    // 01:00 on 2026-11-01 happens twice: the first, 01:00 EDT (05:00 UTC).
    expect(iso(zonedHour({ year: 2026, month: 11, day: 1 }, 1, "America/New_York"))).toBe(
      "2026-11-01T05:00:00.000Z",
    );
  });

  it("monthly: the day in this month once passed, else last month's; across year and month ends", () => {
    const schedule = { cadence: "monthly", day: 28, hour: 23, timeZone: "Europe/Paris" } as const;
    // 2026-02-28 23:00 CET is 22:00 UTC; on 1 March the latest is February's.
    const march = dueTimes(schedule, new Date("2026-03-01T10:00:00Z"));
    expect(iso(march.previous)).toBe("2026-02-28T22:00:00.000Z");
    expect(iso(march.next)).toBe("2026-03-28T22:00:00.000Z"); // still CET on the 28th
    // 31 January: January's 28th has passed.
    const january = dueTimes(schedule, new Date("2026-01-31T23:59:59Z"));
    expect(iso(january.previous)).toBe("2026-01-28T22:00:00.000Z");
    expect(iso(january.next)).toBe("2026-02-28T22:00:00.000Z");
    // New Year: on 1 January the latest is December's, in the year before.
    const first = { cadence: "monthly", day: 1, hour: 0, timeZone: "Europe/Paris" } as const;
    const newYear = dueTimes(first, new Date("2026-12-31T22:59:59Z"));
    expect(iso(newYear.previous)).toBe("2026-11-30T23:00:00.000Z"); // 1 December 00:00 CET
    expect(iso(newYear.next)).toBe("2026-12-31T23:00:00.000Z"); // 1 January 2027 00:00 CET
    // Paris's midnight of 1 April is 22:00 UTC on 31 March (summer time).
    const april = dueTimes(first, new Date("2026-04-15T00:00:00Z"));
    expect(iso(april.previous)).toBe("2026-03-31T22:00:00.000Z");
  });

  it("a zone east of UTC whose local date is a day ahead (Pacific/Auckland)", () => {
    const schedule = { cadence: "weekly", day: 1, hour: 8, timeZone: "Pacific/Auckland" } as const;
    // Sunday 2026-06-14 21:00 UTC is Monday 09:00 NZST (+12): Monday's 08:00 has passed.
    const times = dueTimes(schedule, new Date("2026-06-14T21:00:00Z"));
    expect(iso(times.previous)).toBe("2026-06-14T20:00:00.000Z");
    expect(iso(times.next)).toBe("2026-06-21T20:00:00.000Z");
  });
});
