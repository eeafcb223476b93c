"use client";

import type { AdminPersona } from "@parcours/db/queries";
import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { ErrorState } from "@parcours/ui/error-state";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Users } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { PersonaEditor } from "./persona-editor";

export function PersonasAdmin() {
  const t = useTranslations("adminPersonas");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.admin.personas.list.queryOptions());
  // `undefined`: closed; `null`: a new persona; else the one being edited.
  const [editing, setEditing] = useState<AdminPersona | null | undefined>(undefined);
  const [archiving, setArchiving] = useState<AdminPersona | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const archive = useMutation(
    trpc.admin.personas.setArchived.mutationOptions({
      onSuccess: async (result, input) => {
        const name = list.data?.find((p) => p.key === input.key)?.name ?? input.key;
        setArchiving(null);
        setStatus(
          t(input.archived ? "archivedDone" : "restoredDone", {
            name,
            count: f.integer(result.reassigned),
          }),
        );
        await queryClient.invalidateQueries();
      },
    }),
  );
  const summary = (p: AdminPersona) =>
    p.rules.conditions.length === 0
      ? t("rulesNone")
      : t("rulesSummary", {
          match: p.rules.match === "all" ? t("matchAll") : t("matchAny"),
          conditions: p.rules.conditions
            .map((c) =>
              [
                c.attribute,
                t(`operators.${c.operator}`),
                c.value === undefined
                  ? ""
                  : Array.isArray(c.value)
                    ? c.value.join(", ")
                    : String(c.value),
              ]
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
        <Button onClick={() => setEditing(null)}>
          <Plus aria-hidden="true" />
          {t("new")}
        </Button>
      </div>
      <p aria-live="polite" role="status" className="text-sm text-positive empty:hidden">
        {status}
      </p>
      {archive.error ? (
        <p role="alert" className="text-sm text-negative">
          {errorMessage(archive.error, tErrors("pageHint"))}
        </p>
      ) : null}
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
        <EmptyState icon={<Users />} title={t("empty")} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
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
                  className="border-b border-border last:border-0"
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
                  <td className="px-3 py-2 tabular-nums">{p.priority}</td>
                  <td className="px-3 py-2 text-muted-foreground">{summary(p)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{f.integer(p.customers)}</td>
                  <td className="px-3 py-2">
                    <Badge variant={p.archived ? "muted" : "positive"}>
                      {p.archived ? t("archived") : t("active")}
                    </Badge>
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-2">
                      <Button
                        size="sm"
                        variant="outline"
                        onClick={() => setEditing(p)}
                        aria-label={`${t("edit")} ${p.name}`}
                      >
                        {t("edit")}
                      </Button>
                      {p.archived ? (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => archive.mutate({ key: p.key, archived: false })}
                        >
                          {t("restore")}
                        </Button>
                      ) : (
                        <Button size="sm" variant="ghost" onClick={() => setArchiving(p)}>
                          {t("archive")}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== undefined ? (
        <PersonaEditor
          key={editing?.key ?? "new"}
          persona={editing}
          open
          onOpenChange={(open) => !open && setEditing(undefined)}
          onSaved={(name, reassigned) => {
            setEditing(undefined);
            setStatus(t("saved", { name, count: f.integer(reassigned) }));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={archiving !== null}
        onOpenChange={(open) => !open && setArchiving(null)}
        title={t("archiveTitle", { name: archiving?.name ?? "" })}
        description={t("archiveDescription", { count: f.integer(archiving?.customers ?? 0) })}
        confirmLabel={t("archive")}
        cancelLabel={t("cancel")}
        busy={archive.isPending}
        onConfirm={() => archiving && archive.mutate({ key: archiving.key, archived: true })}
      />
    </section>
  );
}
