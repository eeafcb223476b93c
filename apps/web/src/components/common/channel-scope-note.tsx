import { Filter } from "lucide-react";
import { useTranslations } from "next-intl";
import type { Catalogue } from "~/trpc/outputs";

/** The stages none of whose touchpoints is on one of `channels`, in catalogue order. */
export function stagesOffChannels(catalogue: Catalogue, channels: readonly string[]): string[] {
  const wanted = new Set(channels);
  return catalogue.stages
    .filter(
      (stage) =>
        !catalogue.touchpoints.some((tp) => tp.stage === stage.key && wanted.has(tp.channel)),
    )
    .map((stage) => stage.name);
}

/**
 * What a channel filter does to a journey chart: only the chosen channels' events are counted,
 * so stages that happen elsewhere (after-sales by e-mail, delivery, phone) shrink or vanish.
 * Said next to the chart, so "Web only: Loyalty 0%" is not read as nobody staying loyal.
 */
export function ChannelScopeNote({
  channels,
  catalogue,
}: {
  channels: readonly string[] | undefined;
  catalogue: Catalogue | undefined;
}) {
  const t = useTranslations("metrics");
  if (!channels || channels.length === 0) return null;
  const channelName = new Map(catalogue?.channels.map((c) => [c.key, c.name]) ?? []);
  const names = channels.map((key) => channelName.get(key) ?? key).join(", ");
  const off = catalogue ? stagesOffChannels(catalogue, channels) : [];
  return (
    <p
      role="note"
      data-testid="channel-scope-note"
      className="flex items-start gap-2 rounded-md bg-muted px-3 py-2 text-muted-foreground text-xs"
    >
      <Filter aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
      <span>
        {t("channelScope", { channels: names })}
        {off.length > 0
          ? ` ${t("channelScopeStages", { stages: off.join(", "), count: off.length, channels: names })}`
          : ""}
      </span>
    </p>
  );
}
