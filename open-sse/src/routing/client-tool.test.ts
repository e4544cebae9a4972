import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientToolOf } from "./client-tool";

describe("clientToolOf", () => {
  const cases: [Record<string, string>, string][] = [
    [{ "user-agent": "claude-cli/2.1.197 (external, sdk-cli)" }, "claude-cli"],
    [{ "user-agent": "codex_exec/0.169.0 (Debian 12.0.0; x86_64) dumb (codex_exec; 0.169.0)" }, "codex"],
    [{ "user-agent": "codex_cli_rs/0.50.0" }, "codex"],
    [{ "user-agent": "node", originator: "codex_exec" }, "codex"],
    [{ "user-agent": "GeminiCLI-tui/0.61.0/gemini-2.5-pro (linux; x64; terminal)" }, "gemini-cli"],
    [{ "user-agent": "OpenAI/JS 5.0.0" }, "other"],
    [{}, "other"],
  ];
  for (const [headers, expected] of cases) {
    it(`${headers["user-agent"] ?? "(no user agent)"} → ${expected}`, () => {
      assert.equal(clientToolOf(headers), expected);
    });
  }
});
