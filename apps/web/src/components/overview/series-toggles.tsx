"use client";

/** Chips that show or hide chart series; each is a toggle button, so Tab and Space work. */
export function SeriesToggles({
  label,
  series,
  hidden,
  onChange,
}: {
  label: string;
  series: { key: string; label: string; colour: string }[];
  hidden: ReadonlySet<string>;
  onChange: (hidden: ReadonlySet<string>) => void;
}) {
  return (
    <fieldset className="mb-4 flex flex-wrap items-center gap-1.5">
      <legend className="float-left mr-2 text-muted-foreground text-xs">{label}</legend>
      {series.map((s) => {
        const visible = !hidden.has(s.key);
        return (
          <button
            key={s.key}
            type="button"
            aria-pressed={visible}
            onClick={() => {
              const next = new Set(hidden);
              if (visible) next.add(s.key);
              else next.delete(s.key);
              onChange(next);
            }}
            className="inline-flex h-7 cursor-pointer items-center gap-1.5 rounded-full border border-border px-2.5 text-xs text-muted-foreground transition-colors hover:bg-accent aria-pressed:border-transparent aria-pressed:bg-muted aria-pressed:text-foreground"
          >
            <span
              aria-hidden="true"
              className="size-2.5 rounded-full border"
              style={
                visible
                  ? { backgroundColor: s.colour, borderColor: s.colour }
                  : { borderColor: s.colour }
              }
            />
            {s.label}
          </button>
        );
      })}
    </fieldset>
  );
}
