/** Hand-made files for the CLI tests; line numbers in the comments are the file's own. */

export const HEADER =
  "event_id,customer_id,occurred_at,touchpoint,type,stage,channel,satisfaction,revenue,properties";

export const MIXED_CSV_LINES = [
  HEADER, // 1
  "e1,c1,2021-03-02T10:00:00Z,search_engine,search,,,4,,", // 2
  'e2,c1,2021-03-02T12:00:00+01:00,web_checkout,purchase,,,5,49.90,"{""items"":2}"', // 3
  "e3,c2,2021-03-02T10:00:00Z,nowhere,view,,,,,", // 4: unknown touchpoint
  "e4,c2,yesterday,website,view,,,,,", // 5: not a date
  "e5,c3,2021-03-03T10:00:00Z,website,view,,,9,,", // 6: satisfaction out of range
  'e6,c3,2021-03-03T11:00:00Z,website,view,decision,store,,,"{""note"":""two lines"",', // 7
  '""page"":2}"', // 8: the end of e6's quoted cell
  "e7,c3,2021-03-04T10:00:00Z,website,view,,,,,", // 9
  "e8,c3,2021-03-04T10:00:00Z,website", // 10: too few fields
  'e9,c4,2021-03-04T11:00:00Z,"web"site,view,,,,,', // 11: text after a closing quote
  "e10,c4,2021-03-04T12:00:00Z,website,view,,,,,", // 12: kept, though right after a broken row
  "e11,c4,2021-03-04T13:00:00Z,website,view,,,0,abc,", // 13: two problems
  "e1,c1,2021-03-02T10:00:00Z,search_engine,search,,,4,,", // 14: e1 again
  "", // 15
  'e12,"multi', // 16: a customer id with a line break
  'line",2021-03-05T09:00:00Z,store_visit,visit,,,3,,', // 17
];

export const MIXED_ERRORS = [
  // Each names its event_id, and the value its first problem is about (issue 20, item 9).
  { line: 4, eventId: "e3", message: 'touchpoint "nowhere" is not in the catalogue' },
  {
    line: 5,
    eventId: "e4",
    value: "yesterday",
    message: "occurred_at must be an ISO 8601 date-time with an offset, e.g. 2026-03-01T10:15:00Z",
  },
  {
    line: 6,
    eventId: "e5",
    value: "9",
    message: "satisfaction must be a whole number from 1 to 5",
  },
  { line: 10, message: "has 4 fields where the header has 10" },
  {
    line: 11,
    message:
      'unparsable CSV: the touchpoint value has text after its closing quote (a quote inside a quoted value is written "")',
  },
  {
    line: 13,
    eventId: "e11",
    value: "0",
    message:
      "satisfaction must be a whole number from 1 to 5; revenue must be a decimal number with at most 2 decimals",
  },
];

export const NDJSON_LINES = [
  '{"event_id":"n1","customer_id":"c9","occurred_at":"2021-03-05T10:00:00Z","touchpoint":"website","type":"view","satisfaction":3}',
  "{not json",
  "",
  '{"event_id":"n2","customer_id":"c9","occurred_at":"2021-03-05T11:00:00Z","touchpoint":"app_checkout","type":"purchase","revenue":12.5,"properties":{"items":1}}',
  "[1,2]",
  '{"event_id":"n3","customer_id":"c9","occurred_at":"2021-03-05T12:00:00Z","touchpoint":"website","type":"view","colour":"red"}',
  '{"event_id":4,"customer_id":5,"occurred_at":"2021-03-05T13:00:00+02:00","touchpoint":"website","type":"view","stage":null}',
];

/**
 * A tiny journey set in January 2020, before any demo data. Funnel discovery → consideration →
 * web checkout purchase, 30-day window: f1, f2, f3, f5 enter (4); f1 (1 h), f2 (2 h) and f5 (3 h)
 * reach consideration (3); f3's consideration comes 46 days later, past the window; f4 never
 * enters. f1 (24 h) and f5 (48 h; its earlier checkout event is not a purchase) buy (2).
 */
export const TINY_CSV = [
  "event_id,customer_id,occurred_at,touchpoint,type,revenue",
  "f1-1,f1,2020-01-01T10:00:00Z,search_engine,search,",
  "f1-2,f1,2020-01-01T11:00:00Z,website,view,",
  "f1-3,f1,2020-01-02T10:00:00Z,web_checkout,purchase,49.90",
  "f2-1,f2,2020-01-03T00:00:00Z,online_ads,view,",
  "f2-2,f2,2020-01-03T02:00:00Z,website,view,",
  "f3-1,f3,2020-01-05T00:00:00Z,social_media,view,",
  "f3-2,f3,2020-02-20T00:00:00Z,website,view,",
  "f4-1,f4,2020-01-06T00:00:00Z,website,view,",
  "f5-1,f5,2020-01-10T00:00:00Z,search_engine,search,",
  "f5-2,f5,2020-01-10T01:00:00Z,web_checkout,checkout,",
  "f5-3,f5,2020-01-10T03:00:00Z,website,view,",
  "f5-4,f5,2020-01-12T00:00:00Z,web_checkout,purchase,20.10",
].join("\n");

export const FUNNEL_ARGS = [
  "funnel",
  "--steps",
  "discovery,consideration,touchpoint:web_checkout@purchase",
  "--from",
  "2020-01-01",
  "--to",
  "2020-02-01",
];
