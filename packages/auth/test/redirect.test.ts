import { describe, expect, it } from "vitest";
import { safeCallbackPath, sameOriginRedirect } from "../src/redirect";

const ORIGIN = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it.each([
    ["/funnels?period=90d&persona=young", "/funnels?period=90d&persona=young"],
    ["/journeys/12#comments", "/journeys/12#comments"],
    ["http://localhost:3000/personas/young?channel=web", "/personas/young?channel=web"],
    ["/a/../funnels", "/funnels"],
    // Browsers drop tabs and newlines inside URLs; so does the parser, then the path is ours.
    ["/fun\tnels", "/funnels"],
    ["/fun\nnels?period=\r\n30d", "/funnels?period=30d"],
    // Other control characters and spaces are percent-encoded: a valid Location header.
    ["/funnels?q=a\u0001b c", "/funnels?q=a%01b%20c"],
    ["/a\u0000b", "/a%00b"],
    // Encoded slashes stay encoded: the browser reads them as a path on this host.
    ["/%2f/evil.example/", "/%2f/evil.example/"],
    ["/%5c/evil.example/", "/%5c/evil.example/"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    // Same scheme without slashes is a relative path, for the browser as for the parser.
    ["http:evil.example", "/evil.example"],
  ])("keeps %j on this origin as %j", (value, path) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe(path);
  });

  it.each([
    // The reported bypass: `/%09/evil.example/` arrives decoded, with a tab.
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "\t//evil.example",
    " //evil.example",
    "\u0000//evil.example",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://evil.example/",
    "https://localhost:3000/",
    "http://localhost:3001/",
    "http://localhost:3000@evil.example/",
    "mailto:someone@example.com",
    "",
  ])("falls back to / for %j", (value) => {
    expect(safeCallbackPath(value, ORIGIN)).toBe("/");
  });

  it("falls back to / for what is not a string, or too long to be a link of ours", () => {
    expect(safeCallbackPath(undefined, ORIGIN)).toBe("/");
    expect(safeCallbackPath(["/funnels", "/admin"], ORIGIN)).toBe("/");
    expect(safeCallbackPath(`/funnels?q=${"x".repeat(5000)}`, ORIGIN)).toBe("/");
  });

  it("never returns a control character, whatever C0 or C1 character is put anywhere", () => {
    for (let code = 0; code < 0xa0; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const c = String.fromCharCode(code);
      for (const value of [
        `${c}/funnels`,
        `/${c}/evil.example`,
        `/funnels?q=${c}`,
        `/f${c}#${c}`,
      ]) {
        const path = safeCallbackPath(value, ORIGIN);
        expect(path, JSON.stringify(value)).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
      }
    }
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const redirect = (url: string) => sameOriginRedirect({ url, baseUrl: ORIGIN });

  it("keeps same-origin places and sends everything else to the home page", () => {
    expect(redirect("/funnels?period=90d")).toBe(`${ORIGIN}/funnels?period=90d`);
    expect(redirect(`${ORIGIN}/journeys/3`)).toBe(`${ORIGIN}/journeys/3`);
    expect(redirect("/\t/evil.example/")).toBe(`${ORIGIN}/`);
    expect(redirect("https://evil.example/")).toBe(`${ORIGIN}/`);
    // next-auth's default threw a TypeError (a 500) on a relative URL without a leading slash.
    expect(redirect("funnels")).toBe(`${ORIGIN}/funnels`);
    expect(redirect("/a\nb")).toBe(`${ORIGIN}/ab`);
  });
});
