"use client";

import { cn } from "@parcours/ui/cn";
import { ChevronDown } from "lucide-react";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { IntentLink } from "~/components/common/intent-link";
import { useFilterHref } from "~/filters/use-filters";
import { useCatalogue } from "~/hooks/use-catalogue";
import { navLinkClass } from "./main-nav";

/** A disclosure (not an ARIA menu): a button that shows a list of ordinary links. */
export function PersonaMenu({ active }: { active: boolean }) {
  const t = useTranslations("nav");
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  const href = useFilterHref();
  const { data: catalogue } = useCatalogue();
  const personas = catalogue?.personas ?? [];

  // Close after navigating.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path change only
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    // Clicking or tabbing anywhere outside closes the list.
    const onOutside = (event: Event) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onOutside);
    document.addEventListener("focusin", onOutside);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onOutside);
      document.removeEventListener("focusin", onOutside);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        aria-current={active ? "page" : undefined}
        onClick={() => setOpen((value) => !value)}
        className={cn(navLinkClass, "gap-1")}
      >
        {t("personas")}
        <ChevronDown
          aria-hidden="true"
          className={cn("size-4 transition-transform", open && "rotate-180")}
        />
      </button>
      <div
        id={listId}
        hidden={!open}
        className="absolute top-full left-0 z-50 mt-1 min-w-56 rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg"
      >
        {personas.length === 0 ? (
          <p className="px-3 py-2 text-sm text-muted-foreground">{t("noPersonas")}</p>
        ) : (
          <ul className="flex flex-col">
            {personas.map((persona) => {
              const path = `/personas/${persona.key}`;
              return (
                <li key={persona.key}>
                  <IntentLink
                    href={href(path)}
                    aria-current={pathname === path ? "page" : undefined}
                    className="flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-accent aria-[current=page]:font-semibold"
                  >
                    <span
                      aria-hidden="true"
                      className="size-2.5 shrink-0 rounded-full"
                      style={{ backgroundColor: persona.colour }}
                    />
                    {persona.name}
                  </IntentLink>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
