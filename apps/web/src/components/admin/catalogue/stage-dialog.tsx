"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input, Textarea } from "@parcours/ui/field";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { AlertText } from "~/components/common/alert-text";
import type { AdminCatalogue } from "~/trpc/outputs";
import { useTRPC } from "~/trpc/react";
import { formErrors } from "../error-message";

export type TAdminStage = AdminCatalogue["stages"][number];

/** Name, goal and actions of a stage: display only, so saved without a confirmation. */
export function StageDialog({
  stage,
  onClose,
  onSaved,
}: {
  stage: TAdminStage;
  onClose: () => void;
  onSaved: (message: string) => Promise<void>;
}) {
  const t = useTranslations("adminCatalogue");
  const tErrors = useTranslations("errors");
  const trpc = useTRPC();
  const [name, setName] = useState(stage.name);
  const [goal, setGoal] = useState(stage.goal);
  const [actions, setActions] = useState(stage.actions.join("\n"));
  const save = useMutation(
    trpc.admin.catalogue.updateStage.mutationOptions({
      onSuccess: async (_result, input) => {
        await onSaved(t("savedStage", { name: input.name }));
        onClose();
      },
    }),
  );
  const { fields: errors, general } = formErrors(save.error, tErrors("pageHint"));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
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
        <AlertText className="text-sm font-medium text-negative">{general}</AlertText>
        <Field id="stage-name" label={t("name")} error={errors.name}>
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
        <Field id="stage-goal" label={t("goal")} error={errors.goal}>
          {(c) => (
            <Textarea
              {...c}
              value={goal}
              onChange={(e) => setGoal(e.target.value)}
              maxLength={1000}
            />
          )}
        </Field>
        <Field
          id="stage-actions"
          label={t("actions")}
          hint={t("actionsHint")}
          error={errors.actions}
        >
          {(c) => (
            <Textarea
              {...c}
              rows={5}
              value={actions}
              onChange={(e) => setActions(e.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button
            type="submit"
            disabled={save.isPending || !name.trim()}
            aria-busy={save.isPending || undefined}
          >
            {t("save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
