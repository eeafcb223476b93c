"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { Select } from "@parcours/ui/select";
import { ROLES, type Role } from "@parcours/validators";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { AlertText } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";
import { formErrors } from "../error-message";

export function CreateUserDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (email: string, generatedPassword: string | null) => void;
}) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
        await queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
        onCreated(result.user.email, result.generatedPassword);
        setEmail("");
        setName("");
        setPassword("");
        setRole("viewer");
        create.reset();
      },
    }),
  );
  const { fields: errors, general } = formErrors(create.error, t("errors.pageHint"));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ email, name, role, ...(password ? { password } : {}) });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) create.reset();
        onOpenChange(next);
      }}
      title={t("admin.users.createTitle")}
      description={t("admin.users.createDescription")}
      closeLabel={t("admin.users.cancel")}
    >
      <form onSubmit={submit} className="grid gap-4" noValidate>
        <AlertText className="text-sm font-medium text-negative">{general}</AlertText>
        <Field id="user-email" label={t("admin.users.email")} error={errors.email}>
          {(control) => (
            <Input
              {...control}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
            />
          )}
        </Field>
        <Field id="user-name" label={t("admin.users.name")} error={errors.name}>
          {(control) => (
            <Input {...control} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <div className="grid gap-1.5">
          <span id="user-role-label" className="text-sm font-medium">
            {t("admin.users.role")}
          </span>
          <Select
            label={t("admin.users.role")}
            value={role}
            onValueChange={(value) => setRole(value as Role)}
            options={ROLES.map((r) => ({ value: r, label: t(`auth.roles.${r}`) }))}
          />
          <p className="text-xs text-muted-foreground">{t(`admin.users.roleHelp.${role}`)}</p>
        </div>
        <Field
          id="user-password"
          label={t("admin.users.passwordOptional")}
          hint={t("admin.users.passwordHint")}
          error={errors.password}
        >
          {(control) => (
            <Input
              {...control}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            {t("admin.users.cancel")}
          </Button>
          <Button
            type="submit"
            disabled={create.isPending}
            aria-busy={create.isPending || undefined}
          >
            {t("admin.users.save")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
