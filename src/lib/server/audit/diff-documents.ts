/**
 * What an admin action changed in the config document, as two small trees: `before` holds the old values of
 * what changed, `after` the new ones; everything unchanged is left out. Lists of entities (providers, accounts,
 * keys, combos) are compared by their `id` (else `name`) and shown as `{"<id>": …}`, so deleting one key is
 * one entry, not a shifted list. Secrets are masked afterwards (mask-secret-fields.ts) by the caller.
 */

export interface DocumentDiff {
  /** Null when the document did not change. */
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** One line per changed entity or value: `apiKeys.k1 added`, `settings.ipFilter changed`. */
  changes: string[];
}

/** Fields that change without an admin doing anything (debounced key use): never reported as a change. */
const IGNORED_FIELDS = new Set(["lastUsedAt"]);
/** Entity lists are keyed this deep at most: `providers.<id>.accounts.<id>` is as deep as the document goes. */
const MAX_DEPTH = 8;

export function diffDocuments(before: unknown, after: unknown): DocumentDiff {
  const changes: string[] = [];
  const result = diffValues(before, after, "", changes, 0);
  if (result === undefined) return { before: null, after: null, changes };
  return { before: asRecord(result.before), after: asRecord(result.after), changes };
}

interface ValueDiff {
  /** undefined: absent on that side. */
  before: unknown;
  after: unknown;
}

function diffValues(before: unknown, after: unknown, path: string, changes: string[], depth: number): ValueDiff | undefined {
  if (deepEqual(before, after)) return undefined;
  if (depth < MAX_DEPTH && isPlainObject(before) && isPlainObject(after)) return diffObjects(before, after, path, changes, depth);
  if (depth < MAX_DEPTH && Array.isArray(before) && Array.isArray(after)) {
    const beforeKeyed = keyedEntities(before);
    const afterKeyed = keyedEntities(after);
    if (beforeKeyed !== undefined && afterKeyed !== undefined) return diffObjects(beforeKeyed, afterKeyed, path, changes, depth);
  }
  changes.push(`${path || "(document)"} ${before === undefined ? "added" : after === undefined ? "removed" : "changed"}`);
  return { before, after };
}

function diffObjects(before: Record<string, unknown>, after: Record<string, unknown>, path: string, changes: string[], depth: number): ValueDiff | undefined {
  const beforePart: Record<string, unknown> = {};
  const afterPart: Record<string, unknown> = {};
  let changed = false;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED_FIELDS.has(key)) continue;
    const inner = diffValues(before[key], after[key], path === "" ? key : `${path}.${key}`, changes, depth + 1);
    if (inner === undefined) continue;
    changed = true;
    // An entity added to (or removed from) a list leaves an empty side: nothing was there, nothing to show.
    if (inner.before !== undefined && !isEmptyRecord(inner.before)) beforePart[key] = inner.before;
    if (inner.after !== undefined && !isEmptyRecord(inner.after)) afterPart[key] = inner.after;
  }
  return changed ? { before: beforePart, after: afterPart } : undefined;
}

/** An array of objects that each carry a distinct string `id` (else `name`), as an object by that key; else undefined. */
function keyedEntities(list: readonly unknown[]): Record<string, unknown> | undefined {
  if (list.length === 0) return {};
  for (const field of ["id", "name"] as const) {
    const result: Record<string, unknown> = {};
    let usable = true;
    for (const item of list) {
      const key = isPlainObject(item) ? item[field] : undefined;
      if (typeof key !== "string" || key === "" || Object.hasOwn(result, key)) {
        usable = false;
        break;
      }
      result[key] = item;
    }
    if (usable) return result;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmptyRecord(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  if (value === undefined || isEmptyRecord(value)) return null;
  return isPlainObject(value) ? value : { value };
}

function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== "object" || typeof right !== "object" || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  }
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const leftKeys = Object.keys(leftRecord).filter((key) => leftRecord[key] !== undefined);
  const rightKeys = Object.keys(rightRecord).filter((key) => rightRecord[key] !== undefined);
  return leftKeys.length === rightKeys.length && leftKeys.every((key) => deepEqual(leftRecord[key], rightRecord[key]));
}
