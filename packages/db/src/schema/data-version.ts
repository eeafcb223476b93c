import { pgSequence } from "drizzle-orm/pg-core";

/**
 * Advanced (nextval) after every committed write that changes a metric's answer; the metric
 * cache keys its answers by it. A sequence, not a counter row: nextval is neither rolled back
 * nor locked, so concurrent imports never wait on each other for it, and any process on the
 * same database reads the current value with one cheap `SELECT last_value`.
 */
export const dataVersion = pgSequence("data_version", { startWith: 1, cache: 1 });
