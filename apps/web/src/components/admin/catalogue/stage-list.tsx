"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { AlertText, RequestError } from "~/components/common/alert-text";
import { useFormatters } from "~/lib/use-formatters";
import type { AdminCatalogue, ConversionStageEffect, StageReorderEffect } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { StageDialog, type TAdminStage } from "./stage-dialog";
import { StageMetricsDialog } from "./stage-metrics-dialog";

type Direction = "up" | "down";

/**
 * Stages in order. Move up / Move down rearrange a draft (each move announced, focus kept on
 * the moved stage); saving the order shows what it changes first. Each stage can be edited and
 * made the conversion stage.
 */
export function StageList({
  catalogue,
  announce,
  onSaved,
}: {
  catalogue: AdminCatalogue;
  announce: (message: string) => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const t = useTranslations("adminCatalogue");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = catalogue.stages.map((s) => s.key);
  const byKey = new Map(catalogue.stages.map((s) => [s.key, s]));
  const nameOf = (key: string | null) => (key ? (byKey.get(key)?.name ?? key) : t("noStage"));

  const [draft, setDraft] = useState<string[] | null>(null);
  // A draft over another set of stages (the catalogue changed meanwhile) is dropped.
  const order =
    draft && draft.length === saved.length && saved.every((k) => draft.includes(k)) ? draft : saved;
  const dirty = order.join() !== saved.join();

  // Moving a list item moves its DOM node, which drops focus: put it back on the same stage.
  const list = useRef<HTMLOListElement>(null);
  const [focus, setFocus] = useState<{ key: string; direction: Direction } | null>(null);
  useEffect(() => {
    if (!focus) return;
    const button = (direction: Direction) =>
      list.current?.querySelector<HTMLButtonElement>(`[data-move="${focus.key}:${direction}"]`);
    const same = button(focus.direction);
    (same && !same.disabled ? same : button(focus.direction === "up" ? "down" : "up"))?.focus();
    setFocus(null);
  }, [focus]);

  const move = (index: number, direction: Direction) => {
    const to = direction === "up" ? index - 1 : index + 1;
    const key = order[index];
    const other = order[to];
    if (key === undefined || other === undefined) return;
    const next = [...order];
    next[index] = other;
    next[to] = key;
    setDraft(next);
    setFocus({ key, direction });
    announce(
      t("moved", {
        name: nameOf(key),
        position: f.integer(to + 1),
        count: f.integer(next.length),
      }),
    );
  };

  const [checking, setChecking] = useState(false);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [reorderEffect, setReorderEffect] = useState<StageReorderEffect | null>(null);
  const [conversion, setConversion] = useState<{
    stage: TAdminStage;
    effect: ConversionStageEffect;
  } | null>(null);
  const [editing, setEditing] = useState<TAdminStage | null>(null);
  const [editingMetrics, setEditingMetrics] = useState<TAdminStage | null>(null);
  const tStageMetrics = useTranslations("stageMetrics.editor");

  /** Asks the server what a change would do (never from cache), then opens its confirmation. */
  const preview = async <T,>(load: () => Promise<T>, open: (value: T) => void) => {
    setChecking(true);
    setPreviewError(null);
    announce(t("checking"));
    try {
      open(await load());
    } catch (error) {
      setPreviewError(errorMessage(error, tErrors("pageHint")));
    } finally {
      setChecking(false);
    }
  };
  const askReorder = () =>
    preview(
      () =>
        queryClient.fetchQuery({
          ...trpc.admin.catalogue.previewReorder.queryOptions({ keys: order }),
          staleTime: 0,
        }),
      setReorderEffect,
    );
  const askConversion = (stage: TAdminStage) =>
    preview(
      () =>
        queryClient.fetchQuery({
          ...trpc.admin.catalogue.previewConversionStage.queryOptions({ key: stage.key }),
          staleTime: 0,
        }),
      (effect) => setConversion({ stage, effect }),
    );

  const reorder = useMutation(
    trpc.admin.catalogue.reorderStages.mutationOptions({
      onSuccess: async () => {
        await onSaved(t("reordered"));
        setReorderEffect(null);
        setDraft(null);
      },
    }),
  );
  const makeConversion = useMutation(
    trpc.admin.catalogue.setConversionStage.mutationOptions({
      onSuccess: async (_result, input) => {
        await onSaved(t("conversionSaved", { name: nameOf(input.key) }));
        setConversion(null);
      },
    }),
  );
  const busy = checking || reorder.isPending;
  const customers = (n: number) => ({ count: n, customers: f.integer(n) });

  return (
    <section aria-labelledby="stages-title" className="grid gap-3">
      <div>
        <h2 id="stages-title" className="text-lg font-semibold">
          {t("stages")}
        </h2>
        <p className="max-w-3xl text-sm text-muted-foreground">{t("stagesHint")}</p>
      </div>
      <AlertText>{previewError}</AlertText>
      <ol ref={list} className="grid gap-2">
        {order.map((key, i) => {
          const s = byKey.get(key);
          if (!s) return null;
          return (
            <li
              key={s.key}
              className="flex flex-wrap items-start gap-3 rounded-lg border border-border bg-card p-3"
              data-testid={`stage-${s.key}`}
            >
              <span className="grid size-7 shrink-0 place-items-center rounded-full bg-muted text-xs font-semibold tabular-nums">
                {f.integer(i + 1)}
              </span>
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {s.name} <span className="font-mono text-xs text-muted-foreground">{s.key}</span>
                  {s.isConversion ? (
                    <Badge variant="outline" className="ml-2">
                      {t("conversion")}
                    </Badge>
                  ) : null}
                  {saved[i] !== s.key ? (
                    <Badge variant="warning" className="ml-2">
                      {t("unsaved")}
                    </Badge>
                  ) : null}
                </p>
                {s.goal ? <p className="text-sm text-muted-foreground">{s.goal}</p> : null}
                {s.actions.length > 0 ? (
                  <p className="text-xs text-muted-foreground">
                    {t("stageActions", { actions: s.actions.join(" · ") })}
                  </p>
                ) : null}
                <p className="text-xs text-muted-foreground tabular-nums">
                  {t("stageEvents", { count: s.events, events: f.integer(s.events) })}
                </p>
              </div>
              <div className="flex flex-wrap gap-1">
                <Button
                  data-move={`${s.key}:up`}
                  size="icon"
                  variant="ghost"
                  aria-label={t("moveUp", { name: s.name })}
                  disabled={i === 0 || busy}
                  onClick={() => move(i, "up")}
                >
                  <ArrowUp aria-hidden="true" />
                </Button>
                <Button
                  data-move={`${s.key}:down`}
                  size="icon"
                  variant="ghost"
                  aria-label={t("moveDown", { name: s.name })}
                  disabled={i === order.length - 1 || busy}
                  onClick={() => move(i, "down")}
                >
                  <ArrowDown aria-hidden="true" />
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={t("editStage", { name: s.name })}
                  onClick={() => setEditing(s)}
                >
                  {t("edit")}
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={tStageMetrics("title", { stage: s.name })}
                  onClick={() => setEditingMetrics(s)}
                >
                  {tStageMetrics("open", { count: s.metrics.length })}
                </Button>
                {s.isConversion ? null : (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t("makeConversion", { name: s.name })}
                    disabled={checking}
                    onClick={() => askConversion(s)}
                  >
                    {t("makeConversionShort")}
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {dirty ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-warning/50 bg-card p-3">
          <p className="flex-1 text-sm">{t("orderChanged")}</p>
          <Button
            variant="outline"
            disabled={busy}
            onClick={() => {
              setDraft(null);
              announce(t("orderReset"));
            }}
          >
            {t("resetOrder")}
          </Button>
          <Button onClick={askReorder} disabled={busy} aria-busy={checking || undefined}>
            {t("saveOrder")}
          </Button>
        </div>
      ) : null}

      {editingMetrics ? (
        <StageMetricsDialog
          key={editingMetrics.key}
          stage={editingMetrics}
          catalogue={catalogue}
          onClose={() => setEditingMetrics(null)}
          onSaved={onSaved}
        />
      ) : null}
      {editing ? (
        <StageDialog
          key={editing.key}
          stage={editing}
          onClose={() => setEditing(null)}
          onSaved={onSaved}
        />
      ) : null}

      <ConfirmDialog
        open={reorderEffect !== null}
        onOpenChange={(open) => {
          if (!open) {
            setReorderEffect(null);
            reorder.reset();
          }
        }}
        title={t("reorderTitle")}
        confirmLabel={t("reorderConfirm")}
        cancelLabel={t("cancel")}
        busy={reorder.isPending}
        onConfirm={() => reorderEffect && reorder.mutate({ keys: reorderEffect.after })}
      >
        {reorderEffect ? (
          <div className="grid gap-2 text-sm" data-testid="reorder-effect">
            <RequestError error={reorder.error} className="text-negative" />
            <p>{t("reorderNoEvents")}</p>
            <p>{t("reorderFunnel", { order: reorderEffect.after.map(nameOf).join(" → ") })}</p>
            <ul className="grid list-disc gap-1 pl-5">
              {reorderEffect.nextStageChanges.map((c) => {
                const values = { stage: nameOf(c.stage), ...customers(c.customers) };
                return (
                  <li key={c.stage}>
                    {c.toNext === null
                      ? t("reorderNowLast", values)
                      : c.fromNext === null
                        ? t("reorderWasLast", { ...values, to: nameOf(c.toNext) })
                        : t("reorderNext", {
                            ...values,
                            from: nameOf(c.fromNext),
                            to: nameOf(c.toNext),
                          })}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={conversion !== null}
        onOpenChange={(open) => {
          if (!open) {
            setConversion(null);
            makeConversion.reset();
          }
        }}
        title={t("conversionTitle", { name: conversion?.stage.name ?? "" })}
        confirmLabel={t("conversionConfirm")}
        cancelLabel={t("cancel")}
        busy={makeConversion.isPending}
        onConfirm={() => conversion && makeConversion.mutate({ key: conversion.stage.key })}
      >
        {conversion ? (
          <div className="grid gap-2 text-sm" data-testid="conversion-effect">
            <RequestError error={makeConversion.error} className="text-negative" />
            <p>
              {t("conversionEffect", {
                from: nameOf(conversion.effect.fromStage),
                to: nameOf(conversion.effect.toStage),
              })}
            </p>
            <p>
              {t("conversionCounts", {
                from: nameOf(conversion.effect.fromStage),
                to: nameOf(conversion.effect.toStage),
                fromCount: conversion.effect.customersFrom,
                fromCustomers: f.integer(conversion.effect.customersFrom),
                toCount: conversion.effect.customersTo,
                toCustomers: f.integer(conversion.effect.customersTo),
              })}
            </p>
          </div>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
