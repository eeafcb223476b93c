import type { TReviewCadence } from "@parcours/validators";

/*
 * When a view's reviews are due (issue 18 item 3). A weekly schedule is due on an ISO weekday
 * (1 Monday … 7 Sunday) at hour:00, a monthly one on a day 1–28 at hour:00, both as the clocks
 * of the schedule's IANA time zone read. Plain Intl (the ICU time-zone data Node.js ships) is
 * enough: turning a wall-clock time into an instant needs only the zone's UTC offset around it,
 * which Intl.DateTimeFormat gives, and no extra dependency has to be kept up to date.
 *
 * Daylight-saving changes: an hour that does not exist that day (02:00 in Paris on the last
 * Sunday of March) is due at the first moment after the gap (03:00 CEST); an hour that happens
 * twice (02:00 on the last Sunday of October) is due at its first occurrence (02:00 CEST).
 */

export interface ReviewScheduleTimes {
  cadence: TReviewCadence;
  /** weekly: ISO weekday 1 (Monday) to 7 (Sunday); monthly: day of the month 1 to 28. */
  day: number;
  /** 0 to 23, in `timeZone`. */
  hour: number;
  timeZone: string;
}

export interface DueTimes {
  /** The latest due time at or before the moment asked about. */
  previous: Date;
  /** The first due time after it. */
  next: Date;
}

interface LocalDate {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading of `at` in the zone, as if it were UTC (milliseconds). */
function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

/** The zone's offset from UTC at `at`, in milliseconds (Paris in winter: +3,600,000). */
function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/** The local calendar date of an instant in the zone. */
export function localDate(at: Date, timeZone: string): LocalDate {
  const wall = new Date(wallClock(at.getTime(), timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/**
 * The instant the zone's clocks read `date` at hour:00. In a spring-forward gap: the first
 * moment after it; in an autumn overlap: the first of the two.
 */
export function zonedHour(date: LocalDate, hour: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour);
  // Offsets a day either side cover every change (none is closer together than that).
  const offsets = [
    ...new Set([
      offsetAt(wall - 86_400_000, timeZone),
      offsetAt(wall + 86_400_000, timeZone),
      offsetAt(wall, timeZone),
    ]),
  ];
  const matches = offsets
    .map((offset) => wall - offset)
    .filter((instant) => wallClock(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  const first = matches[0];
  if (first !== undefined) return new Date(first);
  // The hour does not exist: with the offset before the change, wall − offset lands exactly
  // where the clocks jumped to (02:00 CET → 01:00 UTC, which Paris reads 03:00 CEST).
  return new Date(wall - Math.min(...offsets));
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function addMonths(date: LocalDate, months: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1 + months, date.day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The latest due time at or before `now`, and the next one after it. */
export function dueTimes(schedule: ReviewScheduleTimes, now: Date): DueTimes {
  const { cadence, day, hour, timeZone } = schedule;
  const today = localDate(now, timeZone);
  if (cadence === "weekly") {
    let date = addDays(today, -((isoWeekday(today) - day + 7) % 7));
    if (zonedHour(date, hour, timeZone).getTime() > now.getTime()) date = addDays(date, -7);
    return {
      previous: zonedHour(date, hour, timeZone),
      next: zonedHour(addDays(date, 7), hour, timeZone),
    };
  }
  let date: LocalDate = { year: today.year, month: today.month, day };
  if (zonedHour(date, hour, timeZone).getTime() > now.getTime()) date = addMonths(date, -1);
  return {
    previous: zonedHour(date, hour, timeZone),
    next: zonedHour(addMonths(date, 1), hour, timeZone),
  };
}
