import type { OAuthFlowDefinition } from "../oauth-flow-definition";
import type { OAuthFlowId } from "../oauth-flow-ids";
import { antigravityFlow } from "./antigravity-flow";
import { claudeCodeFlow } from "./claude-code-flow";
import { codexFlow } from "./codex-flow";
import { cursorFlow } from "./cursor-flow";
import { geminiCliFlow } from "./gemini-cli-flow";
import { githubCopilotFlow } from "./github-copilot-flow";
import { iflowFlow } from "./iflow-flow";
import { kiroFlow } from "./kiro-flow";
import { qwenFlow } from "./qwen-flow";

/** Every login flow, by provider id. A new OAuth provider = one flow file + one line here + its id in oauth-flow-ids.ts. */
export const OAUTH_FLOWS: Readonly<Record<OAuthFlowId, OAuthFlowDefinition>> = Object.freeze({
  cc: claudeCodeFlow,
  cx: codexFlow,
  gc: geminiCliFlow,
  ag: antigravityFlow,
  gh: githubCopilotFlow,
  if: iflowFlow,
  qw: qwenFlow,
  kr: kiroFlow,
  cu: cursorFlow,
});
