import { describe, expect, it } from "vitest";
import { APP_REQUEST_HEADER, crossSiteRefusal } from "../src/http";

const APP = "http://localhost:3000";

/** A POST to the app as Chromium sends it; `headers` adds to or replaces what it sends. */
function post(path: string, headers: Record<string, string>, body = "x"): Request {
  return new Request(`${APP}${path}`, {
    method: "POST",
    headers: { host: "localhost:3000", ...headers },
    body,
  });
}

async function refusal(request: Request, options?: Parameters<typeof crossSiteRefusal>[1]) {
  const response = crossSiteRefusal(request, options);
  if (!response) return null;
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe("crossSiteRefusal", () => {
  it("refuses the reported attack: a text/plain form on another port of the same host", async () => {
    const attack = post("/api/v1/imports", {
      "content-type": "text/plain",
      origin: "http://localhost:4000",
      "sec-fetch-site": "same-site",
      "sec-fetch-mode": "navigate",
    });
    expect(await refusal(attack, { appHeader: true })).toMatchObject({
      status: 403,
      code: "cross_origin",
      message: expect.stringContaining("Sec-Fetch-Site: same-site"),
    });
  });

  it("refuses an Origin of another port, scheme-less host, subdomain or null, even without Sec-Fetch-Site", async () => {
    for (const origin of [
      "http://localhost:4000",
      "http://evil.localhost:3000",
      "https://evil.example",
      "null",
      "not a url",
    ]) {
      expect(await refusal(post("/", { origin }), {}), origin).toMatchObject({
        status: 403,
        code: "cross_origin",
      });
    }
  });

  it("refuses cross-site and user-typed (none) fetches", async () => {
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(await refusal(post("/", { "sec-fetch-site": site })), site).toMatchObject({
        status: 403,
      });
    }
  });

  it("lets the app's own upload through: same origin, with the app's header", async () => {
    const upload = post("/api/v1/imports", {
      "content-type": "application/octet-stream",
      origin: APP,
      "sec-fetch-site": "same-origin",
      [APP_REQUEST_HEADER]: "1",
    });
    expect(crossSiteRefusal(upload, { appHeader: true })).toBeNull();
  });

  it("compares with the host the proxy received (X-Forwarded-Host), case aside", async () => {
    const behindProxy = post("/", {
      host: "127.0.0.1:3000",
      "x-forwarded-host": "Parcours.Example",
      origin: "https://parcours.example",
      "sec-fetch-site": "same-origin",
    });
    expect(crossSiteRefusal(behindProxy)).toBeNull();
  });

  it("asks a same-origin request without the app's header for it, by name", async () => {
    const form = post("/api/v1/imports", { origin: APP, "sec-fetch-site": "same-origin" });
    expect(await refusal(form, { appHeader: true })).toMatchObject({
      status: 403,
      code: "missing_header",
      message: expect.stringContaining(APP_REQUEST_HEADER),
    });
  });

  it("lets clients that are not browsers through (no Origin, no Sec-Fetch-Site)", async () => {
    expect(
      crossSiteRefusal(post("/", { [APP_REQUEST_HEADER]: "1" }), { appHeader: true }),
    ).toBeNull();
  });

  it("with json, refuses the bodies a form can send (415), accepts application/json", async () => {
    for (const type of [
      "text/plain",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded",
    ]) {
      expect(
        await refusal(post("/api/trpc/views.create", { "content-type": type, origin: APP }), {
          json: true,
        }),
        type,
      ).toMatchObject({ status: 415, message: expect.stringContaining(type.split(";")[0] ?? "") });
    }
    const json = post("/api/trpc/views.create", {
      "content-type": "application/json; charset=utf-8",
      origin: APP,
      "sec-fetch-site": "same-origin",
    });
    expect(crossSiteRefusal(json, { json: true })).toBeNull();
  });
});
