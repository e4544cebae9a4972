/**
 * The parts of the Generative Language API v1beta wire format (`generateContent`, `streamGenerateContent`)
 * this codec writes. Field names follow the REST JSON spelling (camelCase), as `@google/genai` sends them
 * for the Gemini Developer API; see `Part`, `Content`, `GenerateContentResponse` in its type definitions.
 * Incoming JSON is read as `unknown` (json-fields.ts), never trusted to match these. Type aliases rather than
 * interfaces, so a value is also a `Record<string, unknown>` (what WireCodec returns).
 */
export type GeminiPart = {
  text?: string;
  /** The part is the model's thinking (only meaningful with `text`). */
  thought?: boolean;
  /** Opaque token of the model's reasoning state, base64; Gemini 3 validates it on function calls. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { id?: string; name: string; args: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
};

export type GeminiContent = {
  role: "user" | "model";
  parts: GeminiPart[];
};

export type GeminiUsageMetadata = {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
};

export type GeminiCandidate = {
  content?: GeminiContent;
  finishReason?: string;
  index: number;
};

export type GeminiResponse = {
  candidates: GeminiCandidate[];
  usageMetadata?: GeminiUsageMetadata;
  modelVersion: string;
  responseId: string;
};

/** gRPC status names Google puts in `error.status`. */
export type GoogleErrorStatus =
  | "INVALID_ARGUMENT"
  | "FAILED_PRECONDITION"
  | "UNAUTHENTICATED"
  | "PERMISSION_DENIED"
  | "NOT_FOUND"
  | "RESOURCE_EXHAUSTED"
  | "CANCELLED"
  | "UNIMPLEMENTED"
  | "INTERNAL"
  | "UNAVAILABLE"
  | "DEADLINE_EXCEEDED";
