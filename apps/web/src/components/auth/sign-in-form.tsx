"use client";

import { Button } from "@parcours/ui/button";
import { Field, Input } from "@parcours/ui/field";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { signInAction, type TSignInState } from "~/server/sign-in-action";

const initial: TSignInState = { error: null, email: "" };

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("auth");
  const [state, action, pending] = useActionState(signInAction, initial);
  const message =
    state.error === "rate_limited"
      ? t("rateLimited", { minutes: state.retryAfterMinutes ?? 1 })
      : state.error === "missing"
        ? t("missing")
        : state.error === "invalid"
          ? t("invalid")
          : null;

  return (
    <form action={action} className="grid gap-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {message ? (
        <p
          role="alert"
          className="rounded-md border border-negative/40 bg-negative/10 px-3 py-2 text-sm text-negative"
        >
          {message}
        </p>
      ) : null}
      <Field id="sign-in-email" label={t("email")}>
        {(control) => (
          <Input
            {...control}
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={state.email}
            required
            autoFocus
          />
        )}
      </Field>
      <Field id="sign-in-password" label={t("password")}>
        {(control) => (
          <Input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        )}
      </Field>
      <Button type="submit" disabled={pending} aria-busy={pending || undefined}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
