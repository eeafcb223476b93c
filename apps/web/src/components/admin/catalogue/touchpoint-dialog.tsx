"use client";

import { Button } from "@parcours/ui/button";
import { ConfirmDialog, Dialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useFormatters } from "~/lib/use-formatters";
import type { AdminCatalogue, TouchpointChangeEffect } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { formErrors } from "../error-message";

export type TAdminTouchpoint = AdminCatalogue["touchpoints"][number];

/**
 * Adds a touchpoint (`touchpoint` null) or edits one. A new stage or channel moves past events:
 * the server's preview of how many opens a confirmation first; a rename saves straight away.
 */
export function TouchpointDialog({
  touchpoint,
  catalogue,
  onClose,
  onSaved,
}: {
  touchpoint: TAdminTouchpoint | null;
  catalogue: AdminCatalogue;
  onClose: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const t = useTranslations("adminCatalogue");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState(touchpoint?.key ?? "");
  const [name, setName] = useState(touchpoint?.name ?? "");
  const [channel, setChannel] = useState(touchpoint?.channel ?? catalogue.channels[0]?.key ?? "");
  const [stage, setStage] = useState(touchpoint?.stage ?? catalogue.stages[0]?.key ?? "");
  const [checking, setChecking] = useState(false);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [effect, setEffect] = useState<TouchpointChangeEffect | null>(null);

  const create = useMutation(
    trpc.admin.catalogue.createTouchpoint.mutationOptions({
      onSuccess: async (_result, input) => {
        await onSaved(t("added", { name: input.name }));
        onClose();
      },
    }),
  );
  const update = useMutation(
    trpc.admin.catalogue.updateTouchpoint.mutationOptions({
      onSuccess: async (_result, input) => {
        await onSaved(t("savedTouchpoint", { name: input.name ?? input.key }));
        setEffect(null);
        onClose();
      },
    }),
  );
  const failure = create.error ?? update.error ?? previewError;
  const { fields: errors, general } = formErrors(failure, tErrors("pageHint"));
  const busy = checking || create.isPending || update.isPending;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!touchpoint) {
      create.mutate({ key: key.trim(), name, channel, stage });
      return;
    }
    const change = { key: touchpoint.key, name, channel, stage };
    if (channel === touchpoint.channel && stage === touchpoint.stage) {
      update.mutate(change);
      return;
    }
    setChecking(true);
    setPreviewError(null);
    try {
      const preview = await queryClient.fetchQuery({
        ...trpc.admin.catalogue.previewTouchpoint.queryOptions({
          key: touchpoint.key,
          channel,
          stage,
        }),
        staleTime: 0,
      });
      const touchesHistory =
        preview.eventsMovingStage + preview.eventsKeepingStage + preview.eventsMovingChannel > 0;
      if (touchesHistory) setEffect(preview);
      else update.mutate(change);
    } catch (error) {
      setPreviewError(error);
    } finally {
      setChecking(false);
    }
  };

  return (
    <>
      <Dialog
        open
        onOpenChange={(open) => !open && onClose()}
        title={touchpoint ? t("editTouchpoint", { name: touchpoint.name }) : t("addTitle")}
        description={
          touchpoint?.autoCreated ? t("toPlaceHint") : touchpoint ? undefined : t("addHint")
        }
        closeLabel={t("close")}
      >
        <form onSubmit={submit} className="grid gap-4" noValidate>
          {general && !effect ? (
            <p role="alert" className="text-sm font-medium text-negative">
              {general}
            </p>
          ) : null}
          {checking ? (
            <p role="status" className="text-sm text-muted-foreground">
              {t("checking")}
            </p>
          ) : null}
          {touchpoint ? null : (
            <Field id="touchpoint-key" label={t("key")} hint={t("keyHint")} error={errors.key}>
              {(c) => (
                <Input
                  {...c}
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                  maxLength={63}
                  autoCapitalize="none"
                  spellCheck={false}
                  className="font-mono"
                  required
                />
              )}
            </Field>
          )}
          <Field id="touchpoint-name" label={t("name")} error={errors.name}>
            {(c) => (
              <Input
                {...c}
                value={name}
                onChange={(e) => setName(e.target.value)}
                maxLength={80}
                required
              />
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
            {errors.channel ? <p className="text-xs text-negative">{errors.channel}</p> : null}
          </div>
          <div className="grid gap-1.5">
            <span className="text-sm font-medium">{t("stage")}</span>
            <Select
              label={t("stage")}
              value={stage}
              onValueChange={setStage}
              options={catalogue.stages.map((s) => ({ value: s.key, label: s.name }))}
            />
            {errors.stage ? <p className="text-xs text-negative">{errors.stage}</p> : null}
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={onClose}>
              {t("cancel")}
            </Button>
            <Button
              type="submit"
              disabled={busy || !name.trim() || !key.trim()}
              aria-busy={busy || undefined}
            >
              {t("save")}
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={effect !== null}
        onOpenChange={(open) => {
          if (!open) {
            setEffect(null);
            update.reset();
          }
        }}
        title={t("effectTitle", { name: touchpoint?.name ?? "" })}
        confirmLabel={t("confirm")}
        cancelLabel={t("cancel")}
        busy={update.isPending}
        onConfirm={() => touchpoint && update.mutate({ key: touchpoint.key, name, channel, stage })}
      >
        {effect && touchpoint ? (
          <>
            <RequestError error={update.error} />
            <TouchpointEffect effect={effect} name={touchpoint.name} catalogue={catalogue} />
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

/** The effect of a touchpoint change on past events, in sentences with the numbers. */
function TouchpointEffect({
  effect,
  name,
  catalogue,
}: {
  effect: TouchpointChangeEffect;
  name: string;
  catalogue: AdminCatalogue;
}) {
  const t = useTranslations("adminCatalogue");
  const f = useFormatters();
  const stageName = (key: string) => catalogue.stages.find((s) => s.key === key)?.name ?? key;
  const channelName = (key: string) => catalogue.channels.find((c) => c.key === key)?.name ?? key;
  return (
    <ul className="grid list-disc gap-1 pl-5 text-sm" data-testid="touchpoint-effect">
      {effect.fromStage !== effect.toStage ? (
        <li>
          {t("effectStage", {
            count: effect.eventsMovingStage,
            events: f.integer(effect.eventsMovingStage),
            name,
            customerCount: effect.customersMovingStage,
            customers: f.integer(effect.customersMovingStage),
            from: stageName(effect.fromStage),
            to: stageName(effect.toStage),
          })}
        </li>
      ) : null}
      {effect.eventsKeepingStage > 0 ? (
        <li>
          {t("effectKept", {
            count: effect.eventsKeepingStage,
            events: f.integer(effect.eventsKeepingStage),
          })}
        </li>
      ) : null}
      {effect.fromChannel !== effect.toChannel ? (
        <li>
          {t("effectChannel", {
            count: effect.eventsMovingChannel,
            events: f.integer(effect.eventsMovingChannel),
            customerCount: effect.customersMovingChannel,
            customers: f.integer(effect.customersMovingChannel),
            from: channelName(effect.fromChannel),
            to: channelName(effect.toChannel),
          })}
        </li>
      ) : null}
      {effect.firstEventAt && effect.lastEventAt ? (
        <li>{t("effectPeriod", { range: f.dayRange(effect.firstEventAt, effect.lastEventAt) })}</li>
      ) : null}
    </ul>
  );
}
