// Every recorded upstream answer, in each recorded form, with the values the client must end up seeing.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { DEFAULT_FIXTURES_ROOT } from "../mock-upstream/wire-replay-server";
import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import { extractClaudeFromChunks, extractClaudeFromJson } from "./extract-claude";
import { extractGeminiFromChunks, extractGeminiFromJson } from "./extract-gemini";
import { extractOpenAiChatFromChunks, extractOpenAiChatFromJson } from "./extract-openai-chat";
import { extractOpenAiResponsesFromChunks, extractOpenAiResponsesFromJson } from "./extract-openai-responses";
import type { ExpectedOutcome } from "./expected-outcome";

export type RecordedForm = "json" | "sse";

export interface FixtureCase {
  protocol: UpstreamProtocol;
  /** File name without extension, which is also the model the mock answers to. */
  name: string;
  form: RecordedForm;
  /** The omniroute provider id whose upstream speaks this protocol. */
  providerId: string;
  expected: ExpectedOutcome;
}

export const PROTOCOLS: readonly UpstreamProtocol[] = ["openai-chat", "openai-responses", "claude", "gemini"];

/** Provider ids of the gateway config (see gateway-config.ts), one per upstream protocol. */
export const PROVIDER_FOR_PROTOCOL: Record<UpstreamProtocol, string> = {
  "openai-chat": "up-chat",
  "openai-responses": "up-responses",
  claude: "up-claude",
  gemini: "gemini",
};

const EXTRACTORS: Record<UpstreamProtocol, Record<RecordedForm, (text: string) => ExpectedOutcome>> = {
  "openai-chat": { json: extractOpenAiChatFromJson, sse: extractOpenAiChatFromChunks },
  "openai-responses": { json: extractOpenAiResponsesFromJson, sse: extractOpenAiResponsesFromChunks },
  claude: { json: extractClaudeFromJson, sse: extractClaudeFromChunks },
  gemini: { json: extractGeminiFromJson, sse: extractGeminiFromChunks },
};

/** Error bodies recorded without their status: the status is known from the recording's source. */
const ERROR_STATUS: Record<string, number> = { "google-429-retry-info": 429 };

export function loadFixtureCases(root = DEFAULT_FIXTURES_ROOT): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const protocol of PROTOCOLS) {
    for (const file of readdirSync(path.join(root, protocol)).sort()) {
      const match = /^(.+?)\.(json|chunks\.txt)$/.exec(file);
      if (!match) continue;
      const form: RecordedForm = match[2] === "json" ? "json" : "sse";
      const name = match[1]!;
      let expected = EXTRACTORS[protocol][form](readFileSync(path.join(root, protocol, file), "utf8"));
      if (expected.kind === "error" && ERROR_STATUS[name] !== undefined) expected = { ...expected, status: ERROR_STATUS[name]! };
      cases.push({ protocol, name, form, providerId: PROVIDER_FOR_PROTOCOL[protocol], expected });
    }
  }
  return cases;
}

export function caseLabel(fixture: Pick<FixtureCase, "protocol" | "name" | "form">): string {
  return `${fixture.protocol}/${fixture.name}.${fixture.form === "json" ? "json" : "chunks"}`;
}
