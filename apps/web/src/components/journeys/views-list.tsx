"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { Input } from "@parcours/ui/field";
import { Skeleton } from "@parcours/ui/skeleton";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Map as MapIcon, Plus } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import { useTRPC } from "~/trpc/react";
import { useViewSummary } from "./use-view-summary";
import { ViewFormDialog } from "./view-form-dialog";

export function ViewsList({
  userId,
  canEdit,
  isAdmin,
}: {
  userId: number;
  canEdit: boolean;
  isAdmin: boolean;
}) {
  const t = useTranslations("journeys");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const summary = useViewSummary();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<{ id: number; name: string } | null>(null);
  const views = useQuery({
    ...trpc.views.list.queryOptions({ search: deferred || undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries(trpc.views.list.pathFilter());
  const duplicate = useMutation(trpc.views.duplicate.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.views.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await refresh();
      },
    }),
  );
  const failure = duplicate.error ?? remove.error;

  return (
    <section className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid gap-1.5">
          <label htmlFor="views-search" className="text-sm font-medium">
            {t("searchLabel")}
          </label>
          <Input
            id="views-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="w-72"
          />
        </div>
        {canEdit ? (
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            {t("new")}
          </Button>
        ) : null}
      </div>
      <RequestError error={failure} />
      {views.isError && !views.data ? (
        <SectionError title={t("title")} error={views.error} onRetry={() => void views.refetch()} />
      ) : !views.data ? (
        <Skeleton className="h-40 w-full" />
      ) : views.data.length === 0 ? (
        <EmptyState
          icon={<MapIcon />}
          title={deferred ? t("noMatch", { search: deferred }) : t("empty")}
          description={deferred ? undefined : t("emptyHint")}
        />
      ) : (
        <ul className="grid gap-3 md:grid-cols-2">
          {views.data.map((view) => {
            const own = view.ownerId === userId || isAdmin;
            return (
              <li key={view.id} className="grid gap-2 rounded-lg border border-border bg-card p-4">
                <div className="flex items-start justify-between gap-2">
                  <Link
                    href={`/journeys/${view.id}`}
                    className="text-base font-semibold hover:underline"
                  >
                    {view.name}
                  </Link>
                  <Badge variant="outline">
                    {view.visibility === "team" ? t("team") : t("private")}
                  </Badge>
                </div>
                {view.description ? (
                  <p className="text-sm text-muted-foreground">{view.description}</p>
                ) : null}
                <p className="text-xs text-muted-foreground">{summary(view)}</p>
                <p className="text-xs text-muted-foreground">
                  {t("owner")}: {view.ownerEmail} · {t("updated")}{" "}
                  {format.dateTime(view.updatedAt, { dateStyle: "medium" })}
                </p>
                <div className="flex flex-wrap gap-2">
                  <Button asChild size="sm">
                    <Link href={`/journeys/${view.id}`}>{t("open")}</Link>
                  </Button>
                  {canEdit ? (
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => duplicate.mutate({ id: view.id })}
                    >
                      {t("duplicate")}
                    </Button>
                  ) : null}
                  {canEdit && own ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => setDeleting({ id: view.id, name: view.name })}
                    >
                      {t("delete")}
                    </Button>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <ViewFormDialog
        open={creating}
        onOpenChange={setCreating}
        title={t("new")}
        draft={{
          period: { kind: "relative", days: 90 },
          filters: { personas: [], channels: [] },
          steps: [],
          windowSeconds: 30 * 86_400,
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("deleteTitle", { name: deleting?.name ?? "" })}
        description={t("deleteDescription")}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        destructive
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      />
    </section>
  );
}
