"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "./cn";

/**
 * A box that scrolls sideways when its content is wider than it, and then says so: a fade on
 * the side that has more, and a hint under it. A table inside keeps its row headers readable
 * with `sticky left-0` cells. While it overflows, the box is a named, focusable region, so the
 * keyboard can scroll it too.
 */
export function ScrollArea({
  children,
  hint,
  className,
  contentClassName,
}: {
  children: ReactNode;
  /** Said under the box while it overflows ("Scroll sideways to see every stage"). */
  hint: string;
  className?: string;
  contentClassName?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    // Without ResizeObserver (older browsers, jsdom), a window resize is the next best signal.
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(update);
    observer?.observe(element);
    for (const child of Array.from(element.children)) observer?.observe(child);
    if (!observer) window.addEventListener("resize", update);
    return () => {
      element.removeEventListener("scroll", update);
      observer?.disconnect();
      window.removeEventListener("resize", update);
    };
  }, []);

  const overflowing = more.left || more.right;
  return (
    // min-w-0: as a flex or grid item, the box must not grow to its content's width.
    <div className={cn("relative min-w-0", className)} data-overflowing={overflowing || undefined}>
      <div
        ref={box}
        // While it overflows: a named region the keyboard can focus, and so scroll.
        {...(overflowing ? { role: "region", "aria-label": hint, tabIndex: 0 } : {})}
        className={cn(
          "overflow-x-auto focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
          contentClassName,
        )}
      >
        {children}
      </div>
      {more.right ? (
        <div
          aria-hidden="true"
          data-testid="scroll-fade"
          className="pointer-events-none absolute top-0 right-0 bottom-6 w-10 bg-linear-to-l from-foreground/15 to-transparent"
        />
      ) : null}
      {overflowing ? (
        <p
          data-testid="scroll-hint"
          className="mt-1.5 flex items-center gap-1.5 text-muted-foreground text-xs"
        >
          <span aria-hidden="true">⇆</span>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
