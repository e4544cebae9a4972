// The Vercel AI SDK through omniroute: `ai` (generateText / streamText) with @ai-sdk/openai-compatible and
// @ai-sdk/anthropic, each against every upstream wire format, text and tool calls, streaming and not
// (sdk-matrix.ts).

import { driveVercelAnthropic, driveVercelOpenAiCompatible } from "./drive-vercel-ai-sdk";
import { sdkSuiteSkip } from "./installed-clients";
import { defineSdkMatrix } from "./sdk-matrix";

defineSdkMatrix(
  "Vercel AI SDK through omniroute",
  [
    { label: "ai + @ai-sdk/openai-compatible", protocol: "openai-chat", drive: driveVercelOpenAiCompatible },
    { label: "ai + @ai-sdk/anthropic", protocol: "claude", drive: driveVercelAnthropic },
  ],
  sdkSuiteSkip(),
);
