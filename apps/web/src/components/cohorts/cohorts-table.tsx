"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog, Dialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { Field, Input } from "@parcours/ui/field";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { Skeleton } from "@parcours/ui/skeleton";
import type { Role } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Filter, Pencil, Trash2, UsersRound } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { SectionError } from "~/components/common/section-error";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { useRuleWords } from "./rule-words";

interface TTarget {
  id: number;
  name: string;
}

/**
 * Every saved cohort: kind, rule in words, members of a static one, owner, creation day; a link
 * to the overview filtered by it; rename and delete for its owner or an admin (the API refuses
 * anyone else, so the buttons are not shown to them).
 */
export function CohortsTable({ user }: { user: { id: number; role: Role } }) {
  const t = useTranslations("cohorts.page");
  const tRoot = useTranslations();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const words = useRuleWords();
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  const [renaming, setRenaming] = useState<TTarget | null>(null);
  const [newName, setNewName] = useState("");
  const [deleting, setDeleting] = useState<TTarget | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.cohorts.pathFilter());
  const rename = useMutation(
    trpc.cohorts.rename.mutationOptions({
      onSuccess: async () => {
        setRenaming(null);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.cohorts.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await refresh();
      },
    }),
  );
  const canChange = (ownerId: number) =>
    user.role === "admin" || (user.role === "manager" && ownerId === user.id);

  const submitRename = (event: FormEvent) => {
    event.preventDefault();
    if (!renaming || newName.trim() === "") return;
    rename.mutate({ id: renaming.id, name: newName.trim() });
  };

  let body: ReactNode;
  if (cohorts.isError && !cohorts.data) {
    body = (
      <SectionError
        title={t("list.caption")}
        error={cohorts.error}
        onRetry={() => void cohorts.refetch()}
      />
    );
  } else if (!cohorts.data) {
    body = <Skeleton className="h-40 w-full" />;
  } else if (cohorts.data.length === 0) {
    body = (
      <EmptyState
        icon={<UsersRound />}
        title={t("list.empty")}
        description={user.role === "viewer" ? t("list.emptyViewer") : t("list.emptyHint")}
        className="rounded-lg border border-border bg-card"
      />
    );
  } else {
    body = (
      <ScrollArea
        hint={tRoot("chart.scrollHint")}
        contentClassName="relative rounded-lg border border-border bg-card shadow-xs"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">{t("list.caption")}</caption>
          <thead className="border-border border-b text-left text-muted-foreground text-xs">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">
                {t("list.name")}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t("list.kind")}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t("list.rule")}
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                {t("list.members")}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t("list.owner")}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                {t("list.created")}
              </th>
              <th scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">{t("list.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {cohorts.data.map((c) => (
              <tr
                key={c.id}
                data-testid={`cohort-row-${c.id}`}
                className="border-border border-b align-top last:border-b-0"
              >
                <th
                  scope="row"
                  className="sticky left-0 z-10 min-w-36 bg-card px-4 py-3 text-left font-medium"
                >
                  {c.name}
                </th>
                <td className="px-4 py-3">
                  <Badge variant={c.kind === "dynamic" ? "outline" : "muted"}>
                    {c.kind === "dynamic" ? t("list.dynamic") : t("list.static")}
                  </Badge>
                </td>
                <td className="min-w-48 max-w-md px-4 py-3 text-muted-foreground">
                  {c.rule ? words(c.rule) : t("list.fromList")}
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-right tabular-nums">
                  {c.members === null ? (
                    <span className="text-muted-foreground">{t("list.membersDynamic")}</span>
                  ) : (
                    f.integer(c.members)
                  )}
                </td>
                <td className="whitespace-nowrap px-4 py-3">{c.ownerName || c.ownerEmail}</td>
                <td className="whitespace-nowrap px-4 py-3 tabular-nums">{f.day(c.createdAt)}</td>
                <td className="px-4 py-2">
                  <div className="flex flex-col items-stretch gap-1 xl:flex-row xl:justify-end">
                    <Button asChild size="sm" variant="outline">
                      <Link
                        href={`/?cohort=${c.id}`}
                        aria-label={t("list.filterLabel", { name: c.name })}
                      >
                        <Filter aria-hidden="true" />
                        {t("list.filter")}
                      </Link>
                    </Button>
                    {canChange(c.ownerId) ? (
                      <>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={t("list.renameLabel", { name: c.name })}
                          onClick={() => {
                            rename.reset();
                            setNewName(c.name);
                            setRenaming({ id: c.id, name: c.name });
                          }}
                        >
                          <Pencil aria-hidden="true" />
                          {t("list.rename")}
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={t("list.deleteLabel", { name: c.name })}
                          onClick={() => {
                            remove.reset();
                            setDeleting({ id: c.id, name: c.name });
                          }}
                        >
                          <Trash2 aria-hidden="true" />
                          {t("list.delete")}
                        </Button>
                      </>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    );
  }

  return (
    <section aria-labelledby="cohorts-list-title" className="grid min-w-0 gap-3">
      <h2 id="cohorts-list-title" className="font-semibold text-base">
        {t("list.caption")}
      </h2>
      {body}
      <Dialog
        open={renaming !== null}
        onOpenChange={(open) => !open && setRenaming(null)}
        title={t("rename.title", { name: renaming?.name ?? "" })}
        closeLabel={t("rename.cancel")}
      >
        <form onSubmit={submitRename} className="grid gap-3">
          <Field id="cohort-rename" label={t("rename.name")}>
            {(control) => (
              <Input
                {...control}
                value={newName}
                maxLength={120}
                required
                onChange={(e) => setNewName(e.target.value)}
              />
            )}
          </Field>
          <RequestError error={rename.error} />
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setRenaming(null)}>
              {t("rename.cancel")}
            </Button>
            <Button type="submit" disabled={rename.isPending || newName.trim() === ""}>
              {rename.isPending ? t("rename.saving") : t("rename.submit")}
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={t("delete.title", { name: deleting?.name ?? "" })}
        description={t("delete.description")}
        confirmLabel={t("delete.confirm")}
        cancelLabel={t("delete.cancel")}
        destructive
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
      >
        <RequestError error={remove.error} />
      </ConfirmDialog>
    </section>
  );
}
