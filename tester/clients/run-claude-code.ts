// Claude Code in print mode (`claude -p`) against omniroute, as docs/CLIENTS.md tells users to set it up:
// ANTHROPIC_BASE_URL at omniroute, the omniroute key as ANTHROPIC_API_KEY (sent as x-api-key) or
// ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer), and the four switches that stop its telemetry,
// auto-updater, error reports and other non-essential traffic. One turn at most, in a throwaway HOME.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { clientBinPath } from "./installed-clients";
import { runClientProcess } from "./run-client-process";
import type { ClientProcessResult } from "./run-client-process";

export type ClaudeAuth = "api-key" | "bearer";

export interface ClaudeCodeRun {
  /** The `result` of `--output-format json`: the answer Claude Code prints; null when it printed no JSON. */
  answer: string | null;
  /** Claude Code's own verdict (`is_error`). */
  isError: boolean | null;
  process: ClientProcessResult;
}

/** The environment docs/CLIENTS.md gives for Claude Code (with the key in the variable `auth` selects). */
export function claudeCodeEnv(baseUrl: string, key: string, auth: ClaudeAuth): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: baseUrl,
    ...(auth === "api-key" ? { ANTHROPIC_API_KEY: key } : { ANTHROPIC_AUTH_TOKEN: key }),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_ERROR_REPORTING: "1",
  };
}

export async function runClaudeCode(options: { baseUrl: string; key: string; auth: ClaudeAuth; model: string; prompt: string; timeoutMs: number }): Promise<ClaudeCodeRun> {
  const home = mkdtempSync(path.join(tmpdir(), "omniroute-claude-"));
  try {
    const run = await runClientProcess({
      command: clientBinPath("claude"),
      args: ["-p", options.prompt, "--model", options.model, "--max-turns", "1", "--output-format", "json"],
      env: { HOME: home, TERM: "dumb", ...claudeCodeEnv(options.baseUrl, options.key, options.auth) },
      cwd: home,
      timeoutMs: options.timeoutMs,
    });
    let answer: string | null = null;
    let isError: boolean | null = null;
    try {
      const printed = JSON.parse(run.stdout) as { result?: unknown; is_error?: unknown };
      answer = typeof printed.result === "string" ? printed.result : null;
      isError = typeof printed.is_error === "boolean" ? printed.is_error : null;
    } catch {
      // Not JSON: the assertion on `answer` reports stdout/stderr.
    }
    return { answer, isError, process: run };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
