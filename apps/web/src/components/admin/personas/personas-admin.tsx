"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { cn } from "@parcours/ui/cn";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { ErrorState } from "@parcours/ui/error-state";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Users } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useFormatters } from "~/lib/use-formatters";
import type { AdminPersona } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { valueText } from "./rule-values";

type TAction = { kind: "archive" | "restore"; persona: AdminPersona };

/**
 * Personas in the order their rules are tried (archived ones last), with their rules and
 * customers; archive and restore ask first. `saved`: the persona the form just saved.
 */
export function PersonasAdmin({ saved }: { saved: { key: string; reassigned: number } | null }) {
  const t = useTranslations("adminPersonas");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.personas.list.queryOptions());
  const [action, setAction] = useState<TAction | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const savedName = saved ? list.data?.find((p) => p.key === saved.key)?.name : undefined;
  const savedMessage =
    saved && savedName
      ? t("saved", {
          name: savedName,
          count: saved.reassigned,
          customers: f.integer(saved.reassigned),
        })
      : null;
  // The message came through the address: drop it there so that a reload does not repeat it.
  useEffect(() => {
    if (saved) window.history.replaceState(null, "", window.location.pathname);
  }, [saved]);

  const onDone =
    (kind: TAction["kind"]) => async (result: { persona: AdminPersona; reassigned: number }) => {
      setAction(null);
      setStatus(
        t(kind === "archive" ? "archivedDone" : "restoredDone", {
          name: result.persona.name,
          count: result.reassigned,
          customers: f.integer(result.reassigned),
        }),
      );
      // The dashboard's persona breakdown, the filters' persona menus and the catalogue change.
      await queryClient.invalidateQueries();
    };
  const archive = useMutation(
    trpc.admin.personas.archive.mutationOptions({ onSuccess: onDone("archive") }),
  );
  const restore = useMutation(
    trpc.admin.personas.restore.mutationOptions({ onSuccess: onDone("restore") }),
  );
  const pending = action?.kind === "restore" ? restore : archive;

  const summary = (p: AdminPersona) =>
    p.rules.conditions.length === 0
      ? t("rulesNone")
      : t("rulesSummary", {
          match: p.rules.match === "all" ? t("matchAll") : t("matchAny"),
          conditions: p.rules.conditions
            .map((c) =>
              [c.attribute, t(`operators.${c.operator}`), valueText(c.value)]
                .filter(Boolean)
                .join(" "),
            )
            .join(p.rules.match === "all" ? " · " : " | "),
        });

  return (
    <section aria-labelledby="personas-title" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="max-w-3xl">
          <h2 id="personas-title" className="text-lg font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("description")}</p>
        </div>
        <Button asChild>
          <Link href="/admin/personas/new">
            <Plus aria-hidden="true" />
            {t("new")}
          </Link>
        </Button>
      </div>
      <p
        aria-live="polite"
        role="status"
        data-testid="personas-status"
        className="text-sm text-positive empty:hidden"
      >
        {status ?? savedMessage}
      </p>
      {list.isPending ? (
        <Skeleton className="h-40 w-full" />
      ) : list.isError ? (
        <ErrorState
          title={tErrors("sectionTitle")}
          description={errorMessage(list.error, tErrors("pageHint"))}
          retryLabel={tErrors("retry")}
          onRetry={() => list.refetch()}
        />
      ) : list.data.length === 0 ? (
        <EmptyState icon={<Users />} title={t("empty")} description={t("emptyHint")} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm" data-testid="personas-table">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("priority")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("rules")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("customers")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("status")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr
                  key={p.key}
                  className={cn(
                    "border-b border-border last:border-0",
                    p.archived && "text-muted-foreground",
                  )}
                  data-testid={`persona-row-${p.key}`}
                >
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <span
                      className="mr-2 inline-block size-3 rounded-full align-middle"
                      style={{ background: p.colour }}
                      aria-hidden="true"
                    />
                    {p.name}
                  </th>
                  <td className="px-3 py-2 text-right tabular-nums">{f.integer(p.priority)}</td>
                  <td className="max-w-md px-3 py-2 text-muted-foreground">{summary(p)}</td>
                  <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap">
                    {f.integer(p.customers)}
                    {p.pinned > 0 ? (
                      <span className="block text-xs text-muted-foreground">
                        {t("pinnedNote", { pinned: f.integer(p.pinned) })}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-3 py-2">
                    <Badge variant={p.archived ? "muted" : "positive"}>
                      {p.archived ? t("archived") : t("active")}
                    </Badge>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-2">
                      <Button asChild size="sm" variant="outline">
                        <Link
                          href={`/admin/personas/${p.key}`}
                          aria-label={t("editLabel", { name: p.name })}
                        >
                          {t("edit")}
                        </Link>
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t(p.archived ? "restoreLabel" : "archiveLabel", {
                          name: p.name,
                        })}
                        onClick={() => {
                          archive.reset();
                          restore.reset();
                          setAction({ kind: p.archived ? "restore" : "archive", persona: p });
                        }}
                      >
                        {p.archived ? t("restore") : t("archive")}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={action !== null}
        onOpenChange={(open) => !open && setAction(null)}
        title={
          action?.kind === "restore"
            ? t("restoreTitle", { name: action.persona.name })
            : t("archiveTitle", { name: action?.persona.name ?? "" })
        }
        description={
          action?.kind === "restore"
            ? t("restoreDescription")
            : t("archiveDescription", {
                count: action?.persona.customers ?? 0,
                customers: f.integer(action?.persona.customers ?? 0),
              })
        }
        confirmLabel={action?.kind === "restore" ? t("restore") : t("archive")}
        cancelLabel={t("cancel")}
        destructive={action?.kind === "archive"}
        busy={pending.isPending}
        onConfirm={() => {
          if (!action) return;
          (action.kind === "restore" ? restore : archive).mutate({ key: action.persona.key });
        }}
      >
        {action?.kind === "archive" && action.persona.pinned > 0 ? (
          <p className="text-sm">
            {t("archivePinned", {
              count: action.persona.pinned,
              pinned: f.integer(action.persona.pinned),
            })}
          </p>
        ) : null}
        <RequestError error={pending.error} />
      </ConfirmDialog>
    </section>
  );
}
