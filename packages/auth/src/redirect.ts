/** Long enough for any link into the app with its filters; longer is not a link we made. */
const MAX_CALLBACK_LENGTH = 4096;

/**
 * Where to send someone after signing in, from an untrusted `callbackUrl`: its path, query and
 * fragment when it stays on `origin`, else "/".
 *
 * The value is resolved against `origin` with the WHATWG URL parser, which normalises exactly as
 * the browser will when it follows the redirect: tabs and newlines dropped, leading control
 * characters and spaces trimmed, backslashes read as slashes, dot segments resolved. So
 * `/\t/evil.example`, `/\evil.example`, `javascript:…` and absolute URLs to other hosts or ports
 * all fall back to "/". The path is returned as the parser serialises it: control characters
 * and spaces percent-encoded, so it is always a valid Location header.
 */
export function safeCallbackPath(value: unknown, origin: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_CALLBACK_LENGTH) return "/";
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin || target.origin === "null") return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // `/.//evil.example` is same-origin with the path `//evil.example`, which a browser reads as
  // another host when it is sent on its own.
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

/**
 * next-auth's `redirect` callback: the same rule for the places next-auth itself redirects to
 * (its default threw on a relative URL without a leading slash, a 500).
 */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return new URL(safeCallbackPath(url, baseUrl), baseUrl).href;
}
