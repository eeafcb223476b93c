"use client";

import type { RouterOutputs } from "@parcours/api";
import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog, Dialog } from "@parcours/ui/dialog";
import { EmptyState } from "@parcours/ui/empty-state";
import { ErrorState } from "@parcours/ui/error-state";
import { Field, Input } from "@parcours/ui/field";
import { SecretDialog } from "@parcours/ui/secret-dialog";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";
import { errorMessage, fieldErrors } from "../error-message";

type TKey = RouterOutputs["admin"]["apiKeys"]["list"][number];

export function ApiKeys({ origin }: { origin: string }) {
  const t = useTranslations("adminIngestion.keys");
  const tErrors = useTranslations("errors");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.admin.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const [revoking, setRevoking] = useState<TKey | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries(trpc.admin.apiKeys.pathFilter());
  const create = useMutation(
    trpc.admin.apiKeys.create.mutationOptions({
      onSuccess: async (result) => {
        setCreating(false);
        setName("");
        setShown({ name: result.apiKey.name, key: result.key });
        await refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      onSuccess: async (row) => {
        setRevoking(null);
        setStatus(t("revokedDone", { name: row.name }));
        await refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  const dateTime = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <section aria-labelledby="keys-title" className="grid gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="max-w-3xl">
          <h2 id="keys-title" className="text-lg font-semibold">
            {t("title")}
          </h2>
          <p className="text-sm text-muted-foreground">{t("description")}</p>
        </div>
        <Button onClick={() => setCreating(true)}>
          <Plus aria-hidden="true" />
          {t("create")}
        </Button>
      </div>
      <p aria-live="polite" className="text-sm text-positive empty:hidden">
        {status}
      </p>
      <RequestError error={revoke.error} />
      {keys.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : keys.isError ? (
        <ErrorState
          title={tErrors("sectionTitle")}
          description={errorMessage(keys.error, tErrors("pageHint"))}
          retryLabel={tErrors("retry")}
          onRetry={() => keys.refetch()}
        />
      ) : keys.data.length === 0 ? (
        <EmptyState icon={<KeyRound />} title={t("empty")} description={t("emptyHint")} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-card">
          <table className="w-full text-sm">
            <thead className="border-b border-border text-left text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("name")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("prefix")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("created")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("lastUsed")}
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  {t("status")}
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">{t("revoke")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((key) => (
                <tr key={key.id} className="border-b border-border last:border-0">
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    {key.name}
                  </th>
                  <td className="px-3 py-2 font-mono text-xs">{key.prefix}…</td>
                  <td className="px-3 py-2 tabular-nums">{dateTime(key.createdAt)}</td>
                  <td className="px-3 py-2 tabular-nums text-muted-foreground">
                    {key.lastUsedAt ? dateTime(key.lastUsedAt) : t("never")}
                  </td>
                  <td className="px-3 py-2">
                    <Badge variant={key.revokedAt ? "negative" : "positive"}>
                      {key.revokedAt ? t("revoked") : t("active")}
                    </Badge>
                  </td>
                  <td className="px-3 py-2 text-right">
                    {key.revokedAt ? null : (
                      <Button size="sm" variant="outline" onClick={() => setRevoking(key)}>
                        {t("revoke")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-primary">{t("example")}</summary>
        <pre className="mt-2 overflow-x-auto rounded-md bg-muted p-3 text-xs">
          {`curl -X POST ${origin}/api/v1/events \\
  -H "Authorization: Bearer pk_…" -H "Content-Type: application/json" \\
  -d '{"events":[{"eventId":"e-1","customerId":"c-42","occurredAt":"2026-06-01T10:15:00Z",
       "touchpoint":"website","type":"view","satisfaction":4}]}'`}
        </pre>
      </details>

      <Dialog
        open={creating}
        onOpenChange={(open) => {
          setCreating(open);
          if (!open) create.reset();
        }}
        title={t("createTitle")}
        description={t("createDescription")}
        closeLabel={t("cancel")}
      >
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <Field id="key-name" label={t("nameLabel")} error={fieldErrors(create.error).name}>
            {(control) => (
              <Input
                {...control}
                value={name}
                placeholder={t("namePlaceholder")}
                onChange={(e) => setName(e.target.value)}
                maxLength={100}
                required
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="outline" onClick={() => setCreating(false)}>
              {t("cancel")}
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {t("save")}
            </Button>
          </div>
        </form>
      </Dialog>

      <SecretDialog
        secret={shown?.key ?? null}
        title={t("shownTitle", { name: shown?.name ?? "" })}
        description={t("shownDescription")}
        labels={{ copy: t("copy"), copied: t("copied"), close: t("close") }}
        testId="new-api-key"
        className="break-all text-sm"
        onClose={() => setShown(null)}
      />

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={t("revokeTitle", { name: revoking?.name ?? "" })}
        description={t("revokeDescription")}
        confirmLabel={t("revoke")}
        cancelLabel={t("cancel")}
        destructive
        busy={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      />
    </section>
  );
}
