/**
 * Where the login page may send the browser afterwards: only a path on this origin. Anything else
 * (absolute URLs, `//host`, `/\host`, which browsers treat as another origin, control characters) becomes
 * the dashboard, so a crafted `?next=` link cannot bounce a fresh session to another site.
 */
export function safeRedirectPath(candidate: string | null | undefined, fallback = "/dashboard"): string {
  if (typeof candidate !== "string" || candidate === "") return fallback;
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  if (candidate.length > 2048) return fallback;
  return candidate;
}
