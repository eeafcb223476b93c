"use client";

import { Button } from "@parcours/ui/button";
import { EmptyState } from "@parcours/ui/empty-state";
import { ErrorState } from "@parcours/ui/error-state";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { formatMessage } from "@parcours/validators";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";

interface TAuditFilters {
  entityType?: string;
  actor?: string;
  search?: string;
  from?: Date;
  to?: Date;
}

const ALL = "__all";
const DAY_MS = 86_400_000;

/** `yyyy-mm-dd` from a date input as the start of that UTC day (the app shows times in UTC). */
function dayStart(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined)
    return <span className="text-muted-foreground">—</span>;
  return (
    <pre className="max-h-64 overflow-auto rounded bg-muted p-2 text-xs leading-snug whitespace-pre-wrap">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function AuditLog() {
  const t = useTranslations();
  const format = useFormatter();
  // Changes logged by code read in the reader's language; older rows keep their English.
  const locale = useLocale() === "fr" ? "fr" : "en";
  const trpc = useTRPC();
  const [draft, setDraft] = useState({ entityType: ALL, actor: "", search: "", from: "", to: "" });
  const [filters, setFilters] = useState<TAuditFilters>({});
  const entityTypes = useQuery(trpc.admin.audit.entityTypes.queryOptions());
  const log = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (page) => page.nextBefore ?? undefined },
    ),
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const to = dayStart(draft.to);
    setFilters({
      entityType: draft.entityType === ALL ? undefined : draft.entityType,
      actor: draft.actor.trim() || undefined,
      search: draft.search.trim() || undefined,
      from: dayStart(draft.from),
      // The "to" day is included.
      to: to ? new Date(to.getTime() + DAY_MS) : undefined,
    });
  };
  const reset = () => {
    setDraft({ entityType: ALL, actor: "", search: "", from: "", to: "" });
    setFilters({});
  };
  const rows = log.data?.pages.flatMap((page) => page.rows) ?? [];

  return (
    <section aria-labelledby="audit-title" className="grid gap-4">
      <div>
        <h2 id="audit-title" className="text-lg font-semibold">
          {t("admin.audit.title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("admin.audit.description")}</p>
      </div>
      <form
        onSubmit={apply}
        className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-card p-3"
      >
        <div className="grid gap-1.5">
          <span className="text-sm font-medium">{t("admin.audit.entityLabel")}</span>
          <Select
            label={t("admin.audit.entityLabel")}
            value={draft.entityType}
            onValueChange={(entityType) => setDraft({ ...draft, entityType })}
            options={[
              { value: ALL, label: t("admin.audit.allEntities") },
              ...(entityTypes.data ?? []).map((type) => ({ value: type, label: type })),
            ]}
            className="w-44"
          />
        </div>
        <Field id="audit-actor" label={t("admin.audit.actorLabel")}>
          {(control) => (
            <Input
              {...control}
              value={draft.actor}
              onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
              className="w-52"
            />
          )}
        </Field>
        <Field id="audit-search" label={t("admin.audit.searchLabel")}>
          {(control) => (
            <Input
              {...control}
              type="search"
              value={draft.search}
              onChange={(e) => setDraft({ ...draft, search: e.target.value })}
              className="w-52"
            />
          )}
        </Field>
        <Field id="audit-from" label={t("admin.audit.from")}>
          {(control) => (
            <Input
              {...control}
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              className="w-40"
            />
          )}
        </Field>
        <Field id="audit-to" label={t("admin.audit.to")}>
          {(control) => (
            <Input
              {...control}
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              className="w-40"
            />
          )}
        </Field>
        <div className="flex gap-2">
          <Button type="submit">{t("admin.audit.apply")}</Button>
          <Button variant="ghost" onClick={reset}>
            {t("admin.audit.reset")}
          </Button>
        </div>
      </form>
      {log.isPending ? (
        <div className="grid gap-2" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : log.isError ? (
        <ErrorState
          title={t("errors.sectionTitle")}
          description={errorMessage(log.error, t("errors.pageHint"))}
          retryLabel={t("errors.retry")}
          onRetry={() => log.refetch()}
        />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<ScrollText />}
          title={t("admin.audit.empty")}
          description={t("admin.audit.emptyHint")}
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm" data-testid="audit-table">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.audit.when")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.audit.who")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.audit.action")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.audit.summary")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.audit.details")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} className="border-b border-border align-top last:border-0">
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">
                    <time dateTime={row.at.toISOString()}>
                      {format.dateTime(row.at, { dateStyle: "medium", timeStyle: "medium" })} UTC
                    </time>
                  </td>
                  <td className="px-3 py-2">{row.actorEmail}</td>
                  <td className="px-3 py-2 font-mono text-xs">{row.action}</td>
                  <td className="px-3 py-2">
                    {row.summaryMessage ? formatMessage(locale, row.summaryMessage) : row.summary}
                  </td>
                  <td className="px-3 py-2">
                    {row.before !== null || row.after !== null ? (
                      <details>
                        <summary className="cursor-pointer text-primary">
                          {t("admin.audit.show")}
                        </summary>
                        <div className="mt-2 grid min-w-[28rem] gap-2 md:grid-cols-2">
                          <div>
                            <p className="mb-1 text-xs font-medium text-muted-foreground">
                              {t("admin.audit.before")}
                            </p>
                            <Json value={row.before} />
                          </div>
                          <div>
                            <p className="mb-1 text-xs font-medium text-muted-foreground">
                              {t("admin.audit.after")}
                            </p>
                            <Json value={row.after} />
                          </div>
                        </div>
                      </details>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage ? (
        <div>
          <Button
            variant="outline"
            onClick={() => log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {t("admin.audit.loadMore")}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
