"use client";

import { CopyButton } from "../copy-button";

/** The full key right after creation: the only time it is ever shown. */
export function CreatedKeyNotice({ name, apiKey, onDismiss }: { name: string; apiKey: string; onDismiss?: () => void }) {
  return (
    <div role="status" className="grid gap-2 rounded-lg border border-ok/30 bg-ok-soft p-3 text-sm">
      <p className="font-medium">Key “{name}” created. Copy it now: it is not shown again.</p>
      <div className="flex flex-wrap items-center gap-2">
        <code data-testid="created-key" className="min-w-0 break-all rounded-md border border-border bg-card px-2 py-1 font-mono text-[13px]">
          {apiKey}
        </code>
        <CopyButton text={apiKey} label="Copy key" />
        {onDismiss ? (
          <button type="button" onClick={onDismiss} className="text-xs text-muted underline underline-offset-2 hover:text-foreground">
            I saved it
          </button>
        ) : null}
      </div>
    </div>
  );
}
