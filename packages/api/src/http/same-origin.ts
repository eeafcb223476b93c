import { APP_REQUEST_HEADER } from "@parcours/validators";
import { jsonError } from "./responses";

// A script on another origin can only set APP_REQUEST_HEADER after a CORS preflight, which the
// app never grants; a form cannot set it at all.
export { APP_REQUEST_HEADER };

export interface SameOriginOptions {
  /** Require APP_REQUEST_HEADER (endpoints only the app's own client calls). */
  appHeader?: boolean;
  /** Require an `application/json` body, which a form cannot send either. */
  json?: boolean;
}

/** The host the request was sent to, as the browser wrote it: the proxy's, else Host. */
function requestHost(headers: Headers): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0] ?? headers.get("host");
  return host?.trim().toLowerCase() || null;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    // `null` (sandboxed frames, some redirects) and anything unparsable.
    return null;
  }
}

/**
 * A refusal for a state-changing request that the session cookie alone would authorise, unless
 * it comes from the app's own pages; null when it may go on.
 *
 * SameSite=Lax keeps the cookie off cross-site requests only: a page on another port of the same
 * host, or on a sibling subdomain, is "same-site" and its forms still carry the cookie. So the
 * browser's own word is checked: `Sec-Fetch-Site` must be `same-origin` and `Origin` must name
 * this host and port, when the browser sends them (every current browser does on a POST).
 * Clients that are not browsers send neither and are not at risk: they hold the cookie
 * themselves.
 */
export function crossSiteRefusal(
  request: Request,
  options: SameOriginOptions = {},
): Response | null {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    return jsonError(
      403,
      "cross_origin",
      `this request came from another site or origin (Sec-Fetch-Site: ${site}); only the app's own pages may send it`,
    );
  }
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const from = originHost(origin);
    if (from === null || from !== requestHost(request.headers)) {
      return jsonError(
        403,
        "cross_origin",
        `this request came from ${JSON.stringify(origin)}, not from this app's origin; only the app's own pages may send it`,
      );
    }
  }
  if (options.appHeader && !request.headers.has(APP_REQUEST_HEADER)) {
    return jsonError(
      403,
      "missing_header",
      `send the ${APP_REQUEST_HEADER} header (any value) with this request, as the app's upload form does`,
    );
  }
  if (options.json) {
    const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      return jsonError(
        415,
        "unsupported_media_type",
        `send the body as application/json${type ? `, not ${type}` : ""}`,
      );
    }
  }
  return null;
}
