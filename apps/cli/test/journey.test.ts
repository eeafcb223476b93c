import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliTarget, cliTarget, runCli, seedCatalogueOnly } from "./cli";

const HEADER = "event_id,customer_id,occurred_at,touchpoint,type,satisfaction,revenue,comment";

/**
 * January 2020 (the period) and December 2019 (the previous period of the same length). Each
 * row: event id, customer, time, touchpoint, type, rating, revenue, comment.
 *
 * January. Discovery: a01–a10 see online_ads (rated 1, 2 ×6, 3 ×3: mean 2.2 on 10), a10 clicks
 * it again unrated; b01–b10 search (rated 4). a01, a02 and b01–b08 go on to the website
 * (consideration, each rating it 2: mean 2.0 on 10): the stage converts 10/20 = 0.5, online_ads
 * 2/10 = 0.2, so it loses 10 × (0.5 − 0.2) = 3 customers. b01–b05 reach product_page (decision):
 * consideration converts 5/10 and so does the website, which loses 0. Converters buy for 50
 * (a01), 30 (a02) and 40 (b01): 120 / 3 = 40 an order, so online_ads puts 3 × 40 = 120 at risk.
 *
 * December. p01–p04 see online_ads (rated 2: n 4, too few for a pain point) and stop; q01–q04
 * search and go on: discovery converts 4/8 = 0.5, online_ads 0/4: 4 × 0.5 = 2 lost then, and it
 * is new in January. q01–q04 rate the website 1 ten times (a pain point then, so not new) and
 * nobody reaches decision: 0 lost then.
 */
const JOURNEY_CSV = [
  HEADER,
  "a01-1,a01,2020-01-05T10:00:00Z,online_ads,view,1,,Annoying popup everywhere",
  "a01-2,a01,2020-01-06T10:00:00Z,website,view,2,,",
  "a01-3,a01,2020-01-07T10:00:00Z,web_checkout,purchase,,50.00,",
  'a02-1,a02,2020-01-05T11:00:00Z,online_ads,view,2,,"annoying popup, closed it"',
  "a02-2,a02,2020-01-06T11:00:00Z,website,view,2,,",
  "a02-3,a02,2020-01-07T11:00:00Z,web_checkout,purchase,,30.00,",
  "a03-1,a03,2020-01-05T12:00:00Z,online_ads,view,2,,The popup hides the page",
  ...[4, 5, 6, 7].map((k) => `a0${k}-1,a0${k},2020-01-05T${10 + k}:00:00Z,online_ads,view,2,,`),
  "a08-1,a08,2020-01-05T18:00:00Z,online_ads,view,3,,Ok",
  "a09-1,a09,2020-01-05T19:00:00Z,online_ads,view,3,,",
  "a10-1,a10,2020-01-05T20:00:00Z,online_ads,view,3,,",
  "a10-2,a10,2020-01-05T21:00:00Z,online_ads,click,,,Une pub de trop",
  ...Array.from({ length: 10 }, (_, i) => {
    const b = `b${String(i + 1).padStart(2, "0")}`;
    const day = String(i + 10).padStart(2, "0");
    const comment = i === 0 ? "Found the page quickly" : i === 1 ? "quick search" : "";
    return [
      `${b}-1,${b},2020-01-${day}T10:00:00Z,search_engine,search,4,,${comment}`,
      ...(i < 8 ? [`${b}-2,${b},2020-01-${day}T11:00:00Z,website,view,2,,`] : []),
      ...(i < 5 ? [`${b}-3,${b},2020-01-${day}T12:00:00Z,product_page,view,,,`] : []),
      ...(i === 0 ? [`${b}-4,${b},2020-01-${day}T13:00:00Z,web_checkout,purchase,,40.00,`] : []),
    ];
  }).flat(),
  // December: out of January's comments.
  "p01-1,p01,2019-12-05T10:00:00Z,online_ads,view,2,,popup popup popup",
  ...[2, 3, 4].map((k) => `p0${k}-1,p0${k},2019-12-05T1${k}:00:00Z,online_ads,view,2,,`),
  ...[1, 2, 3, 4].flatMap((k) => [
    `q0${k}-1,q0${k},2019-12-06T1${k}:00:00Z,search_engine,search,,,`,
    ...Array.from(
      { length: k <= 2 ? 3 : 2 },
      (_, j) => `q0${k}-w${j},q0${k},2019-12-07T1${k}:0${j}:00Z,website,view,1,,`,
    ),
  ]),
].join("\n");

const JANUARY = ["--from", "2020-01-01", "--to", "2020-02-01"];
const CELL = ["--stage", "discovery", "--touchpoint", "online_ads"];

interface PainPointsJson {
  from: string;
  to: string;
  averageOrderValue: number | null;
  trendPeriod: { from: string; to: string } | null;
  painPoints: {
    kind: string;
    stage: string;
    touchpoint: string;
    mean?: number;
    n?: number;
    customersLost: number | null;
    revenueAtRisk: number | null;
    trend: { customersLost: number | null; mean: number | null; n: number; wasPainPoint: boolean };
  }[];
}

interface CommentsJson {
  stage: string;
  touchpoint: string;
  total: number;
  comments: { eventId: string; customer: string; rating: number | null; text: string }[];
  terms: { term: string; comments: number; share: number; restShare: number | null }[];
  analysed: { cell: number; rest: number };
}

const TARGETS = process.env.DATABASE_URL
  ? (["pglite", "postgres"] as const)
  : (["pglite"] as const);

describe.each(TARGETS)("parcours pain-points and comments on %s", (name) => {
  let target: CliTarget;
  const cli = (args: string[]) => runCli(target, args);

  beforeAll(async () => {
    target = await cliTarget(name);
    await seedCatalogueOnly(target);
    writeFileSync(join(target.dir, "journey.csv"), JOURNEY_CSV);
    const imported = await cli(["import", "journey.csv", "--json"]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => target.cleanup());

  it("pain-points --json: ranked by customers lost, with revenue at risk and the trend", async () => {
    const result = await cli(["pain-points", ...JANUARY, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as PainPointsJson;
    expect(json.averageOrderValue).toBeCloseTo(40, 9);
    expect(json.trendPeriod).toEqual({
      from: "2019-12-01T00:00:00.000Z",
      to: "2020-01-01T00:00:00.000Z",
    });
    expect(json.painPoints.map((p) => [p.kind, p.stage, p.touchpoint, p.n])).toEqual([
      ["low_satisfaction", "discovery", "online_ads", 10],
      ["low_satisfaction", "consideration", "website", 10],
    ]);
    const [ads, website] = json.painPoints;
    expect(ads?.mean).toBeCloseTo(2.2, 9);
    expect(ads?.customersLost).toBeCloseTo(3, 9);
    expect(ads?.revenueAtRisk).toBeCloseTo(120, 9);
    expect(ads?.trend.customersLost).toBeCloseTo(2, 9);
    expect([ads?.trend.mean, ads?.trend.n, ads?.trend.wasPainPoint]).toEqual([2, 4, false]);
    expect(website?.mean).toBe(2);
    expect([website?.customersLost, website?.revenueAtRisk]).toEqual([0, 0]);
    expect(website?.trend).toEqual({ customersLost: 0, mean: 1, n: 10, wasPainPoint: true });
  });

  it("pain-points prints a table for people", async () => {
    const result = await cli(["pain-points", ...JANUARY]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^1\s+discovery\s+online_ads\s+low rating\s+2\.20 \(10\)\s+10\s+3\s+120\.00\s+2\s+2\.00 \(4\)\s+new$/m,
    );
    expect(result.stdout).toMatch(
      /^2\s+consideration\s+website\s+low rating\s+2\.00 \(10\)\s+10\s+0\s+0\.00\s+0\s+1\.00 \(10\)$/m,
    );
    expect(result.stdout).toMatch(/average order value of converters: 40\.00; before: 2019-12-01/);
  });

  it("pain-points --channel: the filters apply (no store event, no pain point)", async () => {
    const result = await cli(["pain-points", ...JANUARY, "--channel", "store"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("No pain point from 2020-01-01 to 2020-02-01.\n");
  });

  it("comments --json: lowest-rated first (unrated last), the count and the words that stand out", async () => {
    const result = await cli(["comments", ...CELL, ...JANUARY, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as CommentsJson;
    // p01's December comment is outside the period.
    expect(json.total).toBe(5);
    expect(json.comments.map((c) => [c.eventId, c.customer, c.rating])).toEqual([
      ["a01-1", "a01", 1],
      ["a03-1", "a03", 2], // rated 2 as a02, but later
      ["a02-1", "a02", 2],
      ["a08-1", "a08", 3],
      ["a10-2", "a10", null],
    ]);
    // popup: 3 of the 5 comments, lift 3/5 ÷ 1/3 = 1.8; "annoying popup": 2 of 5, lift 1.2,
    // which leaves out "annoying" (in the same 2); the search engine's 2 comments have neither.
    expect(json.terms).toEqual([
      { term: "popup", comments: 3, share: 0.6, restShare: 0 },
      { term: "annoying popup", comments: 2, share: 0.4, restShare: 0 },
    ]);
    expect(json.analysed).toEqual({ cell: 5, rest: 2 });
  });

  it("comments --limit 2 prints the two lowest-rated of 5, then the terms", async () => {
    const result = await cli(["comments", ...CELL, ...JANUARY, "--limit", "2"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^5 comments at online_ads in discovery, the 2 lowest-rated:$/m);
    expect(result.stdout).toMatch(/^\s*1\s+2020-01-05 10:00\s+a01\s+Annoying popup everywhere$/m);
    expect(result.stdout).toMatch(/^\s*2\s+2020-01-05 12:00\s+a03\s+The popup hides the page$/m);
    expect(result.stdout).not.toMatch(/closed it/);
    expect(result.stdout).toMatch(/^annoying popup\s+2\s+40\.0%\s+0\.0%$/m);
  });

  it("comments --help says they are personal data shown to operators", async () => {
    const result = await cli(["comments", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, " ")).toMatch(/comments are personal data/);
  });

  it.each([
    [["comments", "--stage", "checkout", "--touchpoint", "online_ads"], /unknown stage: checkout/],
    [["comments", "--stage", "discovery", "--touchpoint", "popup"], /unknown touchpoint: popup/],
    [["comments", "--stage", "discovery"], /--touchpoint <key>/],
    [["comments", ...CELL, "--limit", "0"], /--limit "0" must be a whole number from 1 to 100/],
    [["pain-points", "--window", "soon"], /--window "soon" is not a duration/],
    [["pain-points", "--persona", "ghost"], /unknown persona: ghost/],
  ])("%j is a usage error: exit 2, nothing on stdout", async (args, message) => {
    const result = await cli([...args, ...JANUARY]);
    expect([result.code, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toMatch(message);
  });
});
