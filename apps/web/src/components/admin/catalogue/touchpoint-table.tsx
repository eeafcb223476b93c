"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { EmptyState } from "@parcours/ui/empty-state";
import { MapPin, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import type { AdminCatalogue } from "~/trpc/outputs";
import { type TAdminTouchpoint, TouchpointDialog } from "./touchpoint-dialog";

/** Touchpoints grouped by channel, each with its stage and event count; add and edit. */
export function TouchpointTable({
  catalogue,
  onSaved,
}: {
  catalogue: AdminCatalogue;
  onSaved: (message: string) => Promise<void>;
}) {
  const t = useTranslations("adminCatalogue");
  const f = useFormatters();
  const [editing, setEditing] = useState<TAdminTouchpoint | "new" | null>(null);
  const stageName = new Map(catalogue.stages.map((s) => [s.key, s.name]));
  const groups = catalogue.channels
    .map((channel) => ({
      channel,
      touchpoints: catalogue.touchpoints.filter((tp) => tp.channel === channel.key),
    }))
    .filter((g) => g.touchpoints.length > 0);

  return (
    <section aria-labelledby="touchpoints-title" className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="touchpoints-title" className="text-lg font-semibold">
            {t("touchpoints")}
          </h2>
          <p className="max-w-3xl text-sm text-muted-foreground">{t("touchpointsHint")}</p>
        </div>
        <Button onClick={() => setEditing("new")}>
          <Plus aria-hidden="true" />
          {t("add")}
        </Button>
      </div>
      {groups.length === 0 ? (
        <EmptyState icon={<MapPin />} title={t("empty")} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("key")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("stage")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("events")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("edit")}</span>
                </th>
              </tr>
            </thead>
            {groups.map(({ channel, touchpoints }) => (
              <tbody key={channel.key} data-testid={`channel-${channel.key}`}>
                <tr className="border-b border-border bg-muted/50">
                  <th
                    scope="rowgroup"
                    colSpan={5}
                    className="px-3 py-1.5 text-left text-xs font-semibold uppercase tracking-wide text-muted-foreground"
                  >
                    {t("channelGroup", { channel: channel.name, count: touchpoints.length })}
                  </th>
                </tr>
                {touchpoints.map((tp) => (
                  <tr
                    key={tp.key}
                    className="border-b border-border last:border-0"
                    data-testid={`touchpoint-${tp.key}`}
                  >
                    <th scope="row" className="px-3 py-2 text-left font-medium">
                      {tp.name}
                      {tp.autoCreated ? (
                        <Badge variant="warning" className="ml-2" title={t("toPlaceHint")}>
                          {t("toPlace")}
                        </Badge>
                      ) : null}
                    </th>
                    <td className="px-3 py-2 font-mono text-xs">{tp.key}</td>
                    <td className="px-3 py-2">{stageName.get(tp.stage) ?? tp.stage}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{f.integer(tp.events)}</td>
                    <td className="px-3 py-2 text-right">
                      <Button
                        size="sm"
                        variant="outline"
                        aria-label={t("editTouchpoint", { name: tp.name })}
                        onClick={() => setEditing(tp)}
                      >
                        {t("edit")}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      {editing ? (
        <TouchpointDialog
          key={editing === "new" ? "new" : editing.key}
          touchpoint={editing === "new" ? null : editing}
          catalogue={catalogue}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      ) : null}
    </section>
  );
}
