"use client";

import { dueTimes } from "@parcours/db/reviews/schedule";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { SegmentedControl } from "@parcours/ui/segmented-control";
import { Select } from "@parcours/ui/select";
import { isTimeZone, type TReviewCadence } from "@parcours/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useId, useMemo, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import type { ReviewSchedule } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const MONTH_DAYS = Array.from({ length: 28 }, (_, i) => i + 1);

/** The browser's own zone: what a new schedule starts with. */
function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Every zone this browser knows, with the browser's own and UTC (not listed by every engine). */
function zoneList(): string[] {
  const zones = new Set(Intl.supportedValuesOf("timeZone"));
  zones.add(browserZone());
  zones.add("UTC");
  return [...zones].sort();
}

export const hourText = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/**
 * A view's review schedule, for those who may change the view: weekly or monthly, the day,
 * the hour in a time zone (the browser's to start with, any IANA zone searchable), the
 * satisfaction-drop alert, on/off; the next review said in words in that zone; remove.
 */
export function ScheduleForm({
  viewId,
  schedule,
  done,
  onDone,
}: {
  viewId: number;
  schedule: ReviewSchedule;
  /** What the last save or removal did: kept by the parent, as the form starts again after it. */
  done: "saved" | "removed" | null;
  onDone: (done: "saved" | "removed" | null) => void;
}) {
  const t = useTranslations("reviews.schedule");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const zones = useMemo(zoneList, []);
  const [cadence, setCadence] = useState<TReviewCadence>(schedule?.cadence ?? "weekly");
  const [day, setDay] = useState(schedule?.day ?? 1);
  const [hour, setHour] = useState(schedule?.hour ?? 9);
  const [timeZone, setTimeZone] = useState(schedule?.timeZone ?? browserZone());
  const [threshold, setThreshold] = useState(
    schedule?.satisfactionDrop === null || schedule?.satisfactionDrop === undefined
      ? ""
      : String(schedule.satisfactionDrop),
  );
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [touched, setTouched] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries(trpc.reviews.schedule.get.queryFilter({ viewId }));
  const save = useMutation(
    trpc.reviews.schedule.set.mutationOptions({
      onSuccess: async () => {
        onDone("saved");
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.reviews.schedule.remove.mutationOptions({
      onSuccess: async () => {
        setConfirmRemove(false);
        onDone("removed");
        await refresh();
      },
    }),
  );

  const zoneError = isTimeZone(timeZone.trim()) ? null : t("timeZoneUnknown");
  const drop = threshold.trim() === "" ? null : Number(threshold.replace(",", "."));
  const dropError =
    drop !== null && (!Number.isFinite(drop) || drop <= 0 || drop > 4)
      ? t("thresholdInvalid")
      : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    onDone(null);
    if (zoneError || dropError) return;
    save.mutate({
      viewId,
      cadence,
      day,
      hour,
      timeZone: timeZone.trim(),
      satisfactionDrop: drop,
      enabled,
    });
  };
  const changeCadence = (next: TReviewCadence) => {
    setCadence(next);
    // A weekday (1–7) is a valid day of the month, not the other way round.
    if (next === "weekly" && day > 7) setDay(1);
  };

  return (
    <div className="grid gap-3" data-testid="review-schedule">
      <h3 className="text-sm font-semibold">{t("title")}</h3>
      <ScheduleSummary schedule={schedule} />
      <form onSubmit={submit} className="grid gap-3" noValidate>
        <div className="flex flex-wrap items-end gap-3">
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" aria-hidden="true">
              {t("cadence")}
            </span>
            <SegmentedControl
              label={t("cadence")}
              size="md"
              options={[
                { value: "weekly", label: t("weekly") },
                { value: "monthly", label: t("monthly") },
              ]}
              value={cadence}
              onValueChange={changeCadence}
            />
          </div>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" aria-hidden="true">
              {cadence === "weekly" ? t("weekday") : t("monthDay")}
            </span>
            <Select
              label={cadence === "weekly" ? t("weekday") : t("monthDay")}
              options={(cadence === "weekly" ? WEEKDAYS : MONTH_DAYS).map((d) => ({
                value: String(d),
                label: cadence === "weekly" ? t("dayName", { day: String(d) }) : String(d),
              }))}
              value={String(day)}
              onValueChange={(v) => setDay(Number(v))}
              className="w-40"
            />
          </div>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium" aria-hidden="true">
              {t("hour")}
            </span>
            <Select
              label={t("hour")}
              options={HOURS.map((h) => ({ value: String(h), label: hourText(h) }))}
              value={String(hour)}
              onValueChange={(v) => setHour(Number(v))}
              className="w-28"
            />
          </div>
        </div>
        <Field
          id={`${id}-zone`}
          label={t("timeZone")}
          hint={t("timeZoneHint", { zone: browserZone() })}
          error={touched ? zoneError : null}
        >
          {(c) => (
            <>
              <Input
                {...c}
                list={`${id}-zones`}
                autoComplete="off"
                spellCheck={false}
                value={timeZone}
                onChange={(e) => setTimeZone(e.target.value)}
                className="max-w-80"
              />
              <datalist id={`${id}-zones`}>
                {zones.map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field
          id={`${id}-threshold`}
          label={t("threshold")}
          hint={t("thresholdHint")}
          error={touched ? dropError : null}
        >
          {(c) => (
            <span className="flex items-center gap-2">
              <Input
                {...c}
                inputMode="decimal"
                value={threshold}
                onChange={(e) => setThreshold(e.target.value)}
                className="w-24"
              />
              <span className="text-sm text-muted-foreground">{t("thresholdUnit")}</span>
            </span>
          )}
        </Field>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            className="size-4"
            checked={enabled}
            onChange={(e) => setEnabled(e.target.checked)}
            aria-describedby={`${id}-enabled-hint`}
          />
          {t("enabled")}
          <span id={`${id}-enabled-hint`} className="font-normal text-muted-foreground">
            ({t("enabledHint")})
          </span>
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={save.isPending} aria-busy={save.isPending || undefined}>
            {save.isPending ? t("saving") : t("save")}
          </Button>
          {schedule ? (
            <Button type="button" variant="outline" onClick={() => setConfirmRemove(true)}>
              {t("remove")}
            </Button>
          ) : null}
          <span role="status" className="text-sm text-positive">
            {done ? t(done) : ""}
          </span>
        </div>
        <RequestError error={save.error ?? remove.error} />
      </form>
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title={t("remove")}
        description={t("removeConfirm")}
        confirmLabel={t("remove")}
        cancelLabel={t("cancel")}
        onConfirm={() => remove.mutate({ viewId })}
        destructive
        busy={remove.isPending}
      />
    </div>
  );
}

/**
 * The schedule in words ("Every Monday at 09:00, Europe/Paris time.") and the next review's
 * date and time in the schedule's zone, computed as the review loop computes it.
 */
export function ScheduleSummary({ schedule }: { schedule: ReviewSchedule }) {
  const t = useTranslations("reviews.schedule");
  const format = useFormatter();
  if (!schedule) {
    return (
      <p className="text-sm" data-testid="review-next">
        {t("none")}
      </p>
    );
  }
  const rule =
    schedule.cadence === "weekly"
      ? t("summaryWeekly", {
          weekday: t("dayName", { day: String(schedule.day) }),
          hour: hourText(schedule.hour),
          zone: schedule.timeZone,
        })
      : t("summaryMonthly", {
          day: schedule.day,
          hour: hourText(schedule.hour),
          zone: schedule.timeZone,
        });
  const next = schedule.enabled ? dueTimes(schedule, new Date()).next : null;
  return (
    <div className="grid gap-0.5 text-sm" data-testid="review-next">
      <p>{rule}</p>
      <p className="font-medium">
        {next === null
          ? t("nextOff")
          : t("next", {
              date: format.dateTime(next, {
                dateStyle: "full",
                timeStyle: "short",
                timeZone: schedule.timeZone,
              }),
              zone: schedule.timeZone,
            })}
      </p>
      {schedule.satisfactionDrop === null ? null : (
        <p className="text-muted-foreground">
          {t("thresholdSummary", { drop: format.number(schedule.satisfactionDrop) })}
        </p>
      )}
    </div>
  );
}
