import "server-only";
import { headers } from "next/headers";

/**
 * The origin this request reached the app at (`https://parcours.example`), for the addresses
 * the admin pages show senders: the proxy's forwarded host and scheme first, then Host.
 */
export async function requestOrigin(): Promise<string> {
  const heads = await headers();
  const host = heads.get("x-forwarded-host") ?? heads.get("host") ?? "localhost:3000";
  const proto = heads.get("x-forwarded-proto") ?? "http";
  return `${proto}://${host}`;
}
