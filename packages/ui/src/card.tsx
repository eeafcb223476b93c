import { type HTMLAttributes, type ReactNode, useId } from "react";
import { cn } from "./cn";

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, "title"> {
  title?: ReactNode;
  titleAs?: "h2" | "h3" | "h4";
  description?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  contentClassName?: string;
  children?: ReactNode;
}

export function Card({
  title,
  titleAs: Title = "h2",
  description,
  actions,
  footer,
  className,
  contentClassName,
  children,
  ...rest
}: CardProps) {
  const titleId = useId();
  const hasHeader = title !== undefined || description !== undefined || actions !== undefined;
  return (
    <section
      aria-labelledby={title !== undefined ? titleId : undefined}
      className={cn(
        "rounded-lg border border-border bg-card text-card-foreground shadow-xs",
        className,
      )}
      {...rest}
    >
      {hasHeader && (
        <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 px-5 pt-5">
          <div className="min-w-0 space-y-1">
            {title !== undefined && (
              <Title id={titleId} className="font-semibold text-base leading-tight tracking-tight">
                {title}
              </Title>
            )}
            {description !== undefined && (
              <p className="text-muted-foreground text-sm">{description}</p>
            )}
          </div>
          {actions !== undefined && (
            <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div>
          )}
        </header>
      )}
      <div className={cn("p-5", contentClassName)}>{children}</div>
      {footer !== undefined && (
        <footer className="border-border border-t px-5 py-3 text-muted-foreground text-xs">
          {footer}
        </footer>
      )}
    </section>
  );
}
