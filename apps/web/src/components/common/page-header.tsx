import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  aside,
}: {
  title: ReactNode;
  description?: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4 pt-6 pb-4">
      <div className="min-w-0 space-y-1">
        <h1 className="font-semibold text-2xl tracking-tight">{title}</h1>
        {description !== undefined && (
          <p className="text-muted-foreground text-sm">{description}</p>
        )}
      </div>
      {aside}
    </div>
  );
}
