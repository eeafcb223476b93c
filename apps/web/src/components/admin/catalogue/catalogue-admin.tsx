"use client";

import type { AdminCatalogue, TouchpointChangeEffect } from "@parcours/db/queries";
import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog, Dialog } from "@parcours/ui/dialog";
import { ErrorState } from "@parcours/ui/error-state";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { useFormatters } from "~/lib/use-formatters";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";

type TStage = AdminCatalogue["stages"][number];
type TTouchpoint = AdminCatalogue["touchpoints"][number];
interface TPending {
  key: string;
  name: string;
  channel: string;
  stage: string;
  effect: TouchpointChangeEffect;
}

export function CatalogueAdmin() {
  const t = useTranslations("adminCatalogue");
  const tErrors = useTranslations("errors");
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalogue = useQuery(trpc.admin.catalogue.get.queryOptions());
  const [status, setStatus] = useState<string | null>(null);
  const [stage, setStage] = useState<TStage | null>(null);
  const [touchpoint, setTouchpoint] = useState<TTouchpoint | null>(null);
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<TPending | null>(null);
  const [checking, setChecking] = useState(false);
  const done = async (message: string) => {
    setStatus(message);
    await queryClient.invalidateQueries();
  };
  const reorder = useMutation(
    trpc.admin.catalogue.reorderStages.mutationOptions({ onSuccess: () => done(t("reordered")) }),
  );
  const saveStage = useMutation(
    trpc.admin.catalogue.updateStage.mutationOptions({
      onSuccess: async (_r, input) => {
        setStage(null);
        await done(t("savedStage", { name: input.name }));
      },
    }),
  );
  const saveTouchpoint = useMutation(
    trpc.admin.catalogue.updateTouchpoint.mutationOptions({
      onSuccess: async (_r, input) => {
        setPending(null);
        setTouchpoint(null);
        await done(t("savedTouchpoint", { name: input.name ?? input.key }));
      },
    }),
  );
  const addTouchpoint = useMutation(
    trpc.admin.catalogue.createTouchpoint.mutationOptions({
      onSuccess: async (_r, input) => {
        setAdding(false);
        await done(t("added", { name: input.name }));
      },
    }),
  );
  const failure = reorder.error ?? saveStage.error ?? saveTouchpoint.error ?? addTouchpoint.error;

  if (catalogue.isPending) return <Skeleton className="h-64 w-full" />;
  if (catalogue.isError) {
    return (
      <ErrorState
        title={tErrors("sectionTitle")}
        description={errorMessage(catalogue.error, tErrors("pageHint"))}
        retryLabel={tErrors("retry")}
        onRetry={() => catalogue.refetch()}
      />
    );
  }
  const data = catalogue.data;
  const stageName = new Map(data.stages.map((s) => [s.key, s.name]));
  const channelName = new Map(data.channels.map((c) => [c.key, c.name]));
  const move = (index: number, by: -1 | 1) => {
    const keys = data.stages.map((s) => s.key);
    const other = index + by;
    const a = keys[index];
    const b = keys[other];
    if (a === undefined || b === undefined) return;
    keys[index] = b;
    keys[other] = a;
    reorder.mutate({ keys });
  };
  /** A change that touches history is previewed, then confirmed; a rename goes straight through. */
  const submitTouchpoint = async (next: {
    key: string;
    name: string;
    channel: string;
    stage: string;
  }) => {
    const current = data.touchpoints.find((x) => x.key === next.key);
    if (current && current.stage === next.stage && current.channel === next.channel) {
      saveTouchpoint.mutate({ key: next.key, name: next.name, stage: next.stage });
      return;
    }
    setChecking(true);
    try {
      const effect = await queryClient.fetchQuery(
        trpc.admin.catalogue.previewTouchpoint.queryOptions({
          key: next.key,
          stage: next.stage,
          channel: next.channel,
        }),
      );
      setPending({ ...next, effect });
    } finally {
      setChecking(false);
    }
  };

  return (
    <div className="grid gap-8">
      <p aria-live="polite" role="status" className="text-sm text-positive empty:hidden">
        {status}
      </p>
      {failure ? (
        <p role="alert" className="text-sm text-negative">
          {errorMessage(failure, tErrors("pageHint"))}
        </p>
      ) : null}
      <section aria-labelledby="stages-title" className="grid gap-3">
        <div>
          <h2 id="stages-title" className="text-lg font-semibold">
            {t("stages")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("stagesHint")}</p>
        </div>
        <ol className="grid gap-2">
          {data.stages.map((s, i) => (
            <li
              key={s.key}
              className="flex flex-wrap items-start gap-3 rounded-lg border border-border bg-card p-3"
              data-testid={`stage-${s.key}`}
            >
              <span className="grid size-7 place-items-center rounded-full bg-muted text-xs font-semibold tabular-nums">
                {i + 1}
              </span>
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {s.name} <span className="font-mono text-xs text-muted-foreground">{s.key}</span>
                  {s.isConversion ? (
                    <Badge variant="outline" className="ml-2">
                      {t("conversion")}
                    </Badge>
                  ) : null}
                </p>
                {s.goal ? <p className="text-sm text-muted-foreground">{s.goal}</p> : null}
                <p className="text-xs text-muted-foreground">
                  {f.integer(s.events)} {t("events").toLowerCase()}
                </p>
              </div>
              <div className="flex gap-1">
                <Button
                  size="icon"
                  variant="ghost"
                  aria-label={t("moveUp", { name: s.name })}
                  disabled={i === 0 || reorder.isPending}
                  onClick={() => move(i, -1)}
                >
                  <ArrowUp aria-hidden="true" />
                </Button>
                <Button
                  size="icon"
                  variant="ghost"
                  aria-label={t("moveDown", { name: s.name })}
                  disabled={i === data.stages.length - 1 || reorder.isPending}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDown aria-hidden="true" />
                </Button>
                <Button
                  size="sm"
                  variant="outline"
                  aria-label={t("editStage", { name: s.name })}
                  onClick={() => setStage(s)}
                >
                  {t("edit")}
                </Button>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="touchpoints-title" className="grid gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="touchpoints-title" className="text-lg font-semibold">
            {t("touchpoints")}
          </h2>
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            {t("add")}
          </Button>
        </div>
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("key")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("channel")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("stage")}
                </th>
                <th scope="col" className="px-3 py-2 text-right font-medium">
                  {t("events")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.touchpoints.map((tp) => (
                <tr
                  key={tp.key}
                  className="border-b border-border last:border-0"
                  data-testid={`touchpoint-${tp.key}`}
                >
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {tp.name}
                    {tp.autoCreated ? (
                      <Badge variant="warning" className="ml-2" title={t("toPlaceHint")}>
                        {t("toPlace")}
                      </Badge>
                    ) : null}
                  </th>
                  <td className="px-3 py-2 font-mono text-xs">{tp.key}</td>
                  <td className="px-3 py-2">{channelName.get(tp.channel) ?? tp.channel}</td>
                  <td className="px-3 py-2">{stageName.get(tp.stage) ?? tp.stage}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{f.integer(tp.events)}</td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      size="sm"
                      variant="outline"
                      aria-label={t("editTouchpoint", { name: tp.name })}
                      onClick={() => setTouchpoint(tp)}
                    >
                      {t("edit")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {stage ? (
        <StageDialog
          key={stage.key}
          stage={stage}
          busy={saveStage.isPending}
          onClose={() => setStage(null)}
          onSave={(v) => saveStage.mutate(v)}
        />
      ) : null}
      {touchpoint || adding ? (
        <TouchpointDialog
          key={touchpoint?.key ?? "new"}
          touchpoint={touchpoint}
          catalogue={data}
          busy={checking || saveTouchpoint.isPending || addTouchpoint.isPending}
          onClose={() => {
            setTouchpoint(null);
            setAdding(false);
          }}
          onSave={(v) => (touchpoint ? void submitTouchpoint(v) : addTouchpoint.mutate(v))}
        />
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={t("effectTitle", { name: pending?.name ?? "" })}
        confirmLabel={t("confirm")}
        cancelLabel={t("cancel")}
        busy={saveTouchpoint.isPending}
        onConfirm={() =>
          pending &&
          saveTouchpoint.mutate({
            key: pending.key,
            name: pending.name,
            stage: pending.stage,
            channel: pending.channel,
          })
        }
      >
        {pending ? (
          <ul className="grid gap-1 text-sm" data-testid="touchpoint-effect">
            {pending.effect.fromStage !== pending.effect.toStage ? (
              <li>
                {t("effectStage", {
                  events: f.integer(pending.effect.eventsMovingStage),
                  customers: f.integer(pending.effect.customersMovingStage),
                  from: stageName.get(pending.effect.fromStage) ?? pending.effect.fromStage,
                  to: stageName.get(pending.effect.toStage) ?? pending.effect.toStage,
                })}
              </li>
            ) : null}
            {pending.effect.eventsKeepingStage > 0 ? (
              <li>{t("effectKept", { events: f.integer(pending.effect.eventsKeepingStage) })}</li>
            ) : null}
            {pending.effect.fromChannel !== pending.effect.toChannel ? (
              <li>
                {t("effectChannel", {
                  events: f.integer(pending.effect.eventsMovingChannel),
                  from: channelName.get(pending.effect.fromChannel) ?? pending.effect.fromChannel,
                  to: channelName.get(pending.effect.toChannel) ?? pending.effect.toChannel,
                })}
              </li>
            ) : null}
          </ul>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}

function StageDialog({
  stage,
  busy,
  onClose,
  onSave,
}: {
  stage: TStage;
  busy: boolean;
  onClose: () => void;
  onSave: (value: { key: string; name: string; goal: string; actions: string[] }) => void;
}) {
  const t = useTranslations("adminCatalogue");
  const [name, setName] = useState(stage.name);
  const [goal, setGoal] = useState(stage.goal);
  const [actions, setActions] = useState(stage.actions.join("\n"));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({
      key: stage.key,
      name,
      goal,
      actions: actions
        .split("\n")
        .map((a) => a.trim())
        .filter(Boolean),
    });
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={t("editStage", { name: stage.name })}
      closeLabel={t("close")}
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <Field id="stage-name" label={t("name")}>
          {(c) => (
            <Input {...c} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          )}
        </Field>
        <Field id="stage-goal" label={t("goal")}>
          {(c) => <Textarea {...c} value={goal} onChange={(e) => setGoal(e.target.value)} />}
        </Field>
        <Field id="stage-actions" label={t("actions")} hint={t("actionsHint")}>
          {(c) => <Textarea {...c} value={actions} onChange={(e) => setActions(e.target.value)} />}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={busy || !name.trim()}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function TouchpointDialog({
  touchpoint,
  catalogue,
  busy,
  onClose,
  onSave,
}: {
  touchpoint: TTouchpoint | null;
  catalogue: AdminCatalogue;
  busy: boolean;
  onClose: () => void;
  onSave: (value: { key: string; name: string; channel: string; stage: string }) => void;
}) {
  const t = useTranslations("adminCatalogue");
  const [key, setKey] = useState(touchpoint?.key ?? "");
  const [name, setName] = useState(touchpoint?.name ?? "");
  const [channel, setChannel] = useState(touchpoint?.channel ?? catalogue.channels[0]?.key ?? "");
  const [stage, setStage] = useState(touchpoint?.stage ?? catalogue.stages[0]?.key ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave({ key, name, channel, stage });
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={touchpoint ? t("editTouchpoint", { name: touchpoint.name }) : t("addTitle")}
      description={touchpoint?.autoCreated ? t("toPlaceHint") : undefined}
      closeLabel={t("close")}
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        {touchpoint ? null : (
          <Field id="touchpoint-key" label={t("key")} hint={t("keyHint")}>
            {(c) => (
              <Input {...c} value={key} onChange={(e) => setKey(e.target.value)} maxLength={63} />
            )}
          </Field>
        )}
        <Field id="touchpoint-name" label={t("name")}>
          {(c) => (
            <Input {...c} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          )}
        </Field>
        <div className="grid gap-1.5">
          <span className="text-sm font-medium">{t("channel")}</span>
          <Select
            label={t("channel")}
            value={channel}
            onValueChange={setChannel}
            options={catalogue.channels.map((c) => ({ value: c.key, label: c.name }))}
          />
        </div>
        <div className="grid gap-1.5">
          <span className="text-sm font-medium">{t("stage")}</span>
          <Select
            label={t("stage")}
            value={stage}
            onValueChange={setStage}
            options={catalogue.stages.map((s) => ({ value: s.key, label: s.name }))}
          />
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" disabled={busy || !name.trim() || !key.trim()}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
