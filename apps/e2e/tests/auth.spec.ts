import type { Page } from "@playwright/test";
import { apiAs, apiWithSession, codeOf } from "./helpers/api";
import { cookieHeader, SESSION_COOKIE, signInAs, signInOverHttp, USERS } from "./helpers/auth";
import { expect, test } from "./helpers/fixtures";
import { BASE_URL, PORT } from "./helpers/server";

/** The page's own alerts, not Next's (always present) route announcer. */
function alert(page: Page) {
  return page.locator("[role=alert]:not(#__next-route-announcer__)");
}

/** Submits the sign-in form and waits for the server action's answer. */
async function submit(page: Page, label: string): Promise<void> {
  const answered = page.waitForResponse(
    (response) =>
      response.request().method() === "POST" && new URL(response.url()).pathname === "/sign-in",
  );
  await page.getByRole("button", { name: label }).click();
  await answered;
}

/** Answers requests that leave the app itself, and lists them: a redirect must never go there. */
async function refuseOffSite(page: Page): Promise<string[]> {
  const offSite: string[] = [];
  await page.route(
    (url) => url.origin !== BASE_URL,
    (route) => {
      offSite.push(route.request().url());
      return route.fulfill({ status: 200, contentType: "text/plain", body: "off site" });
    },
  );
  return offSite;
}

test.describe("signed out", () => {
  test.use({ role: null });

  test("[AUTH]: an anonymous visitor is sent to sign in, then back to the page they asked for", async ({
    page,
    t,
  }) => {
    await page.goto("/funnels?period=90d");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Ffunnels%3Fperiod%3D90d$/);
    await expect(page.getByRole("heading", { level: 1, name: t.auth.signInTitle })).toBeVisible();
    await page.getByLabel(t.auth.email).fill(USERS.manager.email);
    await page.getByLabel(t.auth.password).fill(USERS.manager.password);
    await page.getByRole("button", { name: t.auth.submit }).click();
    await expect(page).toHaveURL(/\/funnels\?period=90d$/);
    await expect(page.getByRole("heading", { level: 1, name: t.funnels.title })).toBeVisible();
    await expect(page.getByRole("button", { name: new RegExp(t.auth.signOut) })).toBeVisible();
  });

  test("[AUTH]: a callbackUrl that leaves the site is dropped: signing in lands on the home page", async ({
    page,
    t,
  }) => {
    const offSite = await refuseOffSite(page);
    // `/%09/evil.example/`: Chromium drops the tab and reads `//evil.example/` as another host.
    await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example%2F");
    await page.getByLabel(t.auth.email).fill(USERS.manager.email);
    await page.getByLabel(t.auth.password).fill(USERS.manager.password);
    await page.getByRole("button", { name: t.auth.submit }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    expect(page.url()).toBe(`${BASE_URL}/`);
    expect(offSite).toEqual([]);
  });

  test("[AUTH]: a newline in callbackUrl is dropped as the browser drops it, not a server error", async ({
    page,
    t,
  }) => {
    const response = await page.goto("/sign-in?callbackUrl=%2Ffun%0Anels%3Fperiod%3D90d");
    expect(response?.status()).toBe(200);
    await page.getByLabel(t.auth.email).fill(USERS.manager.email);
    await page.getByLabel(t.auth.password).fill(USERS.manager.password);
    await page.getByRole("button", { name: t.auth.submit }).click();
    await expect(page).toHaveURL(`${BASE_URL}/funnels?period=90d`);
  });

  test("[AUTH]: a wrong password and an unknown email get the same answer", async ({ page, t }) => {
    await page.goto("/sign-in");
    await page.getByLabel(t.auth.email).fill(USERS.viewer.email);
    await page.getByLabel(t.auth.password).fill("not-the-password");
    await submit(page, t.auth.submit);
    await expect(alert(page)).toHaveText(t.auth.invalid);
    await expect(page).toHaveURL(/\/sign-in/);

    await page.getByLabel(t.auth.email).fill("nobody@parcours.test");
    await page.getByLabel(t.auth.password).fill("not-the-password");
    await submit(page, t.auth.submit);
    await expect(alert(page)).toHaveText(t.auth.invalid);
  });

  test("[AUTH]: repeated failures from one address make it wait, even with the right password, whatever X-Forwarded-For says", async ({
    page,
    t,
  }) => {
    // A fresh account each run, so that a retry does not start locked out.
    const account = {
      email: `locked-${Date.now()}@parcours.test`,
      password: "the-right-password-1234",
    };
    await apiAs("admin").admin.users.create.mutate({ ...account, role: "viewer" });
    await page.goto("/sign-in");
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel(t.auth.email).fill(account.email);
      await page.getByLabel(t.auth.password).fill(`wrong-${attempt}`);
      await submit(page, t.auth.submit);
      await expect(alert(page)).toHaveText(t.auth.invalid);
    }
    await page.getByLabel(t.auth.email).fill(account.email);
    await page.getByLabel(t.auth.password).fill(account.password);
    await submit(page, t.auth.submit);
    // The first failure was seconds ago: 15 minutes to wait, said in the message.
    await expect(alert(page)).toHaveText(
      t.auth.rateLimited.replace(
        "{minutes, plural, one {# minute} other {# minutes}}",
        "15 minutes",
      ),
    );
    await expect(page).toHaveURL(/\/sign-in/);
    // The HTTP endpoint behind the form refuses too, and rotating X-Forwarded-For (no trusted
    // proxy is configured) does not make this connection another address.
    expect(await signInOverHttp(account)).toBeNull();
    for (const forwardedFor of ["198.51.100.7", "203.0.113.9, 198.51.100.8"]) {
      expect(
        await signInOverHttp(account, BASE_URL, { "x-forwarded-for": forwardedFor }),
        forwardedFor,
      ).toBeNull();
    }
  });

  test("[AUTH]: pages answer with security headers and the session cookie is HttpOnly and SameSite", async ({
    page,
    context,
  }) => {
    const response = await page.goto("/sign-in");
    const headers = response?.headers() ?? {};
    expect(headers["content-security-policy"]).toMatch(
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-content-type-options"]).toBe("nosniff");

    await signInAs(page, "viewer");
    const session = (await context.cookies(BASE_URL)).find(
      (c) => c.name === "authjs.session-token",
    );
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });

  test("[AUTH]: every procedure refuses anonymous callers with UNAUTHORIZED", async () => {
    const anonymous = apiAs(null);
    expect(await codeOf(anonymous.catalogue.get.query())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.admin.users.list.query())).toBe("UNAUTHORIZED");
  });
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("[AUTH]: a viewer cannot reach /admin, and admin procedures answer FORBIDDEN", async ({
    page,
    t,
  }) => {
    const response = await page.goto("/admin/users");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: t.auth.noAccessTitle })).toBeVisible();
    // No admin link in the header either.
    await page.goto("/");
    await expect(page.getByRole("link", { name: t.nav.admin })).toHaveCount(0);

    const viewer = apiAs("viewer");
    expect(await codeOf(viewer.admin.users.list.query())).toBe("FORBIDDEN");
    expect(await codeOf(viewer.admin.audit.list.query({}))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.admin.users.setRole.mutate({ id: 1, role: "viewer" }))).toBe(
      "FORBIDDEN",
    );
    // Over plain HTTP the status says it too.
    const raw = await page.request.get("/api/trpc/admin.users.list");
    expect(raw.status()).toBe(403);
  });

  test("[AUTH]: signed in, the sign-in page follows callbackUrl only on this site", async ({
    page,
  }) => {
    const offSite = await refuseOffSite(page);
    const redirectOf = async (callbackUrl: string) => {
      const response = await page.request.get(`/sign-in?callbackUrl=${callbackUrl}`, {
        maxRedirects: 0,
      });
      expect(response.status(), callbackUrl).toBe(307);
      return response.headers().location;
    };
    for (const callbackUrl of [
      "%2F%09%2Fevil.example%2F",
      "%2F%0A%2Fevil.example%2F",
      "%2F%5Cevil.example%2F",
      "%2F%2Fevil.example%2F",
      "%2F.%2F%2Fevil.example%2F",
      "%5C%5Cevil.example",
      "javascript%3Aalert(1)",
      "http%3A%2F%2Fevil.example%2F",
      "http%3A%2F%2F127.0.0.1%3A1%2F",
    ]) {
      expect(await redirectOf(callbackUrl), callbackUrl).toBe("/");
    }
    // Same-origin places are kept, query included, also when written as an absolute URL, and
    // control characters are dropped or encoded rather than answered with a 500.
    expect(await redirectOf(encodeURIComponent(`${BASE_URL}/funnels?period=90d`))).toBe(
      "/funnels?period=90d",
    );
    expect(await redirectOf("%2Ffun%0Anels%3Fperiod%3D%0D30d%26q%3Da%01b")).toBe(
      "/funnels?period=30d&q=a%01b",
    );
    // In Chromium itself, the reported bypass lands on this site's home page.
    await page.goto("/sign-in?callbackUrl=%2F%09%2Fevil.example%2F");
    expect(page.url()).toBe(`${BASE_URL}/`);
    expect(offSite).toEqual([]);
  });

  test("[AUTH]: signing out ends the session", async ({ page, t }) => {
    await page.goto("/");
    await page.getByRole("button", { name: new RegExp(t.auth.signOut) }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe("account changes", () => {
  test.use({ role: "admin" });

  test("[AUTH]: a session stops working at once when its user is disabled or changes role", async () => {
    const admin = apiAs("admin");
    const stamp = Date.now();
    const make = async (suffix: string) => {
      const email = `temp-${suffix}-${stamp}@parcours.test`;
      const password = `temporary-password-${stamp}`;
      const { user } = await admin.admin.users.create.mutate({ email, role: "manager", password });
      const token = await signInOverHttp({ email, password });
      if (!token) throw new Error(`could not sign in as ${email}`);
      return { user, session: apiWithSession(token), email, password };
    };

    const disabled = await make("disabled");
    expect((await disabled.session.session.me.query()).email).toBe(disabled.email);
    await admin.admin.users.setDisabled.mutate({ id: disabled.user.id, disabled: true });
    expect(await codeOf(disabled.session.session.me.query())).toBe("UNAUTHORIZED");
    expect(await signInOverHttp(disabled)).toBeNull();

    const demoted = await make("demoted");
    expect((await demoted.session.session.me.query()).role).toBe("manager");
    await admin.admin.users.setRole.mutate({ id: demoted.user.id, role: "viewer" });
    expect(await codeOf(demoted.session.session.me.query())).toBe("UNAUTHORIZED");
    // Signing in again gives a session with the new role.
    const again = await signInOverHttp(demoted);
    if (!again) throw new Error("could not sign in again");
    expect((await apiWithSession(again).session.me.query()).role).toBe("viewer");
  });

  test("[AUTH]: a form on another port of the same host cannot use the admin's cookie", async ({
    page,
  }) => {
    // Another port of the same host is "same-site": SameSite=Lax lets the cookie ride along.
    const attacker = `http://127.0.0.1:${PORT + 99}`;
    const stamp = Date.now();
    const csv = `event_id,customer_id,occurred_at,touchpoint,type\ncsrf-${stamp},csrf-c,2026-06-01T10:00:00Z,website,view\n`;
    const forms = {
      upload: `<form method="post" enctype="text/plain" action="${BASE_URL}/api/v1/imports?format=csv&filename=x.csv"><input name="${csv.replaceAll('"', "&quot;")}x" value=""></form>`,
      trpc: `<form method="post" enctype="multipart/form-data" action="${BASE_URL}/api/trpc/admin.users.setRole"><input name="id" value="1"><input name="role" value="viewer"></form>`,
    };
    for (const [name, form] of Object.entries(forms)) {
      await page.route(`${attacker}/${name}`, (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<!doctype html><body>${form}<script>document.forms[0].submit()</script></body>`,
        }),
      );
      const answer = page.waitForResponse((r) => r.url().startsWith(BASE_URL));
      await page.goto(`${attacker}/${name}`);
      const response = await answer;
      expect((await response.request().allHeaders()).cookie ?? "", name).toContain(SESSION_COOKIE);
      expect(response.status(), name).toBe(403);
      expect(await response.json(), name).toMatchObject({ error: { code: "cross_origin" } });
    }
    // The admin kept their role.
    const admin = apiAs("admin");
    const users = await admin.admin.users.list.query();
    expect(users.find((u) => u.email === USERS.admin.email)?.role).toBe("admin");

    // Without a browser's headers, a text/plain or multipart mutation is refused as well.
    const cookie = await cookieHeader("admin");
    for (const contentType of ["text/plain", "multipart/form-data; boundary=x"]) {
      const raw = await fetch(`${BASE_URL}/api/trpc/admin.users.setRole`, {
        method: "POST",
        headers: { cookie, "content-type": contentType },
        body: JSON.stringify({ id: 1, role: "viewer" }),
      });
      expect(raw.status, contentType).toBe(415);
    }
    // And an upload without the app's header is refused, with the header's name.
    const bare = await fetch(`${BASE_URL}/api/v1/imports?format=csv&filename=x.csv`, {
      method: "POST",
      headers: { cookie, "content-type": "text/csv" },
      body: csv,
    });
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain("x-parcours-request");
  });

  test("[ADMIN]: the last admin cannot be demoted, with a message saying why", async ({
    page,
    t,
  }) => {
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: t.admin.users.title })).toBeVisible();
    await page
      .getByRole("combobox", {
        name: t.admin.users.changeRole.replace("{email}", USERS.admin.email),
      })
      .click();
    await page.getByRole("option", { name: t.auth.roles.manager }).click();
    await expect(alert(page)).toContainText("last admin");
    const users = await apiAs("admin").admin.users.list.query();
    expect(users.find((u) => u.email === USERS.admin.email)?.role).toBe("admin");
  });
});
