"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import {
  COUNT_KINDS,
  METRIC_KINDS,
  type TCount,
  type TMetricKind,
  type TStageMetric,
} from "@parcours/validators";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { AlertText } from "~/components/common/alert-text";
import type { AdminCatalogue } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import type { TAdminStage } from "./stage-dialog";

type CountKind = (typeof COUNT_KINDS)[number];

/** A metric as the form edits it: lists as comma-separated text, the target in the unit shown. */
interface Draft {
  id: number;
  key: string;
  name: string;
  kind: TMetricKind;
  touchpoints: string;
  types: string;
  numKind: CountKind;
  numTouchpoints: string;
  numTypes: string;
  denKind: CountKind;
  denTouchpoints: string;
  denTypes: string;
  type: string;
  from: string;
  to: string;
  /** A cost's channels; its count is the denominator's fields. */
  channels: string;
  op: "none" | "gte" | "lte";
  value: string;
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const text = (items: string[]) => items.join(", ");

/** Shares are entered in %, durations in hours; stored as a fraction and in seconds. */
const unit = (kind: TMetricKind) =>
  kind === "ratio" || kind === "repeat" ? 100 : kind === "time" ? 1 / 3600 : 1;
const unitLabel = (kind: TMetricKind) =>
  kind === "ratio" || kind === "repeat"
    ? "share"
    : kind === "time"
      ? "time"
      : kind === "cost"
        ? "money"
        : "other";

let nextId = 1;
function emptyDraft(): Draft {
  return {
    id: nextId++,
    key: "",
    name: "",
    kind: "events",
    touchpoints: "",
    types: "",
    numKind: "events",
    numTouchpoints: "",
    numTypes: "",
    denKind: "events",
    denTouchpoints: "",
    denTypes: "",
    type: "",
    from: "",
    to: "",
    channels: "",
    op: "none",
    value: "",
  };
}

function toDraft(m: TStageMetric): Draft {
  const d = emptyDraft();
  d.key = m.key;
  d.name = m.name;
  d.kind = m.kind;
  if (m.target) {
    d.op = m.target.op;
    d.value = String(Number((m.target.value * unit(m.kind)).toPrecision(12)));
  }
  switch (m.kind) {
    case "ratio":
      d.numKind = m.numerator.kind;
      d.numTouchpoints = text(m.numerator.of.touchpoints);
      d.numTypes = text(m.numerator.of.types);
      d.denKind = m.denominator.kind;
      d.denTouchpoints = text(m.denominator.of.touchpoints);
      d.denTypes = text(m.denominator.of.types);
      break;
    case "repeat":
      d.type = m.type;
      break;
    case "time":
      d.from = m.from;
      d.to = m.to;
      break;
    case "cost":
      d.channels = text(m.channels);
      d.denKind = m.per.kind;
      d.denTouchpoints = text(m.per.of.touchpoints);
      d.denTypes = text(m.per.of.types);
      break;
    default:
      d.touchpoints = text(m.of.touchpoints);
      d.types = text(m.of.types);
  }
  return d;
}

function toMetric(d: Draft): TStageMetric {
  const target =
    d.op === "none"
      ? null
      : { op: d.op, value: d.value.trim() === "" ? Number.NaN : Number(d.value) / unit(d.kind) };
  const base = { key: d.key.trim(), name: d.name, target };
  const of = (touchpoints: string, types: string) => ({
    touchpoints: list(touchpoints),
    types: list(types),
  });
  switch (d.kind) {
    case "ratio": {
      const numerator: TCount = { kind: d.numKind, of: of(d.numTouchpoints, d.numTypes) };
      const denominator: TCount = { kind: d.denKind, of: of(d.denTouchpoints, d.denTypes) };
      return { ...base, kind: "ratio", numerator, denominator };
    }
    case "repeat":
      return { ...base, kind: "repeat", type: d.type.trim() };
    case "time":
      return { ...base, kind: "time", from: d.from.trim(), to: d.to.trim() };
    case "cost": {
      const per: TCount = { kind: d.denKind, of: of(d.denTouchpoints, d.denTypes) };
      return { ...base, kind: "cost", channels: list(d.channels), per };
    }
    default:
      return { ...base, kind: d.kind, of: of(d.touchpoints, d.types) };
  }
}

/** A stage's measured metrics and their targets (docs/metrics.md, "Stage metrics"). */
export function StageMetricsDialog({
  stage,
  catalogue,
  onClose,
  onSaved,
}: {
  stage: TAdminStage;
  catalogue: AdminCatalogue;
  onClose: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const t = useTranslations("stageMetrics.editor");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [drafts, setDrafts] = useState<Draft[]>(() => stage.metrics.map(toDraft));
  const save = useMutation(
    trpc.admin.catalogue.setStageMetrics.mutationOptions({
      onSuccess: async () => {
        await onSaved(t("saved"));
        onClose();
      },
    }),
  );
  const update = (id: number, change: Partial<Draft>) =>
    setDrafts((all) => all.map((d) => (d.id === id ? { ...d, ...change } : d)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ stage: stage.key, metrics: drafts.map(toMetric) });
  };
  const touchpointHint = catalogue.touchpoints.map((tp) => tp.key).join(", ");
  const channelHint = catalogue.channels.map((c) => c.key).join(", ");
  const textField = (d: Draft, field: keyof Draft, label: string, hint?: string) => (
    <Field id={`metric-${d.id}-${field}`} label={label} {...(hint ? { hint } : {})}>
      {(c) => (
        <Input
          {...c}
          value={String(d[field])}
          onChange={(e) => update(d.id, { [field]: e.target.value })}
        />
      )}
    </Field>
  );
  const countKindOptions = COUNT_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }));
  /**
   * A count (its kind, touchpoints and types) under a title: a ratio's numerator ("num") and
   * denominator ("den"), and what a cost is divided by (the denominator's fields).
   */
  const countBlock = (d: Draft, side: "num" | "den", title: string) => (
    <div className="grid gap-2">
      <p className="text-sm font-medium">{title}</p>
      <Select
        label={`${title} · ${t("countKind")}`}
        value={d[`${side}Kind`]}
        onValueChange={(value) => update(d.id, { [`${side}Kind`]: value as CountKind })}
        options={countKindOptions}
      />
      {textField(d, `${side}Touchpoints`, t("touchpoints"), touchpointHint)}
      {textField(d, `${side}Types`, t("types"))}
    </div>
  );

  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("title", { stage: stage.name })}
      closeLabel={t("cancel")}
    >
      <form onSubmit={submit} className="grid max-h-[75vh] gap-4 overflow-y-auto" noValidate>
        <p className="text-sm text-muted-foreground">{t("intro")}</p>
        <AlertText className="text-sm font-medium text-negative">
          {save.error ? errorMessage(save.error, tErrors("pageHint")) : null}
        </AlertText>
        {drafts.map((d, i) => (
          <fieldset
            key={d.id}
            className="grid gap-3 rounded-lg border p-3"
            data-testid={`metric-draft-${i}`}
          >
            <legend className="px-1 text-sm font-medium">{d.name || `#${i + 1}`}</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {textField(d, "key", t("key"))}
              {textField(d, "name", t("name"))}
            </div>
            <span className="-mb-2 text-sm font-medium" aria-hidden="true">
              {t("kind")}
            </span>
            <Select
              id={`metric-${d.id}-kind`}
              label={t("kind")}
              value={d.kind}
              onValueChange={(value) => update(d.id, { kind: value as TMetricKind })}
              options={METRIC_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            />
            {d.kind === "ratio" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                {countBlock(d, "num", t("numerator"))}
                {countBlock(d, "den", t("denominator"))}
              </div>
            ) : d.kind === "repeat" ? (
              textField(d, "type", t("type"))
            ) : d.kind === "cost" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                {textField(d, "channels", t("channels"), channelHint)}
                {countBlock(d, "den", t("per"))}
              </div>
            ) : d.kind === "time" ? (
              <div className="grid gap-3 sm:grid-cols-2">
                {textField(d, "from", t("from"))}
                {textField(d, "to", t("to"))}
              </div>
            ) : (
              <div className="grid gap-3 sm:grid-cols-2">
                {textField(d, "touchpoints", t("touchpoints"), touchpointHint)}
                {textField(d, "types", t("types"))}
              </div>
            )}
            <div className="grid items-end gap-3 sm:grid-cols-2">
              <div className="grid gap-1.5">
                <span className="text-sm font-medium" aria-hidden="true">
                  {t("targetOp")}
                </span>
                <Select
                  id={`metric-${d.id}-op`}
                  label={t("targetOp")}
                  value={d.op}
                  onValueChange={(value) => update(d.id, { op: value as Draft["op"] })}
                  options={[
                    { value: "none", label: t("targetNone") },
                    { value: "gte", label: t("targetGte") },
                    { value: "lte", label: t("targetLte") },
                  ]}
                />
              </div>
              {d.op === "none"
                ? null
                : textField(
                    d,
                    "value",
                    `${t("targetValue")} ${t(`targetUnit.${unitLabel(d.kind)}`)}`.trim(),
                  )}
            </div>
            <div>
              <Button
                variant="ghost"
                size="sm"
                onClick={() => setDrafts((all) => all.filter((x) => x.id !== d.id))}
              >
                <Trash2 aria-hidden="true" className="size-4" />
                {t("remove", { name: d.name || `#${i + 1}` })}
              </Button>
            </div>
          </fieldset>
        ))}
        <div>
          <Button
            variant="outline"
            onClick={() => setDrafts((all) => [...all, emptyDraft()])}
            disabled={drafts.length >= 10}
          >
            {t("add")}
          </Button>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={save.isPending} aria-busy={save.isPending || undefined}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
