"use client";

import { useState } from "react";
import { Button } from "./button";
import { cn } from "./cn";
import { Dialog } from "./dialog";

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
  // Which secret was copied, not whether: the next secret (another key, another password)
  // says "Copy" again however this dialog was closed, and nothing is claimed copied when the
  // clipboard refused it.
  const [copiedSecret, setCopiedSecret] = useState<string | null>(null);
  const copied = secret !== null && copiedSecret === secret;
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={title}
      description={description}
      closeLabel={labels.close}
      footer={
        <>
          <Button
            variant="outline"
            onClick={async () => {
              if (secret === null || !navigator.clipboard) return;
              try {
                await navigator.clipboard.writeText(secret);
                setCopiedSecret(secret);
              } catch {
                // Refused (no permission, page not focused): the secret stays selectable.
              }
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
