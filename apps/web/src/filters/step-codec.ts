import type { TFunnelStep } from "@parcours/validators";

// The URL form of a step (`purchase`, `touchpoint:web_checkout`, `decision@add_to_cart`), as
// @parcours/validators reads and writes it, without its zod schemas: they would add tens of kB
// to every page's JavaScript. The API still validates every step it receives. A step's
// exclusions follow it, each after a `~`: a touchpoint key, or `@` and an event type
// (`purchase~store~@support`: purchase without the store or a support event since the previous
// step; docs/metrics.md).
const KEY = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const TYPE = /^[a-z][a-z0-9_]{0,39}$/;
const TOUCHPOINT = "touchpoint:";
const EXCLUDED = "~";

/** The step, or null when the text is not a well-formed step. */
export function decodeStep(text: string): TFunnelStep | null {
  const [head = "", ...excluded] = text.split(EXCLUDED);
  const [target = "", type, ...rest] = head.split("@");
  if (rest.length > 0 || (type !== undefined && !TYPE.test(type))) return null;
  const touchpoint = target.startsWith(TOUCHPOINT);
  const key = touchpoint ? target.slice(TOUCHPOINT.length) : target.replace(/^stage:/, "");
  if (!KEY.test(key)) return null;
  const kind = touchpoint ? "touchpoint" : "stage";
  const step: TFunnelStep = type === undefined ? { kind, key } : { kind, key, type };
  if (excluded.length === 0) return step;
  const touchpoints: string[] = [];
  const types: string[] = [];
  for (const item of excluded) {
    const isType = item.startsWith("@");
    const value = isType ? item.slice(1) : item;
    if (!(isType ? TYPE : KEY).test(value)) return null;
    const list = isType ? types : touchpoints;
    if (!list.includes(value)) list.push(value);
  }
  step.exclude = {
    ...(touchpoints.length > 0 ? { touchpoints } : {}),
    ...(types.length > 0 ? { types } : {}),
  };
  return step;
}

export function encodeStep(step: TFunnelStep): string {
  const target = step.kind === "touchpoint" ? `${TOUCHPOINT}${step.key}` : step.key;
  const excluded = [
    ...(step.exclude?.touchpoints ?? []),
    ...(step.exclude?.types ?? []).map((type) => `@${type}`),
  ];
  return [step.type ? `${target}@${step.type}` : target, ...excluded].join(EXCLUDED);
}

/** The step without its exclusions (the same stage or touchpoint, narrowed the same way). */
export function withoutExclusions(step: TFunnelStep): TFunnelStep {
  const { exclude: _, ...rest } = step;
  return rest;
}
