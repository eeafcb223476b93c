"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import type { TSavedViewInput } from "@parcours/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { formErrors } from "~/components/admin/error-message";
import { AlertText } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

export type TViewDraft = Pick<TSavedViewInput, "filters" | "steps" | "windowSeconds" | "period">;

const DAY = 86_400;

/** yyyy-MM-dd moved by whole days; an empty or partial date stays as it is. */
function shiftDay(day: string, by: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) return day;
  return new Date(date.getTime() + by * DAY * 1000).toISOString().slice(0, 10);
}

/** Creates a saved view from a draft (the page's current filters) and opens it. */
export function ViewFormDialog({
  open,
  onOpenChange,
  draft,
  title,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  draft: TViewDraft;
  /** The dialog's title: the words of the button that opened it ("Save as view" by default). */
  title?: string;
}) {
  const t = useTranslations("journeys");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [visibility, setVisibility] = useState<"private" | "team">("team");
  const [kind, setKind] = useState<"relative" | "fixed">(draft.period.kind);
  const [days, setDays] = useState(
    draft.period.kind === "relative" ? String(draft.period.days) : "90",
  );
  const [from, setFrom] = useState(draft.period.kind === "fixed" ? draft.period.from : "");
  // A fixed period's `to` is exclusive; the field shows the last day, inclusive, as the filter
  // bar's "To" does.
  const [lastDay, setLastDay] = useState(
    draft.period.kind === "fixed" ? shiftDay(draft.period.to, -1) : "",
  );
  const [windowDays, setWindowDays] = useState(String(Math.round(draft.windowSeconds / DAY)));
  const create = useMutation(
    trpc.views.create.mutationOptions({
      onSuccess: async (view) => {
        await queryClient.invalidateQueries(trpc.views.list.pathFilter());
        onOpenChange(false);
        router.push(`/journeys/${view.id}`);
      },
    }),
  );
  const { fields: errors, general } = formErrors(create.error, tErrors("pageHint"));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      name,
      description,
      visibility,
      period:
        kind === "relative"
          ? { kind: "relative", days: Number(days) }
          : { kind: "fixed", from, to: shiftDay(lastDay, 1) },
      filters: draft.filters,
      steps: draft.steps,
      windowSeconds: Math.max(1, Number(windowDays)) * DAY,
    });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={title ?? t("saveAsView")}
      closeLabel={t("cancel")}
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <AlertText>{general}</AlertText>
        <Field id="view-name" label={t("name")} error={errors.name}>
          {(c) => (
            <Input
              {...c}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={120}
            />
          )}
        </Field>
        <Field id="view-description" label={t("descriptionLabel")} error={errors.description}>
          {(c) => (
            <Textarea {...c} value={description} onChange={(e) => setDescription(e.target.value)} />
          )}
        </Field>
        {/* Each toggle's name shown above it, as the fields' labels are. */}
        <div className="grid gap-1.5">
          <span className="font-medium text-sm" aria-hidden="true">
            {t("visibility")}
          </span>
          <SegmentedControl
            label={t("visibility")}
            value={visibility}
            onValueChange={setVisibility}
            options={[
              { value: "team", label: t("team") },
              { value: "private", label: t("private") },
            ]}
          />
        </div>
        <div className="grid gap-1.5">
          <span className="font-medium text-sm" aria-hidden="true">
            {t("periodKind")}
          </span>
          <SegmentedControl
            label={t("periodKind")}
            value={kind}
            onValueChange={setKind}
            options={[
              { value: "relative", label: t("relative") },
              { value: "fixed", label: t("fixed") },
            ]}
          />
        </div>
        {kind === "relative" ? (
          <Field id="view-days" label={t("days")} error={errors.period}>
            {(c) => (
              <Input
                {...c}
                type="number"
                min={1}
                max={730}
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </Field>
        ) : (
          <div className="grid grid-cols-2 gap-3">
            <Field id="view-from" label={t("from")} error={errors.period}>
              {(c) => (
                <Input {...c} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              )}
            </Field>
            <Field id="view-to" label={t("to")}>
              {(c) => (
                <Input
                  {...c}
                  type="date"
                  value={lastDay}
                  onChange={(e) => setLastDay(e.target.value)}
                />
              )}
            </Field>
          </div>
        )}
        <Field id="view-window" label={t("window")} error={errors.windowSeconds}>
          {(c) => (
            <Input
              {...c}
              type="number"
              min={1}
              max={365}
              value={windowDays}
              onChange={(e) => setWindowDays(e.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
