"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";
import { fieldErrors } from "../error-message";

interface TEditing {
  eventName: string;
  touchpoint: string;
  type: string;
}

export function SegmentAdmin({ origin }: { origin: string }) {
  const t = useTranslations("adminSegment");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mappings = useQuery(trpc.admin.segment.mappings.queryOptions());
  const unmapped = useQuery(trpc.admin.segment.unmapped.queryOptions());
  const catalogue = useQuery(trpc.admin.catalogue.get.queryOptions());
  const [editing, setEditing] = useState<TEditing | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries();
  const save = useMutation(
    trpc.admin.segment.setMapping.mutationOptions({
      onSuccess: async (result, input) => {
        setEditing(null);
        setStatus(t("saved", { name: input.eventName, stored: result.stored }));
        await refresh();
      },
    }),
  );
  const reset = useMutation(
    trpc.admin.segment.deleteMapping.mutationOptions({
      onSuccess: async (input) => {
        setStatus(t("resetDone", { name: input.eventName }));
        await refresh();
      },
    }),
  );
  const touchpointName = new Map(
    (catalogue.data?.touchpoints ?? []).map((tp) => [tp.key, tp.name]),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editing) save.mutate(editing);
  };
  const errors = fieldErrors(save.error);
  const failure =
    reset.error ?? (save.error && Object.keys(errors).length === 0 ? save.error : null);

  return (
    <div className="grid gap-8">
      <section aria-labelledby="segment-title" className="grid gap-2">
        <h2 id="segment-title" className="text-lg font-semibold">
          {t("title")}
        </h2>
        <p className="max-w-3xl text-sm text-muted-foreground">{t("description")}</p>
        <div className="grid gap-1 rounded-lg border border-border bg-card p-3 text-sm">
          <span className="font-medium">{t("endpoint")}</span>
          <code className="font-mono text-xs select-all" data-testid="segment-endpoint">
            {origin}/api/segment
          </code>
          <span className="text-xs text-muted-foreground">{t("calls")}</span>
        </div>
      </section>
      <p aria-live="polite" role="status" className="text-sm text-positive empty:hidden">
        {status}
      </p>
      <RequestError error={failure} />

      <section aria-labelledby="unmapped-title" className="grid gap-2">
        <h2 id="unmapped-title" className="text-base font-semibold">
          {t("unmapped")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("unmappedHint")}</p>
        {unmapped.data && unmapped.data.length === 0 ? (
          <p className="text-sm">{t("unmappedNone")}</p>
        ) : null}
        {unmapped.data && unmapped.data.length > 0 ? (
          <ul className="grid gap-2">
            {unmapped.data.map((u) => (
              <li
                key={u.eventName}
                className="flex flex-wrap items-center gap-3 rounded-lg border border-warning/40 bg-card p-3 text-sm"
              >
                <span className="font-medium">{u.eventName}</span>
                <Badge variant="warning">
                  {t("count")}: {format.number(u.count)}
                </Badge>
                <span className="text-xs text-muted-foreground">
                  {t("lastSeen")}:{" "}
                  {format.dateTime(u.lastSeen, { dateStyle: "medium", timeStyle: "short" })}
                </span>
                <Button
                  size="sm"
                  onClick={() => setEditing({ eventName: u.eventName, touchpoint: "", type: "" })}
                >
                  {t("map")}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="mappings-title" className="grid gap-2">
        <h2 id="mappings-title" className="text-base font-semibold">
          {t("mappings")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("mappingsHint")}</p>
        {!mappings.data ? (
          <Skeleton className="h-40 w-full" />
        ) : (
          <div className="overflow-x-auto rounded-lg border border-border bg-card">
            <table className="w-full text-sm">
              <thead className="border-b border-border text-left text-muted-foreground">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("eventName")}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("touchpoint")}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("type")}
                  </th>
                  <th scope="col" className="px-3 py-2 font-medium">
                    {t("source")}
                  </th>
                  <th scope="col" className="px-3 py-2">
                    <span className="sr-only">{t("edit")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {mappings.data.map((m) => (
                  <tr key={m.eventName} className="border-b border-border last:border-0">
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {m.eventName}
                    </th>
                    <td className="px-3 py-2">
                      {touchpointName.get(m.touchpoint) ?? m.touchpoint}
                    </td>
                    <td className="px-3 py-2 font-mono text-xs">{m.type}</td>
                    <td className="px-3 py-2">
                      <Badge variant={m.source === "custom" ? "outline" : "muted"}>
                        {t(m.source)}
                      </Badge>
                    </td>
                    <td className="px-3 py-2">
                      <div className="flex justify-end gap-2">
                        <Button
                          size="sm"
                          variant="outline"
                          onClick={() =>
                            setEditing({
                              eventName: m.eventName,
                              touchpoint: m.touchpoint,
                              type: m.type,
                            })
                          }
                        >
                          {t("edit")}
                        </Button>
                        {m.source === "custom" ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            onClick={() => reset.mutate({ eventName: m.eventName })}
                          >
                            {t("reset")}
                          </Button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Dialog
        open={editing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setEditing(null);
            save.reset();
          }
        }}
        title={t("editTitle", { name: editing?.eventName ?? "" })}
        closeLabel={t("close")}
      >
        {editing ? (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">{t("touchpoint")}</span>
              <Select
                label={t("touchpoint")}
                value={editing.touchpoint}
                placeholder="—"
                onValueChange={(touchpoint) => setEditing({ ...editing, touchpoint })}
                options={(catalogue.data?.touchpoints ?? []).map((tp) => ({
                  value: tp.key,
                  label: tp.name,
                }))}
              />
              {errors.touchpoint ? (
                <p className="text-xs text-negative">{errors.touchpoint}</p>
              ) : null}
            </div>
            <Field id="segment-type" label={t("type")} hint={t("typeHint")} error={errors.type}>
              {(c) => (
                <Input
                  {...c}
                  value={editing.type}
                  onChange={(e) => setEditing({ ...editing, type: e.target.value })}
                />
              )}
            </Field>
            <div className="flex justify-end gap-2">
              <Button variant="outline" onClick={() => setEditing(null)}>
                {t("cancel")}
              </Button>
              <Button
                type="submit"
                disabled={save.isPending || !editing.touchpoint || !editing.type}
              >
                {t("save")}
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </div>
  );
}
