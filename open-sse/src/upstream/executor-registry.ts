import { antigravityExecutor } from "./executors/antigravity-executor";
import { claudeCodeExecutor } from "./executors/claude-code-executor";
import { codexExecutor } from "./executors/codex-executor";
import { geminiCliExecutor } from "./executors/gemini-cli-executor";
import { copilotExecutor } from "./executors/copilot";
import { cursorExecutor } from "./executors/cursor";
import { iflowExecutor } from "./executors/iflow";
import { kiroExecutor } from "./executors/kiro";
import { qwenExecutor } from "./executors/qwen";
import type { UpstreamExecutor } from "./upstream-executor";

/** One line per executor (`ProviderDefinition.executor` / `ProviderRuntime.executor` name it). */
const executors: ReadonlyMap<string, UpstreamExecutor> = new Map(
  [
    claudeCodeExecutor,
    codexExecutor,
    geminiCliExecutor,
    antigravityExecutor,
    copilotExecutor,
    iflowExecutor,
    qwenExecutor,
    kiroExecutor,
    cursorExecutor,
  ].map((executor) => [executor.id, executor]),
);

/** The executor registered under `id`, or undefined for an id no executor has (the provider is then unusable). */
export function executorFor(id: string): UpstreamExecutor | undefined {
  return executors.get(id);
}

/** Every registered executor id (for config validation and docs). */
export function executorIds(): string[] {
  return [...executors.keys()];
}
