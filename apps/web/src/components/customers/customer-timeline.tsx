"use client";

import { Badge } from "@parcours/ui/badge";
import { Card } from "@parcours/ui/card";
import { cn } from "@parcours/ui/cn";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";

function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** One customer's journey: the stage strip, then every event in time order. */
export function CustomerTimeline({ externalId }: { externalId: string }) {
  const t = useTranslations("customers.timeline");
  const f = useFormatters();
  const format = useFormatter();
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.customers.timeline.queryOptions({ externalId }));
  const attributes = Object.entries(data.attributes);
  const time = (date: Date) =>
    format.dateTime(date, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

  return (
    <div className="flex flex-col gap-6">
      <Card title={t("persona")} titleAs="h2">
        <div className="grid gap-4 pb-5 text-sm md:grid-cols-[12rem_1fr]">
          <div>
            {data.persona ? (
              <span className="inline-flex items-center gap-2 font-medium">
                <span
                  aria-hidden="true"
                  className="size-3 rounded-full"
                  style={{ backgroundColor: data.persona.colour }}
                />
                {data.persona.name}
              </span>
            ) : (
              <span className="text-muted-foreground">{t("noPersona")}</span>
            )}
          </div>
          <div>
            <h3 className="sr-only">{t("attributes")}</h3>
            {attributes.length === 0 ? (
              <p className="text-muted-foreground">{t("noAttributes")}</p>
            ) : (
              <dl className="flex flex-wrap gap-x-6 gap-y-1">
                {attributes.map(([key, value]) => (
                  <div key={key} className="flex gap-1">
                    <dt className="text-muted-foreground">{key}</dt>
                    <dd className="font-medium">{valueText(value)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        </div>
      </Card>

      <Card title={t("journey")} description={t("journeyDescription")}>
        <ol className="grid gap-2 pb-5 sm:grid-cols-3 lg:grid-cols-6" data-testid="stage-strip">
          {data.stages.map((stage, i) => {
            const reached = stage.firstAt !== null;
            return (
              <li
                key={stage.key}
                data-reached={reached}
                className={cn(
                  "relative rounded-md border px-3 py-2 text-sm",
                  reached
                    ? "border-primary bg-primary/10"
                    : "border-dashed border-border text-muted-foreground",
                )}
                aria-label={
                  stage.firstAt
                    ? t("stageReached", {
                        stage: stage.name,
                        date: f.dayMedium(stage.firstAt),
                        count: stage.events,
                      })
                    : t("stageMissed", { stage: stage.name })
                }
              >
                <span className="block text-xs text-muted-foreground">{i + 1}</span>
                <span className="block font-medium">{stage.name}</span>
                <span className="block text-xs">
                  {stage.firstAt
                    ? `${f.dayMedium(stage.firstAt)} · ${f.integer(stage.events)}`
                    : "—"}
                </span>
              </li>
            );
          })}
        </ol>
      </Card>

      <Card
        title={t("events")}
        description={
          data.events.length < data.total
            ? t("latestOnly", {
                shown: f.integer(data.events.length),
                total: f.integer(data.total),
              })
            : t("eventsCount", { count: data.total })
        }
      >
        <div className="mb-5 overflow-auto rounded-md border border-border">
          <table className="w-full border-collapse text-sm" data-testid="timeline-events">
            <caption className="sr-only">{t("events")}</caption>
            <thead className="bg-muted">
              <tr>
                {(
                  [
                    "time",
                    "touchpoint",
                    "stage",
                    "channel",
                    "type",
                    "satisfaction",
                    "revenue",
                    "comment",
                    "properties",
                  ] as const
                ).map((key) => (
                  <th
                    key={key}
                    scope="col"
                    className="whitespace-nowrap px-3 py-2 text-left font-medium text-muted-foreground text-xs"
                  >
                    {t(`columns.${key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.events.map((event) => (
                <tr
                  key={event.eventId}
                  className={cn("border-t border-border", event.stageChange && "border-t-primary")}
                  data-stage-change={event.stageChange}
                >
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                    {time(event.occurredAt)}
                  </td>
                  <td className="px-3 py-2">{event.touchpoint.name}</td>
                  <td className="px-3 py-2">
                    {event.stageChange ? (
                      <Badge variant="default">
                        {t("stageChange", { stage: event.stage.name })}
                      </Badge>
                    ) : (
                      event.stage.name
                    )}
                  </td>
                  <td className="px-3 py-2">{event.channel.name}</td>
                  <td className="px-3 py-2 font-mono text-xs">{event.type}</td>
                  <td className="px-3 py-2 tabular-nums">{event.satisfaction ?? "—"}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {event.revenue === null ? "—" : f.currencyCents(event.revenue)}
                  </td>
                  <td className="max-w-64 px-3 py-2">{event.comment ?? ""}</td>
                  <td className="max-w-64 truncate px-3 py-2 font-mono text-xs">
                    {Object.keys(event.properties).length > 0
                      ? JSON.stringify(event.properties)
                      : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
