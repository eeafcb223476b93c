"use client";

import { Button } from "@parcours/ui/button";
import { ConfirmDialog } from "@parcours/ui/dialog";
import { Field, Input } from "@parcours/ui/field";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, useId, useState } from "react";
import { RequestError } from "~/components/common/alert-text";
import { useTRPC } from "~/trpc/react";

/**
 * Admin › Users: erase what identifies one customer (comments, external id, attributes) in one
 * action, after a confirmation that says what goes and what stays (docs/privacy.md).
 */
export function EraseCustomer() {
  const t = useTranslations("customers.erase");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const titleId = useId();
  const [externalId, setExternalId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<{ id: number; comments: number } | null>(null);
  const erase = useMutation(
    trpc.customers.erase.mutationOptions({
      onSuccess: async (result) => {
        setConfirming(false);
        setDone(result);
        setExternalId("");
        // Comments, lists and timelines may all have shown this customer.
        await queryClient.invalidateQueries();
      },
      onError: () => setConfirming(false),
    }),
  );
  const trimmed = externalId.trim();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (trimmed === "") return;
    setDone(null);
    erase.reset();
    setConfirming(true);
  };
  return (
    <section aria-labelledby={titleId} className="grid max-w-3xl gap-2">
      <h2 id={titleId} className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-muted-foreground">{t("description")}</p>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <Field id={id} label={t("label")} hint={t("hint")} className="min-w-64 flex-1">
          {(control) => (
            <Input
              {...control}
              value={externalId}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => setExternalId(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" variant="destructive" disabled={trimmed === "" || erase.isPending}>
          {t("submit")}
        </Button>
      </form>
      <p aria-live="polite" className="text-sm text-positive empty:hidden" data-testid="erased">
        {done ? t("done", { id: done.id, comments: done.comments }) : null}
      </p>
      <RequestError error={erase.error} />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t("confirmTitle", { customer: trimmed })}
        description={t("confirmDescription")}
        confirmLabel={erase.isPending ? t("erasing") : t("confirm")}
        cancelLabel={t("cancel")}
        destructive
        busy={erase.isPending}
        onConfirm={() => erase.mutate({ externalId: trimmed })}
      />
    </section>
  );
}
