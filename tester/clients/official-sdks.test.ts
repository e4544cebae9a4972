// The official SDKs through omniroute: openai (chat.completions, responses), @anthropic-ai/sdk and @google/genai,
// each against every upstream wire format, text and tool calls, streaming and not (sdk-matrix.ts).

import { driveAnthropic, driveGenAi, driveOpenAiChat, driveOpenAiResponses } from "./drive-official-sdks";
import { sdkSuiteSkip } from "./installed-clients";
import { defineSdkMatrix } from "./sdk-matrix";

defineSdkMatrix(
  "official SDKs through omniroute",
  [
    { label: "openai chat.completions", protocol: "openai-chat", drive: driveOpenAiChat },
    { label: "openai responses", protocol: "openai-responses", drive: driveOpenAiResponses },
    { label: "@anthropic-ai/sdk messages", protocol: "claude", drive: driveAnthropic },
    { label: "@google/genai models", protocol: "gemini", drive: driveGenAi },
  ],
  sdkSuiteSkip(),
);
