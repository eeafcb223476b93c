"use client";

import { Button } from "@parcours/ui/button";
import { cn } from "@parcours/ui/cn";
import { Dialog } from "@parcours/ui/dialog";
import { useState } from "react";

/**
 * A secret shown once (a new API key, a generated password): only its hash is kept, so this
 * dialog is the one chance to copy it.
 */
export function SecretDialog({
  secret,
  title,
  description,
  labels,
  testId,
  className,
  onClose,
}: {
  /** The secret to show; null while there is none (the dialog is closed). */
  secret: string | null;
  title: string;
  description: string;
  labels: { copy: string; copied: string; close: string };
  testId: string;
  className?: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={title}
      description={description}
      closeLabel={labels.close}
      footer={
        <>
          <Button
            variant="outline"
            onClick={async () => {
              if (secret === null) return;
              await navigator.clipboard?.writeText(secret);
              setCopied(true);
            }}
          >
            {copied ? labels.copied : labels.copy}
          </Button>
          <Button onClick={onClose}>{labels.close}</Button>
        </>
      }
    >
      <output
        data-testid={testId}
        className={cn(
          "block rounded-md border border-border bg-muted px-3 py-2 font-mono select-all",
          className,
        )}
      >
        {secret}
      </output>
    </Dialog>
  );
}
