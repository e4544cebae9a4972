// Codex CLI (`codex exec`) against omniroute, as docs/CLIENTS.md tells users to set it up: a model provider
// with `wire_api = "responses"` (the only wire API Codex has) whose base URL is omniroute's /v1 and whose key
// comes from an environment variable, with the update check, analytics and plugin sync switched off. A throwaway
// CODEX_HOME per run; `-o` writes the last agent message, which is what Codex prints.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { clientBinPath } from "./installed-clients";
import { runClientProcess } from "./run-client-process";
import type { ClientProcessResult } from "./run-client-process";

export interface CodexRun {
  /** The last agent message (`-o` file); null when Codex wrote none. */
  answer: string | null;
  process: ClientProcessResult;
}

/** The config.toml docs/CLIENTS.md gives (plus the test-only `*_max_retries = 0`, to fail fast). */
export function codexConfig(baseUrl: string, model: string, options: { failFast?: boolean } = {}): string {
  return [
    `model = ${JSON.stringify(model)}`,
    `model_provider = "omniroute"`,
    `check_for_update_on_startup = false`,
    ``,
    `[analytics]`,
    `enabled = false`,
    ``,
    `[features]`,
    `plugins = false`,
    `remote_plugin = false`,
    `apps = false`,
    ``,
    `[model_providers.omniroute]`,
    `name = "omniroute"`,
    `base_url = ${JSON.stringify(`${baseUrl}/v1`)}`,
    `env_key = "OMNIROUTE_API_KEY"`,
    `wire_api = "responses"`,
    ...(options.failFast ? [`request_max_retries = 0`, `stream_max_retries = 0`] : []),
    ``,
  ].join("\n");
}

export async function runCodex(options: { baseUrl: string; key: string; model: string; prompt: string; timeoutMs: number }): Promise<CodexRun> {
  const home = mkdtempSync(path.join(tmpdir(), "omniroute-codex-"));
  const workDir = path.join(home, "work");
  const answerFile = path.join(home, "last-message.txt");
  try {
    writeFileSync(path.join(home, "config.toml"), codexConfig(options.baseUrl, options.model, { failFast: true }));
    mkdirSync(workDir);
    const run = await runClientProcess({
      command: clientBinPath("codex"),
      args: ["exec", "--skip-git-repo-check", "--ephemeral", "-o", answerFile, options.prompt],
      env: { HOME: home, CODEX_HOME: home, OMNIROUTE_API_KEY: options.key },
      cwd: workDir,
      timeoutMs: options.timeoutMs,
    });
    let answer: string | null = null;
    try {
      answer = readFileSync(answerFile, "utf8");
    } catch {
      // No last message: the assertion on `answer` reports stdout/stderr.
    }
    return { answer, process: run };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
