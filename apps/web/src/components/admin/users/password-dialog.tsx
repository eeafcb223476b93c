"use client";

import { Button } from "@parcours/ui/button";
import { Dialog } from "@parcours/ui/dialog";
import { useTranslations } from "next-intl";
import { useState } from "react";

/** Shows a generated password once, with a copy button. */
export function PasswordDialog({
  shown,
  onClose,
}: {
  shown: { email: string; password: string } | null;
  onClose: () => void;
}) {
  const t = useTranslations("admin.users");
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      open={shown !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={t("passwordTitle", { email: shown?.email ?? "" })}
      description={t("passwordDescription")}
      closeLabel={t("close")}
      footer={
        <>
          <Button
            variant="outline"
            onClick={async () => {
              if (!shown) return;
              await navigator.clipboard?.writeText(shown.password);
              setCopied(true);
            }}
          >
            {copied ? t("copied") : t("copy")}
          </Button>
          <Button onClick={onClose}>{t("close")}</Button>
        </>
      }
    >
      <output
        data-testid="generated-password"
        className="block rounded-md border border-border bg-muted px-3 py-2 font-mono text-base tracking-wide select-all"
      >
        {shown?.password}
      </output>
    </Dialog>
  );
}
