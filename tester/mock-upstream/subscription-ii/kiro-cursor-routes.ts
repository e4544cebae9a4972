// Kiro (/kiro) and Cursor (/cursor): the two backends with their own protocols.
//
// Kiro: `POST /generateAssistantResponse` with CodeWhisperer's conversationState JSON, answered with real AWS
// event-stream frames (valid prelude and message CRC32s) — messageMetadataEvent, assistantResponseEvent pieces,
// a streamed toolUseEvent when tools were sent and the prompt asks for one, meteringEvent, contextUsageEvent and
// metadataEvent usage. Scenarios: `corrupt-crc` (a frame whose message CRC is wrong), `exception` (a
// throttlingException frame mid-stream), `truncate` (the body stops inside a frame), `split` (7-byte chunks).
//
// Cursor: `POST /aiserver.v1.ChatService/StreamUnifiedChatWithTools`, one Connect envelope of protobuf in,
// envelopes of `StreamUnifiedChatWithToolsResponse` out and a JSON end-of-stream envelope. Scenarios:
// `rate-limited` (end-of-stream error resource_exhausted), `truncate` (no end-of-stream envelope).

import { createHash } from "node:crypto";

import { encodeKiroEvent, encodeKiroException } from "../../../open-sse/src/upstream/executors/kiro/event-stream-encoder";
import { ConnectFrameDecoder, encodeConnectFrame } from "../../../open-sse/src/upstream/executors/cursor/connect-frame";
import { bytesField, bytesOf, decodeFields, message, stringOf } from "../../../open-sse/src/upstream/executors/cursor/protobuf-wire";
import { bearerOf, fieldOf, headerOf, jsonReply, type MockReply, type MockRequest, type ScenarioName } from "./mock-reply";

export interface KiroCursorMockState {
  kiroAccessToken: string;
  cursorAccessToken: string;
}

const EVENT_STREAM_HEADERS = { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "kiro-mock-request" };

export function kiroRoute(state: KiroCursorMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  if (bearerOf(request) !== state.kiroAccessToken) return jsonReply(403, { message: "The bearer token included in the request is invalid.", reason: null });
  if (request.path !== "/generateAssistantResponse") return jsonReply(404, { message: "Not found" });
  const problem = conversationProblem(request.json);
  if (problem !== undefined) return jsonReply(400, { message: "Improperly formed request.", reason: problem });
  const conversation = fieldOf(request.json, "conversationState");
  const current = fieldOf(fieldOf(fieldOf(conversation, "currentMessage"), "userInputMessage"), "content") as string;
  const tools = fieldOf(fieldOf(fieldOf(fieldOf(conversation, "currentMessage"), "userInputMessage"), "userInputMessageContext"), "tools");
  const frames: Buffer[] = [encodeKiroEvent("messageMetadataEvent", { conversationId: String(fieldOf(conversation, "conversationId") ?? ""), utteranceId: "utterance-mock-1" })];
  if (Array.isArray(tools) && tools.length > 0 && /weather/i.test(current)) {
    const name = String(fieldOf(fieldOf(tools[0], "toolSpecification"), "name") ?? "tool");
    frames.push(
      encodeKiroEvent("assistantResponseEvent", { content: "Let me check." }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_mock_1", name }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_mock_1", name, input: '{"city":' }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_mock_1", name, input: '"Paris"}' }),
      encodeKiroEvent("toolUseEvent", { toolUseId: "tooluse_mock_1", name, stop: true }),
    );
  } else {
    const answer = `Kiro answers: ${current.split("\n").pop() ?? ""}`;
    const half = Math.ceil(answer.length / 2);
    frames.push(encodeKiroEvent("assistantResponseEvent", { content: answer.slice(0, half) }), encodeKiroEvent("assistantResponseEvent", { content: answer.slice(half) }));
  }
  frames.push(
    encodeKiroEvent("meteringEvent", { unit: "credit", unitPlural: "credits", usage: 0.2 }),
    encodeKiroEvent("contextUsageEvent", { contextUsagePercentage: 1.2 }),
    encodeKiroEvent("metadataEvent", { tokenUsage: { uncachedInputTokens: 40, outputTokens: 11, totalTokens: 51, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 } }),
  );
  switch (scenario) {
    case "corrupt-crc": {
      const damaged = Buffer.from(frames[1] as Buffer);
      damaged[damaged.length - 1] = (damaged[damaged.length - 1] as number) ^ 0xff;
      frames[1] = damaged;
      break;
    }
    case "exception":
      frames.splice(2, frames.length - 2, encodeKiroException("throttlingException", "Rate exceeded"));
      break;
    case "truncate": {
      const all = Buffer.concat(frames);
      return { status: 200, headers: EVENT_STREAM_HEADERS, chunks: [all.subarray(0, all.length - 5)], cutAfter: 1 };
    }
    case "split": {
      const all = Buffer.concat(frames);
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < all.length; offset += 7) chunks.push(all.subarray(offset, offset + 7));
      return { status: 200, headers: EVENT_STREAM_HEADERS, chunks };
    }
  }
  return { status: 200, headers: EVENT_STREAM_HEADERS, chunks: frames };
}

/** What CodeWhisperer refuses, as the gateways learned it: a non-user current message, empty content, broken turns. */
function conversationProblem(json: unknown): string | undefined {
  const conversation = fieldOf(json, "conversationState");
  if (fieldOf(conversation, "chatTriggerType") !== "MANUAL") return "chatTriggerType must be MANUAL";
  const current = fieldOf(fieldOf(conversation, "currentMessage"), "userInputMessage");
  const content = fieldOf(current, "content");
  if (typeof content !== "string" || content.trim() === "") return "currentMessage.userInputMessage.content must not be empty";
  if (typeof fieldOf(current, "modelId") !== "string") return "modelId is required";
  const history = fieldOf(conversation, "history");
  if (history === undefined) return undefined;
  if (!Array.isArray(history)) return "history must be a list";
  for (const [index, entry] of history.entries()) {
    const expected = index % 2 === 0 ? "userInputMessage" : "assistantResponseMessage";
    if (fieldOf(entry, expected) === undefined) return `history[${index}] must be a ${expected}`;
    if (expected === "userInputMessage" && String(fieldOf(fieldOf(entry, expected), "content") ?? "").trim() === "") return `history[${index}] content must not be empty`;
  }
  if (history.length % 2 !== 0) return "history must end with an assistant turn";
  return undefined;
}

export function cursorRoute(state: KiroCursorMockState, request: MockRequest, scenario: ScenarioName): MockReply {
  const token = bearerOf(request);
  const connectError = (status: number, code: string, text: string): MockReply => jsonReply(status, { code, message: text });
  if (token !== state.cursorAccessToken) return connectError(401, "unauthenticated", "Not logged in");
  if (headerOf(request, "content-type") !== "application/connect+proto" || headerOf(request, "connect-protocol-version") !== "1") return connectError(415, "invalid_argument", "connect+proto required");
  if (headerOf(request, "x-client-key") !== createHash("sha256").update(token).digest("hex")) return connectError(403, "permission_denied", "bad client key");
  if (request.path !== "/aiserver.v1.ChatService/StreamUnifiedChatWithTools") return connectError(404, "unimplemented", "no such method");
  const frames = new ConnectFrameDecoder().push(request.body).frames;
  let lastUser = "";
  let model = "";
  try {
    const inner = decodeFields(bytesOf(decodeFields(frames[0]?.payload ?? Buffer.alloc(0)), 1) ?? Buffer.alloc(0));
    for (const field of inner) {
      if (field.field !== 1 || field.wireType !== 2) continue;
      const entry = decodeFields(field.value);
      const role = entry.find((candidate) => candidate.field === 2 && candidate.wireType === 0)?.value;
      if (role === 1n) lastUser = stringOf(entry, 1) ?? "";
    }
    model = stringOf(decodeFields(bytesOf(inner, 5) ?? Buffer.alloc(0)), 1) ?? "";
  } catch {
    return connectError(400, "invalid_argument", "malformed request");
  }
  if (lastUser === "" || model === "") return connectError(400, "invalid_argument", "no message or model");
  const text = (value: string, thinking?: string) =>
    encodeConnectFrame(bytesField(2, message(...(thinking !== undefined ? [bytesField(25, bytesField(1, thinking))] : []), bytesField(1, value))));
  const answer = `Cursor (${model}) answers: ${lastUser}`;
  const chunks = [text("", "Considering."), text(answer.slice(0, 10)), text(answer.slice(10))];
  if (scenario === "rate-limited") {
    chunks.push(encodeConnectFrame(Buffer.from(JSON.stringify({ error: { code: "resource_exhausted", message: "Error", details: [{ debug: { error: "ERROR_RATE_LIMITED", details: { title: "Too many requests", detail: "Slow down." } } }] } })), 0x02));
  } else if (scenario !== "truncate") {
    chunks.push(encodeConnectFrame(Buffer.from("{}"), 0x02));
  }
  return { status: 200, headers: { "content-type": "application/connect+proto" }, chunks };
}
