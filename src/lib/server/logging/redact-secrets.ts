/**
 * Last line of defence for logs: anything shaped like a credential is masked even if a caller slipped.
 * Covers bearer tokens, provider key shapes (sk-…, AIza…, ghp_…, xai-…), JWTs and `key=`/`token=` pairs.
 */
const PATTERNS: RegExp[] = [
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bxai-[A-Za-z0-9]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
  // A value already masked (`[masked]`, `[redacted]`) is left as it is.
  /\b((?:api[_-]?key|token|secret|password|key)["']?\s*[:=]\s*["']?)(?!\[(?:masked|redacted)\])[^\s"'&,}]{6,}/gi,
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const pattern of PATTERNS) {
    result = result.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === "string" && match.startsWith(prefix) ? `${prefix}[redacted]` : "[redacted]",
    );
  }
  return result;
}
