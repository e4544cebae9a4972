/**
 * The query parameters the list endpoints share (`/api/usage/logs`, `/api/usage/request-logs`, `/api/audit`): free
 * text, instants, a page size and a keyset cursor. Each reader appends a problem naming the parameter instead of
 * throwing, so one answer lists every bad parameter; nothing from the input is echoed back.
 */

/** Free-text filters are at most this long (ids, names, models). */
export const MAX_QUERY_TEXT = 300;

/** A text filter; undefined when absent or empty. */
export function queryText(params: URLSearchParams, name: string, problems: string[]): string | undefined {
  const value = params.get(name);
  if (value === null || value === "") return undefined;
  if (value.length > MAX_QUERY_TEXT) {
    problems.push(`${name}: must be at most ${MAX_QUERY_TEXT} characters`);
    return undefined;
  }
  return value;
}

/** An instant given as ISO 8601 or epoch milliseconds; undefined when absent or empty. */
export function instantOf(value: string | null, name: string, problems: string[]): number | undefined {
  if (value === null || value === "") return undefined;
  const parsed = /^\d{1,16}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(parsed)) {
    problems.push(`${name}: must be an ISO 8601 date-time or epoch milliseconds`);
    return undefined;
  }
  return parsed;
}

export function queryInstant(params: URLSearchParams, name: string, problems: string[]): number | undefined {
  return instantOf(params.get(name), name, problems);
}

/** `limit`: an integer from 1 to `max`, `fallback` when absent. */
export function queryPageLimit(params: URLSearchParams, problems: string[], max: number, fallback = 50): number {
  const value = params.get("limit");
  const limit = value === null ? fallback : Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) problems.push(`limit: must be an integer from 1 to ${max}`);
  return limit;
}

/** A keyset position: the sort instant and the row id of the last item of the previous page. */
export interface KeysetPosition {
  at: number;
  id: number;
}

/** The position a `nextCursor` (`<instant>.<id>`) names, or undefined for anything else. */
export function decodeKeysetCursor(cursor: string): KeysetPosition | undefined {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor);
  return match ? { at: Number(match[1]), id: Number(match[2]) } : undefined;
}

/** `cursor`: the previous page's `nextCursor`; undefined when absent. */
export function queryKeysetCursor(params: URLSearchParams, problems: string[]): KeysetPosition | undefined {
  const cursor = params.get("cursor");
  if (cursor === null) return undefined;
  const position = decodeKeysetCursor(cursor);
  if (position === undefined) problems.push("cursor: must be a nextCursor value from a previous page");
  return position;
}
