"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

export function IngestionSettings() {
  const t = useTranslations("adminIngestion.settings");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.admin.ingestion.settings.queryOptions());
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.admin.ingestion.setSettings.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries(trpc.admin.ingestion.settings.queryFilter());
      },
    }),
  );
  return (
    <section aria-labelledby="settings-title" className="grid gap-2">
      <h2 id="settings-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("description")}</p>
      <label className="flex max-w-3xl items-start gap-3 rounded-lg border border-border bg-card p-3">
        <input
          type="checkbox"
          className="mt-1 size-4 accent-[var(--primary)]"
          checked={settings.data?.autoCreateTouchpoints ?? false}
          disabled={settings.isPending || save.isPending}
          aria-describedby="auto-create-hint"
          onChange={(e) => {
            setSaved(false);
            save.mutate({ autoCreateTouchpoints: e.target.checked });
          }}
        />
        <span className="grid gap-1">
          <span className="text-sm font-medium">{t("autoCreate")}</span>
          <span id="auto-create-hint" className="text-xs text-muted-foreground">
            {t("autoCreateHint")}
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
