import type { ReactNode } from "react";

export type NoticeTone = "info" | "ok" | "warn" | "danger";

const tones: Record<NoticeTone, string> = {
  info: "border-info/30 bg-info-soft",
  ok: "border-ok/30 bg-ok-soft",
  warn: "border-warn/40 bg-warn-soft",
  danger: "border-danger/40 bg-danger-soft",
};

/**
 * An inline message box. Errors (`danger`) are announced to screen readers (role=alert); the others are
 * polite status messages.
 */
export function Notice({ tone = "info", title, children, className = "" }: { tone?: NoticeTone; title?: ReactNode; children?: ReactNode; className?: string }) {
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={`rounded-lg border px-3 py-2 text-sm text-foreground ${tones[tone]} ${className}`}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={title ? "mt-0.5" : ""}>{children}</div> : null}
    </div>
  );
}
