"use client";

import { Badge } from "@parcours/ui/badge";
import { Button } from "@parcours/ui/button";
import { Field, Input } from "@parcours/ui/field";
import { ZShareCommentsSchema } from "@parcours/validators";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { RequestError } from "~/components/common/alert-text";

import { useTRPC } from "~/trpc/react";

type ShareComments = (typeof ZShareCommentsSchema.options)[number];

/** The view's read-only links: create (shown once), list, revoke. Owners and admins only. */
export function SharePanel({ viewId }: { viewId: number }) {
  const t = useTranslations("journeys.share");
  const tComments = useTranslations("metrics.shareComments");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.views.shareLinks.queryOptions({ id: viewId }));
  const [expires, setExpires] = useState("");
  const [comments, setComments] = useState<ShareComments>("none");
  const [customerComments, setCustomerComments] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () =>
    queryClient.invalidateQueries(trpc.views.shareLinks.queryFilter({ id: viewId }));
  const create = useMutation(
    trpc.views.createShareLink.mutationOptions({
      onSuccess: async (result) => {
        setCreated(`${window.location.origin}/share/${result.token}`);
        setCopied(false);
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.views.revokeShareLink.mutationOptions({ onSuccess: refresh }));
  const date = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });

  return (
    <section aria-labelledby="share-title" className="grid content-start gap-3">
      <div>
        <h2 id="share-title" className="text-base font-semibold">
          {t("title")}
        </h2>
        <p className="text-sm text-muted-foreground">{t("description")}</p>
      </div>
      <fieldset className="grid gap-1" data-testid="share-comments">
        <legend className="mb-1 text-sm font-medium">{tComments("legend")}</legend>
        <div className="flex flex-wrap gap-4">
          {ZShareCommentsSchema.options.map((mode) => (
            <label key={mode} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`share-comments-${viewId}`}
                value={mode}
                checked={comments === mode}
                onChange={() => setComments(mode)}
                className="size-4"
              />
              {tComments(mode)}
            </label>
          ))}
        </div>
        <p className="text-xs text-muted-foreground">{tComments("hint")}</p>
      </fieldset>
      <div className="grid gap-1">
        <label className="flex items-center gap-2 text-sm font-medium">
          <input
            type="checkbox"
            checked={customerComments}
            onChange={(e) => setCustomerComments(e.target.checked)}
            aria-describedby={`share-customer-comments-hint-${viewId}`}
            data-testid="share-customer-comments"
            className="size-4"
          />
          {tComments("customers")}
        </label>
        <p id={`share-customer-comments-hint-${viewId}`} className="text-xs text-muted-foreground">
          {tComments("customersHint")}
        </p>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <Field id="share-expires" label={t("expires")}>
          {(c) => (
            <Input
              {...c}
              type="date"
              value={expires}
              onChange={(e) => setExpires(e.target.value)}
              className="w-44"
            />
          )}
        </Field>
        <Button
          onClick={() =>
            create.mutate({
              id: viewId,
              expiresAt: expires ? new Date(`${expires}T23:59:59Z`) : null,
              comments,
              customerComments,
            })
          }
          disabled={create.isPending}
        >
          {t("create")}
        </Button>
      </div>
      <RequestError error={create.error ?? revoke.error} />
      {created ? (
        <div className="grid gap-2 rounded-md border border-border bg-muted p-3" role="status">
          <p className="text-sm">{t("created")}</p>
          <div className="flex flex-wrap items-center gap-2">
            <output data-testid="share-url" className="font-mono text-xs break-all select-all">
              {created}
            </output>
            <Button
              size="sm"
              variant="outline"
              onClick={async () => {
                await navigator.clipboard?.writeText(created);
                setCopied(true);
              }}
            >
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
        </div>
      ) : null}
      {links.data && links.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t("none")}</p>
      ) : null}
      {links.data && links.data.length > 0 ? (
        <ul className="grid gap-2">
          {links.data.map((link) => {
            const expired = link.expiresAt !== null && link.expiresAt.getTime() <= Date.now();
            const state = link.revokedAt ? "revoked" : expired ? "expired" : "active";
            return (
              <li
                key={link.id}
                className="flex flex-wrap items-center gap-3 text-sm"
                data-testid="share-link"
              >
                <span className="font-mono text-xs">{link.prefix}…</span>
                <Badge variant={state === "active" ? "positive" : "muted"}>{t(state)}</Badge>
                <span className="text-xs text-muted-foreground">
                  {t("createdAt")} {date(link.createdAt)} ·{" "}
                  {link.expiresAt
                    ? t("expiresOn", { date: date(link.expiresAt) })
                    : t("neverExpires")}
                  {link.lastOpenedAt ? ` · ${t("lastOpened")} ${date(link.lastOpenedAt)}` : ""}
                  {` · ${tComments("link", { mode: tComments(link.comments) })}`}
                  {link.customerComments ? ` · ${tComments("customersLink")}` : ""}
                </span>
                {state === "active" ? (
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => revoke.mutate({ id: link.id })}
                  >
                    {t("revoke")}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
