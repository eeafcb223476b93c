"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import type { TAnalyticsFilter, TCustomerSource } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UsersRound } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useFilters } from "~/filters/use-filters";
import { useTRPC } from "~/trpc/react";

/**
 * "Save as cohort" on a drill-down list (managers and admins): a static cohort of the list's
 * customers as of now, then one click to filter every page by it.
 */
export function SaveAsCohort({
  filter,
  source,
  total,
}: {
  filter: TAnalyticsFilter;
  source: TCustomerSource;
  total: number;
}) {
  const t = useTranslations("cohorts.save");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, setFilters] = useFilters();
  const { data: me } = useQuery(trpc.session.me.queryOptions());
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.cohorts.createFromList.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.cohorts.list.queryFilter()),
    }),
  );
  if (!me || me.role === "viewer") return null;
  const saved = create.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === "") return;
    create.mutate({ name: name.trim(), filter, source });
  };
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        onClick={() => {
          create.reset();
          setOpen(true);
        }}
      >
        <UsersRound aria-hidden="true" />
        {t("button")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={t("title")}
        description={t("description", { count: total })}
        closeLabel={t("close")}
      >
        {saved ? (
          <div className="grid gap-3">
            <p role="status" className="text-sm">
              {t("saved", { name: saved.name, count: saved.members ?? 0 })}
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="ghost" onClick={() => setOpen(false)}>
                {t("close")}
              </Button>
              <Button
                onClick={() => {
                  void setFilters({ cohort: saved.id });
                  setOpen(false);
                }}
              >
                {t("apply")}
              </Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="grid gap-3">
            <Field id="cohort-name" label={t("name")}>
              {(control) => (
                <Input
                  {...control}
                  value={name}
                  maxLength={120}
                  required
                  onChange={(e) => setName(e.target.value)}
                />
              )}
            </Field>
            <RequestError error={create.error} className="text-sm text-negative" />
            <div className="flex justify-end">
              <Button type="submit" disabled={create.isPending || name.trim() === ""}>
                {create.isPending ? t("saving") : t("submit")}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
