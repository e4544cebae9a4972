import type { ReactNode } from "react";

/**
 * What a view shows when it has no data yet: what would be here, and the one step that produces it.
 * Never placeholder numbers.
 */
export function EmptyState({
  title,
  description,
  action,
  children,
  className = "",
}: {
  title: string;
  description?: ReactNode;
  /** The primary next step: a button or a link styled as one. */
  action?: ReactNode;
  /** Extra guidance (a snippet, a list of steps). */
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div className={`grid justify-items-center gap-2 rounded-lg border border-dashed border-border px-6 py-10 text-center ${className}`}>
      <p className="text-sm font-medium">{title}</p>
      {description ? <div className="max-w-prose text-sm text-muted">{description}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
      {children ? <div className="mt-2 w-full max-w-2xl text-left">{children}</div> : null}
    </div>
  );
}
