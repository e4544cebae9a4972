import type { z } from "zod";

/** `providers[1].accounts[0].baseUrl`; the document root is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text === "" ? "(root)" : text;
}

/**
 * One `path: problem` line per issue. Unknown keys get one line each, at their own path. Messages are
 * built from the issue's kind, never from the input, so secret values cannot leak into them; `input` (the
 * parsed value) is only consulted to tell "missing" from "wrong".
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], input?: unknown): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) lines.push(`${formatIssuePath([...issue.path, key])}: unknown key`);
      continue;
    }
    const missing = input !== undefined && valueAt(input, issue.path) === undefined;
    const typeMismatch = issue.code === "invalid_type" || issue.code === "invalid_value";
    lines.push(`${formatIssuePath(issue.path)}: ${missing && typeMismatch ? "required" : describeIssue(issue)}`);
  }
  return lines;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type") {
    if (/received undefined$/.test(issue.message)) return "required";
    return `expected ${issue.expected}`;
  }
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
  // Custom and bound messages are written by us or by zod from the schema (limits, formats), not from the value.
  return issue.message;
}
