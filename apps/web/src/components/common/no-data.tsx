import { EmptyState } from "@parcours/ui/empty-state";
import { CalendarSearch } from "lucide-react";
import { useTranslations } from "next-intl";

/** What a chart shows when the filters leave no events: say so, and how to get some. */
export function NoData({ compact = false }: { compact?: boolean }) {
  const t = useTranslations("empty");
  return (
    <EmptyState
      icon={<CalendarSearch />}
      title={t("title")}
      description={t("hint")}
      className={compact ? "py-6" : undefined}
    />
  );
}
