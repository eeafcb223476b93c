"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { SecretDialog } from "@parcours/ui/secret-dialog";
import { Skeleton } from "@parcours/ui/skeleton";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

const STATUS_VARIANT = { pending: "warning", sent: "positive", failed: "negative" } as const;

/**
 * A view's webhooks, for those who may change the view: add a URL (its secret shown once, with
 * how to verify a signature), each with its last delivery's status, delete.
 */
export function WebhooksSection({ viewId }: { viewId: number }) {
  const t = useTranslations("reviews.webhooks");
  const tCommon = useTranslations("reviews.schedule");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const hooks = useQuery(trpc.reviews.webhooks.list.queryOptions({ viewId }));
  const [url, setUrl] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: number; url: string } | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries(trpc.reviews.webhooks.list.queryFilter({ viewId }));
  const create = useMutation(
    trpc.reviews.webhooks.create.mutationOptions({
      onSuccess: async (result) => {
        setSecret(result.secret);
        setUrl("");
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.reviews.webhooks.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await refresh();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ viewId, url: url.trim() });
  };
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="grid content-start gap-3" data-testid="review-webhooks">
      <div>
        <h3 className="text-sm font-semibold">{t("title")}</h3>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <Field id={`${id}-url`} label={t("url")} hint={t("urlHint")} className="min-w-64 flex-1">
          {(c) => (
            <Input
              {...c}
              type="url"
              inputMode="url"
              required
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" disabled={create.isPending || url.trim() === ""} className="mb-5">
          {t("add")}
        </Button>
      </form>
      <RequestError error={create.error ?? remove.error} />
      {hooks.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : hooks.isError ? (
        <RequestError error={hooks.error} />
      ) : hooks.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("none")}</p>
      ) : (
        <ul className="grid gap-2">
          {hooks.data.map((hook) => (
            <li
              key={hook.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-border p-2 text-sm"
              data-testid="review-webhook"
            >
              <span className="min-w-0 flex-1 font-mono text-xs break-all">{hook.url}</span>
              <span className="text-xs text-muted-foreground">
                {t("created", { date: date(hook.createdAt) })}
              </span>
              <span className="flex items-center gap-1 text-xs">
                <span className="text-muted-foreground">{t("lastDelivery")}</span>
                {hook.lastDelivery ? (
                  <Badge variant={STATUS_VARIANT[hook.lastDelivery.status]}>
                    {t(`status.${hook.lastDelivery.status}`)}
                  </Badge>
                ) : (
                  <Badge variant="muted">{t("neverDelivered")}</Badge>
                )}
              </span>
              {hook.lastDelivery?.lastError ? (
                <p
                  className="order-last basis-full text-xs break-words text-destructive"
                  data-testid="review-webhook-error"
                >
                  {t("lastError", { error: hook.lastDelivery.lastError })}
                </p>
              ) : null}
              <Button
                size="sm"
                variant="outline"
                aria-label={t("deleteLabel", { url: hook.url })}
                onClick={() => setDeleting({ id: hook.id, url: hook.url })}
              >
                {t("delete")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">{t("verifyTitle")}</summary>
        <p className="mt-1 text-muted-foreground">{t("verify")}</p>
      </details>
      <SecretDialog
        secret={secret}
        title={t("secretTitle")}
        description={t("secretDescription")}
        labels={{ copy: t("copy"), copied: t("copied"), close: t("close") }}
        testId="review-webhook-secret"
        className="break-all text-xs"
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => {
          if (!open) setDeleting(null);
        }}
        title={t("delete")}
        description={deleting ? t("deleteConfirm", { url: deleting.url }) : undefined}
        confirmLabel={t("delete")}
        cancelLabel={tCommon("cancel")}
        onConfirm={() => {
          if (deleting) remove.mutate({ id: deleting.id });
        }}
        destructive
        busy={remove.isPending}
      />
    </div>
  );
}
