import { StatusBadge, type StatusTone } from "@/components/ui/status-badge";

const TONES: Record<string, StatusTone> = { ok: "ok", error: "danger", aborted: "neutral", stream_error: "warn" };
const LABELS: Record<string, string> = { ok: "OK", error: "Error", aborted: "Aborted", stream_error: "Stream error" };

/** A request's outcome with its HTTP status: "OK 200", "Error 502", "Aborted". */
export function RequestStatusBadge({ status, httpStatus }: { status: string; httpStatus: number }) {
  return (
    <StatusBadge tone={TONES[status] ?? "neutral"}>
      {LABELS[status] ?? status}
      {httpStatus > 0 ? <span className="tabular-nums">{httpStatus}</span> : null}
    </StatusBadge>
  );
}
