import type { ReactNode } from "react";

export type StatusTone = "ok" | "warn" | "danger" | "info" | "neutral";

const tones: Record<StatusTone, { badge: string; dot: string }> = {
  ok: { badge: "bg-ok-soft text-ok border-ok/30", dot: "bg-ok" },
  warn: { badge: "bg-warn-soft text-warn border-warn/30", dot: "bg-warn" },
  danger: { badge: "bg-danger-soft text-danger border-danger/30", dot: "bg-danger" },
  info: { badge: "bg-info-soft text-info border-info/30", dot: "bg-info" },
  neutral: { badge: "bg-code text-muted border-border", dot: "bg-muted" },
};

/** A small pill with a coloured dot; the text carries the meaning, the colour only repeats it. */
export function StatusBadge({ tone, children, className = "" }: { tone: StatusTone; children: ReactNode; className?: string }) {
  const style = tones[tone];
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2 py-0.5 text-xs font-medium ${style.badge} ${className}`}>
      <span aria-hidden className={`size-1.5 rounded-full ${style.dot}`} />
      {children}
    </span>
  );
}
