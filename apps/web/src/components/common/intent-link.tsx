"use client";

import Link from "next/link";
import { type ComponentProps, useState } from "react";

type TProps = Omit<ComponentProps<typeof Link>, "href" | "prefetch"> & { href: string };

/**
 * A link whose URL carries the dashboard filters (the main navigation, the persona links).
 * Next.js prefetches every link in view, and again whenever its URL changes: each filter change
 * sent one server render per such link, and on the embedded database (one query at a time)
 * those renders queued with the new figures' own queries. This link prefetches on intent
 * instead, once the pointer is over it, it has focus or it is touched, as the Next.js
 * prefetching guide's hover-triggered pattern does; the intent holds for that URL only.
 */
export function IntentLink({ href, onMouseEnter, onFocus, onTouchStart, ...props }: TProps) {
  const [intent, setIntent] = useState<string | null>(null);
  /** The caller's own handler, after noting the intent for this URL. */
  const noting =
    <E,>(handler?: (event: E) => void) =>
    (event: E) => {
      setIntent(href);
      handler?.(event);
    };
  return (
    <Link
      {...props}
      href={href}
      prefetch={intent === href ? null : false}
      onMouseEnter={noting(onMouseEnter)}
      onFocus={noting(onFocus)}
      onTouchStart={noting(onTouchStart)}
    />
  );
}
