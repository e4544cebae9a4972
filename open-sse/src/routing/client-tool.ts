import type { IncomingHttpHeaders } from "node:http";

/** The coding agents whose traffic we know (shared/clients/CLI-TRAFFIC.md); everything else is "other". */
export type ClientTool = "claude-cli" | "codex" | "gemini-cli" | "other";

/**
 * Which agent sent a request, from its user agent: `claude-cli/2.1.197 (external, sdk-cli)`,
 * `codex_exec/0.169.0 (…)` (also `codex_cli_rs`, `codex_vscode`, and the `originator` header Codex sends),
 * `GeminiCLI-tui/0.61.0/<model> (…)`. Only for display and grouping: never a security decision.
 */
export function clientToolOf(headers: IncomingHttpHeaders): ClientTool {
  const userAgent = headers["user-agent"] ?? "";
  if (/^claude-cli\//i.test(userAgent) || /claude-code/i.test(userAgent)) return "claude-cli";
  if (/gemini-?cli/i.test(userAgent)) return "gemini-cli";
  const originator = headers.originator;
  if (/codex/i.test(userAgent) || (typeof originator === "string" && /codex/i.test(originator))) return "codex";
  return "other";
}
