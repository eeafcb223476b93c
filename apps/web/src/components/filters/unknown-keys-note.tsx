import { Button } from "@parcours/ui/button";
import { useTranslations } from "next-intl";

/**
 * Filter keys that match nothing in the catalogue (an archived persona, a renamed channel, in a
 * link, a saved view or a share link): which ones, and what the charts show instead, so "1
 * selected" is never read over unfiltered totals.
 */
export function UnknownKeysNote({
  unknown,
  applied,
  onRemove,
}: {
  unknown: { personas: readonly string[]; channels: readonly string[] };
  /** Names of what is applied; empty means all. */
  applied: { personas: readonly string[]; channels: readonly string[] };
  onRemove?: () => void;
}) {
  const t = useTranslations("metrics.unknownKeys");
  if (unknown.personas.length === 0 && unknown.channels.length === 0) return null;
  const quote = (keys: readonly string[]) => keys.map((key) => `“${key}”`).join(", ");
  return (
    <div
      role="status"
      data-testid="unknown-filter-keys"
      className="flex basis-full flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm"
    >
      <p>
        {unknown.personas.length > 0
          ? `${t("personas", { count: unknown.personas.length, keys: quote(unknown.personas) })} `
          : ""}
        {unknown.channels.length > 0
          ? `${t("channels", { count: unknown.channels.length, keys: quote(unknown.channels) })} `
          : ""}
        {t("applied", {
          personas: applied.personas.length > 0 ? applied.personas.join(", ") : t("allPersonas"),
          channels: applied.channels.length > 0 ? applied.channels.join(", ") : t("allChannels"),
        })}
      </p>
      {onRemove ? (
        <Button size="sm" variant="outline" onClick={onRemove}>
          {t("remove")}
        </Button>
      ) : null}
    </div>
  );
}
