"use client";

import type { RouterOutputs } from "@parcours/api";
import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { ErrorState } from "@parcours/ui/error-state";
import { ScrollArea } from "@parcours/ui/scroll-area";
import { SecretDialog } from "@parcours/ui/secret-dialog";
import { Select } from "@parcours/ui/select";
import { Skeleton } from "@parcours/ui/skeleton";
import { ROLES, type Role } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "~/trpc/react";
import { errorMessage } from "../error-message";
import { CreateUserDialog } from "./create-user-dialog";

type TUser = RouterOutputs["admin"]["users"]["list"][number];

export function UsersAdmin({ currentUserId }: { currentUserId: number }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.admin.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<{ kind: "disable" | "reset"; user: TUser } | null>(null);
  const [shownPassword, setShownPassword] = useState<{ email: string; password: string } | null>(
    null,
  );
  const [status, setStatus] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.admin.users.pathFilter());
    await queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
  };
  const onError = (error: unknown) => {
    setStatus(null);
    setFailure(errorMessage(error, t("errors.pageHint")));
  };
  const setRole = useMutation(
    trpc.admin.users.setRole.mutationOptions({
      onSuccess: async (user) => {
        setFailure(null);
        setStatus(
          t("admin.users.roleChanged", { email: user.email, role: t(`auth.roles.${user.role}`) }),
        );
        await refresh();
      },
      onError,
    }),
  );
  const setDisabled = useMutation(
    trpc.admin.users.setDisabled.mutationOptions({
      onSuccess: async (user) => {
        setFailure(null);
        setConfirm(null);
        setStatus(
          t(user.disabledAt ? "admin.users.disabledDone" : "admin.users.enabledDone", {
            email: user.email,
          }),
        );
        await refresh();
      },
      onError: (error) => {
        setConfirm(null);
        onError(error);
      },
    }),
  );
  const resetPassword = useMutation(
    trpc.admin.users.resetPassword.mutationOptions({
      onSuccess: async (result) => {
        setFailure(null);
        setConfirm(null);
        setShownPassword({ email: result.user.email, password: result.generatedPassword });
        await refresh();
      },
      onError: (error) => {
        setConfirm(null);
        onError(error);
      },
    }),
  );

  return (
    <section aria-labelledby="users-title" className="grid gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="users-title" className="text-lg font-semibold">
            {t("admin.users.title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("admin.users.description")}</p>
        </div>
        <Button onClick={() => setCreating(true)}>
          <UserPlus aria-hidden="true" />
          {t("admin.users.create")}
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-positive empty:hidden">
        {status}
      </p>
      {failure ? (
        <p
          role="alert"
          className="rounded-md border border-negative/40 bg-negative/10 px-3 py-2 text-sm text-negative"
        >
          {failure}
        </p>
      ) : null}
      {users.isPending ? (
        <div className="grid gap-2" aria-busy="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-10 w-full" />
          ))}
        </div>
      ) : users.isError ? (
        <ErrorState
          title={t("errors.sectionTitle")}
          description={errorMessage(users.error, t("errors.pageHint"))}
          retryLabel={t("errors.retry")}
          onRetry={() => users.refetch()}
        />
      ) : (
        <ScrollArea
          hint={t("chart.scrollHint")}
          contentClassName="rounded-lg border border-border bg-card"
        >
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.users.email")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.users.name")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.users.role")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.users.status")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("admin.users.lastSignIn")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  <span className="sr-only">{t("admin.users.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => {
                const self = user.id === currentUserId;
                const disabled = user.disabledAt !== null;
                return (
                  <tr
                    key={user.id}
                    className="border-b border-border last:border-0"
                    data-testid={`user-row-${user.email}`}
                  >
                    <th
                      scope="row"
                      className="sticky left-0 z-10 bg-card px-3 py-2 text-left font-medium"
                    >
                      {user.email}
                      {self ? (
                        <span className="ml-2 text-xs text-muted-foreground">
                          ({t("admin.users.you")})
                        </span>
                      ) : null}
                    </th>
                    <td className="px-3 py-2">{user.name}</td>
                    <td className="px-3 py-2">
                      <Select
                        label={t("admin.users.changeRole", { email: user.email })}
                        value={user.role}
                        onValueChange={(role) =>
                          setRole.mutate({ id: user.id, role: role as Role })
                        }
                        options={ROLES.map((r) => ({ value: r, label: t(`auth.roles.${r}`) }))}
                        disabled={setRole.isPending}
                        className="w-40"
                      />
                    </td>
                    <td className="px-3 py-2">
                      <Badge variant={disabled ? "negative" : "positive"}>
                        {disabled ? t("admin.users.disabled") : t("admin.users.active")}
                      </Badge>
                    </td>
                    <td className="px-3 py-2 tabular-nums text-muted-foreground">
                      {user.lastSignInAt
                        ? format.dateTime(user.lastSignInAt, {
                            dateStyle: "medium",
                            timeStyle: "short",
                          })
                        : t("admin.users.never")}
                    </td>
                    <td className="px-3 py-2">
                      <div className="flex flex-wrap justify-end gap-2">
                        {disabled ? (
                          <Button
                            size="sm"
                            variant="outline"
                            onClick={() => setDisabled.mutate({ id: user.id, disabled: false })}
                          >
                            {t("admin.users.enable")}
                          </Button>
                        ) : (
                          <Button
                            size="sm"
                            variant="outline"
                            disabled={self}
                            onClick={() => setConfirm({ kind: "disable", user })}
                          >
                            {t("admin.users.disable")}
                          </Button>
                        )}
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setConfirm({ kind: "reset", user })}
                        >
                          {t("admin.users.resetPassword")}
                        </Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollArea>
      )}
      <CreateUserDialog
        open={creating}
        onOpenChange={setCreating}
        onCreated={(email, password) => {
          setCreating(false);
          setFailure(null);
          setStatus(t("admin.users.created", { email }));
          if (password) setShownPassword({ email, password });
        }}
      />
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={
          confirm?.kind === "disable"
            ? t("admin.users.disableTitle", { email: confirm.user.email })
            : t("admin.users.resetTitle", { email: confirm?.user.email ?? "" })
        }
        description={
          confirm?.kind === "disable"
            ? t("admin.users.disableDescription")
            : t("admin.users.resetDescription")
        }
        confirmLabel={
          confirm?.kind === "disable" ? t("admin.users.disable") : t("admin.users.resetPassword")
        }
        cancelLabel={t("admin.users.cancel")}
        destructive={confirm?.kind === "disable"}
        busy={setDisabled.isPending || resetPassword.isPending}
        onConfirm={() => {
          if (!confirm) return;
          if (confirm.kind === "disable")
            setDisabled.mutate({ id: confirm.user.id, disabled: true });
          else resetPassword.mutate({ id: confirm.user.id });
        }}
      />
      <SecretDialog
        secret={shownPassword?.password ?? null}
        title={t("admin.users.passwordTitle", { email: shownPassword?.email ?? "" })}
        description={t("admin.users.passwordDescription")}
        labels={{
          copy: t("admin.users.copy"),
          copied: t("admin.users.copied"),
          close: t("admin.users.close"),
        }}
        testId="generated-password"
        className="text-base tracking-wide"
        onClose={() => setShownPassword(null)}
      />
    </section>
  );
}
