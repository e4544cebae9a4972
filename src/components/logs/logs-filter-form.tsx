import Link from "next/link";
import { Button, buttonClassName } from "@/components/ui/button";
import { SelectInput } from "@/components/ui/form-field";
import type { FilterOption, LogsFilterOptions } from "@/app/dashboard/logs/load-logs-view";
import { LOG_RANGES, LOG_STATUSES, logsHref, type LogsSearchParams } from "@/app/dashboard/logs/logs-search-params";

const STATUS_LABELS: Record<string, string> = { ok: "OK", error: "Error", aborted: "Aborted", stream_error: "Stream error" };
const RANGE_LABELS: Record<string, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days" };

/**
 * The request filters as a plain GET form: works without JavaScript, keyboard-first (Tab through the selects,
 * Enter applies), and the result is a URL that can be shared or bookmarked.
 */
export function LogsFilterForm({ params, options }: { params: LogsSearchParams; options: LogsFilterOptions }) {
  return (
    // Keyed by the filters: after a client-side navigation (Reset, a link) the selects show the new URL's values
    // instead of keeping what was picked before.
    <form key={logsHref(params, {})} method="get" action="/dashboard/logs" className="flex flex-wrap items-end gap-3" aria-label="Filter requests">
      {params.session ? (
        <div className="grid gap-1 text-xs">
          <span className="font-medium text-muted">Session</span>
          <span className="flex h-8 items-center gap-2 rounded-md border border-border bg-code px-2">
            <input type="hidden" name="session" value={params.session} />
            <code className="font-mono">{params.session}</code>
            <Link prefetch={false} href={logsHref(params, { session: undefined })} className="text-muted hover:text-foreground" aria-label="Remove the session filter">
              ×
            </Link>
          </span>
        </div>
      ) : null}
      <Filter id="filter-status" label="Status" name="status" value={params.status} allLabel="Any status" options={LOG_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] ?? status }))} />
      <Filter id="filter-provider" label="Provider" name="provider" value={params.provider} allLabel="Any provider" options={options.providers} />
      <Filter id="filter-model" label="Model" name="model" value={params.model} allLabel="Any model" options={options.models} />
      <Filter id="filter-key" label="Key" name="key" value={params.key} allLabel="Any key" options={options.keys} />
      <Filter id="filter-range" label="Time" name="range" value={params.range} options={LOG_RANGES.map((range) => ({ value: range, label: RANGE_LABELS[range] ?? range }))} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" size="md">
          Apply
        </Button>
        <Link prefetch={false} href="/dashboard/logs" className={buttonClassName("ghost", "md")}>
          Reset
        </Link>
      </div>
    </form>
  );
}

function Filter({ id, label, name, value, options, allLabel }: { id: string; label: string; name: string; value: string | undefined; options: FilterOption[]; allLabel?: string }) {
  // A value in the URL that no longer appears in the data (e.g. a key seen 31 days ago) stays selectable.
  const shown = value !== undefined && !options.some((option) => option.value === value) ? [...options, { value, label: value }] : options;
  return (
    <div className="grid min-w-[9rem] gap-1 text-xs">
      <label htmlFor={id} className="font-medium text-muted">
        {label}
      </label>
      <SelectInput id={id} name={name} defaultValue={value ?? ""} className="max-w-[14rem]">
        {allLabel ? <option value="">{allLabel}</option> : null}
        {shown.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectInput>
    </div>
  );
}
