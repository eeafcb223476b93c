"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

/** Admin › Users: whether viewers may see customer lists and timelines (personal data). */
export function PrivacySettings() {
  const t = useTranslations("customers.privacy");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.customers.privacy.queryOptions());
  const [saved, setSaved] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const save = useMutation(
    trpc.customers.setPrivacy.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries(trpc.customers.pathFilter());
      },
    }),
  );
  return (
    <section aria-labelledby={titleId} className="grid gap-2">
      <h2 id={titleId} className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("description")}</p>
      <label className="flex max-w-3xl items-start gap-3 rounded-lg border border-border bg-card p-3">
        <input
          type="checkbox"
          className="mt-1 size-4 accent-[var(--primary)]"
          checked={settings.data?.viewersSeeCustomers ?? false}
          disabled={settings.isPending || save.isPending}
          aria-describedby={hintId}
          onChange={(e) => {
            setSaved(false);
            save.mutate({ viewersSeeCustomers: e.target.checked });
          }}
        />
        <span className="grid gap-1">
          <span className="text-sm font-medium">{t("viewers")}</span>
          <span id={hintId} className="text-xs text-muted-foreground">
            {t("viewersHint")}
          </span>
        </span>
      </label>
      <p aria-live="polite" className="text-xs text-positive empty:hidden">
        {saved ? t("saved") : null}
      </p>
      <RequestError error={save.error} />
    </section>
  );
}
