import { type NextRequest, NextResponse } from "next/server";

/** next-auth's session cookie, plain on http and `__Secure-` prefixed on https. */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Pages anyone may open (and /share/<token>); everything else needs a session (checked for real
 * by the pages).
 */
const PUBLIC_PAGES = ["/sign-in"];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV !== "production";
  return [
    "default-src 'self'",
    // Next's own inline scripts carry the nonce; 'strict-dynamic' lets them load the chunks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and Radix position elements with inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function securityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

/**
 * Every request: a fresh CSP nonce and the security headers. Page requests without a session
 * cookie go straight to the sign-in page; the pages and procedures still check the session
 * against the database, this only spares anonymous visitors a render.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const { pathname, search } = request.nextUrl;

  const isApi = pathname.startsWith("/api/");
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  const isPublic = PUBLIC_PAGES.includes(pathname) || pathname.startsWith("/share/");
  if (!isApi && !hasSession && !isPublic) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = `?callbackUrl=${encodeURIComponent(pathname + search)}`;
    return securityHeaders(NextResponse.redirect(url), csp);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-parcours-path", pathname + search);
  return securityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

export const config = {
  matcher: [
    {
      // Not the ingestion API (/api/v1, /api/segment): machine clients, large bodies that the
      // proxy would otherwise buffer, and no pages to protect with a CSP.
      source: "/((?!_next/static|_next/image|icon.svg|favicon.ico|api/v1/|api/segment/).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
