import { Skeleton } from "@parcours/ui/skeleton";
import { useTranslations } from "next-intl";

function Status() {
  const t = useTranslations("nav");
  return (
    <p role="status" className="sr-only">
      {t("loading")}
    </p>
  );
}

function Title() {
  return (
    <div aria-hidden="true" className="space-y-2 pt-6 pb-4">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-4 w-80" />
    </div>
  );
}

function FilterBarSkeleton() {
  return <Skeleton className="h-[74px] w-full rounded-lg" />;
}

export function ChartSkeleton({ height = 320 }: { height?: number }) {
  return (
    <div className="rounded-lg border border-border bg-card p-5 shadow-xs">
      <Skeleton className="mb-2 h-5 w-40" />
      <Skeleton className="mb-5 h-4 w-64" />
      <Skeleton className="w-full" style={{ height }} />
    </div>
  );
}

export function OverviewSkeleton() {
  return (
    <div>
      <Status />
      <Title />
      <div aria-hidden="true" className="flex flex-col gap-6">
        <FilterBarSkeleton />
        <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
          {["a", "b", "c", "d", "e"].map((key) => (
            <Skeleton key={key} className="h-[122px] rounded-lg" />
          ))}
        </div>
        <ChartSkeleton height={340} />
        <ChartSkeleton height={260} />
      </div>
    </div>
  );
}

export function FunnelsSkeleton() {
  return (
    <div>
      <Status />
      <Title />
      <div aria-hidden="true" className="flex flex-col gap-6">
        <FilterBarSkeleton />
        <div className="grid gap-6 xl:grid-cols-[360px_minmax(0,1fr)]">
          <Skeleton className="h-[420px] rounded-lg" />
          <ChartSkeleton height={340} />
        </div>
        <ChartSkeleton height={280} />
      </div>
    </div>
  );
}

export function PersonaSkeleton() {
  return (
    <div>
      <Status />
      <Title />
      <div aria-hidden="true" className="flex flex-col gap-6">
        <FilterBarSkeleton />
        <Skeleton className="h-[180px] rounded-lg" />
        <div className="grid gap-6 xl:grid-cols-2">
          <ChartSkeleton height={340} />
          <ChartSkeleton height={320} />
        </div>
      </div>
    </div>
  );
}
