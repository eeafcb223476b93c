"use client";

import { Button } from "@parcours/ui/button";
import { Input } from "@parcours/ui/field";
import { skipToken, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useDeferredValue, useId, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

/** A box to open a customer's timeline by external id, with the ids that start like it. */
export function CustomerSearch({ initial = "" }: { initial?: string }) {
  const t = useTranslations("customers.search");
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(initial);
  const prefix = useDeferredValue(value.trim());
  const inputId = useId();
  const hintId = useId();
  const matches = useQuery(
    trpc.customers.search.queryOptions(prefix.length > 0 ? { prefix } : skipToken),
  );

  return (
    <search aria-labelledby={`${inputId}-label`} className="grid gap-2">
      <form
        className="flex max-w-xl gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const id = value.trim();
          if (id) router.push(`/customers/${encodeURIComponent(id)}`);
        }}
      >
        <label id={`${inputId}-label`} htmlFor={inputId} className="sr-only">
          {t("label")}
        </label>
        <Input
          id={inputId}
          value={value}
          maxLength={200}
          placeholder={t("placeholder")}
          aria-describedby={hintId}
          autoComplete="off"
          onChange={(event) => setValue(event.target.value)}
        />
        <Button type="submit">
          <Search aria-hidden="true" />
          {t("submit")}
        </Button>
      </form>
      <p id={hintId} className="text-xs text-muted-foreground">
        {t("hint")}
      </p>
      <div aria-live="polite">
        {prefix.length > 0 && matches.data ? (
          matches.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t("none", { prefix })}</p>
          ) : (
            <ul aria-label={t("results")} className="flex flex-wrap gap-2 text-sm">
              {matches.data.map((id) => (
                <li key={id}>
                  <Link
                    href={`/customers/${encodeURIComponent(id)}`}
                    className="rounded border border-border px-2 py-1 hover:bg-muted focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    {id}
                  </Link>
                </li>
              ))}
            </ul>
          )
        ) : null}
        <RequestError error={matches.error} />
      </div>
    </search>
  );
}
