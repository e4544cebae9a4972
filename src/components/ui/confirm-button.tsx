"use client";

import { useState, type ReactNode } from "react";
import { Button, type ButtonSize, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";
import { Notice } from "./notice";

/**
 * A button that asks before doing something destructive. `onConfirm` returns an error message to show in the
 * dialog, or nothing on success (the dialog closes).
 */
export function ConfirmButton({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  variant = "danger",
  size = "sm",
  ariaLabel,
}: {
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<string | undefined | void>;
  variant?: ButtonVariant;
  size?: ButtonSize;
  ariaLabel?: string;
}) {
  const [isOpen, setIsOpen] = useState(false);
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setIsPending(true);
    setError(null);
    const problem = await onConfirm();
    setIsPending(false);
    if (typeof problem === "string") setError(problem);
    else setIsOpen(false);
  }

  return (
    <>
      <Button variant={variant} size={size} onClick={() => setIsOpen(true)} aria-label={ariaLabel}>
        {label}
      </Button>
      <Dialog
        isOpen={isOpen}
        onClose={() => setIsOpen(false)}
        title={title}
        size="sm"
        footer={
          <>
            <Button onClick={() => setIsOpen(false)}>Cancel</Button>
            <Button variant="danger" isPending={isPending} onClick={confirm}>
              {confirmLabel}
            </Button>
          </>
        }
      >
        <div className="grid gap-3 text-sm">
          <div>{description}</div>
          {error ? <Notice tone="danger">{error}</Notice> : null}
        </div>
      </Dialog>
    </>
  );
}
