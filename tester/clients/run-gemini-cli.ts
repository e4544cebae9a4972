// Gemini CLI (`gemini -p`) against omniroute, as docs/CLIENTS.md tells users to set it up: GOOGLE_GEMINI_BASE_URL
// at omniroute, the omniroute key as GEMINI_API_KEY (sent as x-goog-api-key), and a settings file that selects
// API-key auth (without it a custom base URL makes the CLI refuse to start headless) and turns off usage
// statistics, telemetry and auto-update. Always with an explicit `--model` (otherwise a routing classifier call
// precedes every prompt) and one session turn, in a throwaway HOME.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { clientBinPath } from "./installed-clients";
import { runClientProcess } from "./run-client-process";
import type { ClientProcessResult } from "./run-client-process";

export interface GeminiCliRun {
  /** `response` of `--output-format json`; null when it printed none. */
  answer: string | null;
  process: ClientProcessResult;
}

/** ~/.gemini/settings.json as docs/CLIENTS.md gives it (plus the test-only fail-fast and turn bound). */
export function geminiSettings(options: { forTests?: boolean } = {}): Record<string, unknown> {
  return {
    security: { auth: { selectedType: "gemini-api-key" } },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false, ...(options.forTests ? { retryFetchErrors: false } : {}) },
    ...(options.forTests ? { model: { maxSessionTurns: 1 } } : {}),
  };
}

export async function runGeminiCli(options: { baseUrl: string; key: string; model: string; prompt: string; timeoutMs: number }): Promise<GeminiCliRun> {
  const home = mkdtempSync(path.join(tmpdir(), "omniroute-gemini-"));
  const workDir = path.join(home, "work");
  try {
    mkdirSync(path.join(home, ".gemini"), { recursive: true });
    mkdirSync(path.join(home, "tmp"));
    mkdirSync(workDir);
    writeFileSync(path.join(home, ".gemini", "settings.json"), JSON.stringify(geminiSettings({ forTests: true }), null, 2));
    const run = await runClientProcess({
      command: process.execPath,
      args: [clientBinPath("gemini"), "-p", options.prompt, "--model", options.model, "--output-format", "json"],
      env: {
        HOME: home,
        TERM: "dumb",
        TMPDIR: path.join(home, "tmp"),
        GOOGLE_GEMINI_BASE_URL: options.baseUrl,
        GEMINI_API_KEY: options.key,
        GEMINI_CLI_TRUST_WORKSPACE: "true",
      },
      cwd: workDir,
      timeoutMs: options.timeoutMs,
    });
    let answer: string | null = null;
    try {
      const printed = JSON.parse(run.stdout) as { response?: unknown };
      answer = typeof printed.response === "string" ? printed.response : null;
    } catch {
      // Not JSON: the assertion on `answer` reports stdout/stderr.
    }
    return { answer, process: run };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
