import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVER_MESSAGES } from "@parcours/validators";
import { describe, expect, it } from "vitest";

const MESSAGES = join(import.meta.dirname, "..", "messages");

/** Every message of a locale (`messages/<locale>.json` and its area files), keyed by path. */
function catalogue(locale: "en" | "fr"): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === "string") out.set(path, value);
    else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    }
  };
  walk(JSON.parse(readFileSync(join(MESSAGES, `${locale}.json`), "utf8")), "");
  for (const file of readdirSync(join(MESSAGES, locale))) {
    const area = file.replace(/\.json$/, "");
    walk(JSON.parse(readFileSync(join(MESSAGES, locale, file), "utf8")), area);
  }
  return out;
}

const en = catalogue("en");
const fr = catalogue("fr");

/** Syntax quoted inside French prose, where a colon is part of the token (a time too). */
const LITERALS = [
  /touchpoint:/g,
  /Authorization: Bearer/g,
  /https?:\/\//g,
  /\d{2}:\d{2}(:\d{2})?/g,
];
const NO_BREAK = "[\u00a0\u202f]";

/** The places a French message breaks the rule of a no-break space before ":;?!" and inside « ». */
function typographyFaults(message: string): string[] {
  let text = message;
  for (const literal of LITERALS) text = text.replace(literal, "");
  const faults: string[] = [];
  for (const match of text.matchAll(/(^|.)([:;?!])/g)) {
    if (!new RegExp(NO_BREAK).test(match[1] ?? "")) faults.push(`before “${match[2]}”`);
  }
  if (new RegExp(`«(?!${NO_BREAK})`).test(text)) faults.push("after «");
  if (/(^|[^\u00a0\u202f])»/.test(text)) faults.push("before »");
  return faults;
}

describe("the message catalogue", () => {
  it("has the same messages in English and in French", () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it("puts a no-break space before : ; ? ! and inside « » in French", () => {
    const faults = [...fr]
      .map(([key, message]) => ({ key, faults: typographyFaults(message) }))
      .filter((entry) => entry.faults.length > 0);
    expect(faults).toEqual([]);
  });

  it("holds the server's French messages (@parcours/validators) to the same rule", () => {
    const en = Object.keys(SERVER_MESSAGES.en).sort();
    expect(Object.keys(SERVER_MESSAGES.fr).sort()).toEqual(en);
    const faults = Object.entries(SERVER_MESSAGES.fr)
      .map(([key, message]) => ({ key, faults: typographyFaults(message) }))
      .filter((entry) => entry.faults.length > 0);
    expect(faults).toEqual([]);
  });

  it("tells a plain space, or none, from a no-break one", () => {
    expect(typographyFaults("Compte : {name}")).toEqual(["before “:”"]);
    expect(typographyFaults("Modifier {name}?")).toEqual(["before “?”"]);
    expect(typographyFaults("« {name} »")).toEqual(["after «", "before »"]);
    expect(typographyFaults("Compte\u00a0: {name}\u202f; «\u00a0x\u00a0»\u202f?")).toEqual([]);
    expect(typographyFaults("une clé d’étape, ou touchpoint:CLÉ")).toEqual([]);
  });

  it("does not call the journeys page by the product's name in French", () => {
    expect(fr.get("nav.journeys")).not.toBe(fr.get("app.name"));
    expect(fr.get("journeys.title")).not.toBe(fr.get("app.name"));
  });

  it("keeps « étape » for a stage: a funnel step is a « palier » in French", () => {
    const mixed = [...en]
      .filter(([, message]) => /\bsteps?\b/i.test(message) && !/\bstages?\b/i.test(message))
      .map(([key]) => key)
      .filter((key) => /étape/i.test(fr.get(key) ?? ""));
    expect(mixed).toEqual([]);
    expect(fr.get("funnel.step")).toBe("Palier");
    expect(fr.get("heatmap.stage")).toBe("Étape");
  });
});
