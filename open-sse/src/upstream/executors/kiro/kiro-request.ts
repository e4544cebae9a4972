import type { CanonicalRequest, ContentPart, ImagePart, ToolResultPart } from "../../../core/canonical-request";
import { parseDataUrl } from "../../../formats/shared/data-url";

/**
 * Writes the body of CodeWhisperer's `GenerateAssistantResponse` (the API behind Kiro) from the canonical
 * request. Field names follow the streaming client AWS publishes (aws/amazon-q-developer-cli,
 * crates/amzn-codewhisperer-streaming-client: `ConversationState`, `UserInputMessage`,
 * `AssistantResponseMessage`, `ToolResult`, `ToolSpecification`, `ImageBlock`); the conventions the service
 * enforces beyond its schema come from the gateways that run against it (router-for-me/CLIProxyAPIPlus
 * internal/runtime/executor/kiro_executor.go, justlovemaki/AIClient-2-API src/providers/claude/claude-kiro.js):
 *
 * - The conversation is `history` (alternating `userInputMessage` / `assistantResponseMessage`, starting with
 *   a user turn) plus `currentMessage`, which must be a user turn. Consecutive messages of one role merge.
 *   A conversation that ends on an assistant turn (a prefill) gets a user turn "Continue" after it.
 * - There is no system field: the system prompt opens the first user turn, where it stays put as the
 *   conversation grows (AIClient-2-API does the same).
 * - The service refuses an empty user `content`, even beside tool results: such turns say "Tool results
 *   provided." or "Continue", as both gateways send.
 * - Tools travel as `toolSpecification {name, description, inputSchema: {json}}` in the current message's
 *   `userInputMessageContext.tools`; tool results as `toolResults [{toolUseId, content: [{text}], status}]`
 *   in the user turn that answers them; earlier tool calls as `toolUses [{toolUseId, name, input}]`.
 *   Descriptions are cut to the service's 10 240-byte limit.
 * - Images: base64 only, as `images [{format: png|jpeg|gif|webp, source: {bytes}}]`.
 *
 * Not carried (the API has no field for them): max output tokens, temperature/top-p, stop sequences, tool
 * choice, response format, documents (PDF), images given by URL, provider-native tools, and reasoning blocks
 * (their signatures belong to other formats). `conversationId` and `profileArn` are set by the executor.
 */
export interface KiroUserInputMessage {
  content: string;
  modelId: string;
  origin: string;
  images?: KiroImage[];
  userInputMessageContext?: { toolResults?: KiroToolResult[]; tools?: KiroTool[] };
}

export interface KiroAssistantResponseMessage {
  content: string;
  toolUses?: Array<{ toolUseId: string; name: string; input: Record<string, unknown> }>;
}

export type KiroHistoryEntry = { userInputMessage: KiroUserInputMessage } | { assistantResponseMessage: KiroAssistantResponseMessage };

interface KiroImage {
  format: string;
  source: { bytes: string };
}

interface KiroToolResult {
  toolUseId: string;
  content: Array<{ text: string }>;
  status: "success" | "error";
}

interface KiroTool {
  toolSpecification: { name: string; description: string; inputSchema: { json: Record<string, unknown> } };
}

export interface KiroRequestBody extends Record<string, unknown> {
  conversationState: {
    chatTriggerType: "MANUAL";
    agentTaskType: "vibe";
    conversationId?: string;
    currentMessage: { userInputMessage: KiroUserInputMessage };
    history?: KiroHistoryEntry[];
  };
  profileArn?: string;
}

/** Quota pool the request counts against: `AI_EDITOR` is the Kiro IDE's (the CLI's `CLI` needs the Q endpoint). */
const ORIGIN = "AI_EDITOR";
const MAXIMUM_TOOL_DESCRIPTION_BYTES = 10_237;
const TOOL_RESULTS_ONLY_CONTENT = "Tool results provided.";
const CONTINUE_CONTENT = "Continue";
const IMAGE_FORMATS: Readonly<Record<string, string>> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

interface UserTurn {
  role: "user";
  texts: string[];
  images: KiroImage[];
  toolResults: KiroToolResult[];
}

interface AssistantTurn {
  role: "assistant";
  texts: string[];
  toolUses: NonNullable<KiroAssistantResponseMessage["toolUses"]>;
}

type Turn = UserTurn | AssistantTurn;

export function formatKiroRequest(request: CanonicalRequest, model: string): KiroRequestBody {
  const turns = buildTurns(request);
  const system = request.system.map((part) => part.text).filter((text) => text !== "").join("\n\n");
  if (turns[0]?.role !== "user") turns.unshift(emptyUserTurn(system === "" ? CONTINUE_CONTENT : undefined));
  if (turns[turns.length - 1]?.role !== "user") turns.push(emptyUserTurn(CONTINUE_CONTENT));
  if (system !== "") (turns[0] as UserTurn).texts.unshift(system);

  const current = turns.pop() as UserTurn;
  const history = turns.map((turn) => (turn.role === "user" ? { userInputMessage: userMessage(turn, model) } : { assistantResponseMessage: assistantMessage(turn) }));
  const currentMessage = userMessage(current, model);
  const tools = formatTools(request);
  if (tools.length > 0) currentMessage.userInputMessageContext = { ...currentMessage.userInputMessageContext, tools };

  return {
    conversationState: {
      chatTriggerType: "MANUAL",
      agentTaskType: "vibe",
      currentMessage: { userInputMessage: currentMessage },
      ...(history.length > 0 ? { history } : {}),
    },
  };
}

function buildTurns(request: CanonicalRequest): Turn[] {
  const turns: Turn[] = [];
  for (const message of request.messages) {
    let turn = turns[turns.length - 1];
    if (turn?.role !== message.role) {
      turn = message.role === "user" ? emptyUserTurn(undefined) : { role: "assistant", texts: [], toolUses: [] };
      turns.push(turn);
    }
    for (const part of message.parts) addPart(turn, part);
  }
  return turns;
}

function emptyUserTurn(text: string | undefined): UserTurn {
  return { role: "user", texts: text === undefined ? [] : [text], images: [], toolResults: [] };
}

function addPart(turn: Turn, part: ContentPart): void {
  if (turn.role === "user") {
    if (part.type === "text" && part.text !== "") turn.texts.push(part.text);
    else if (part.type === "image") {
      const image = formatImage(part);
      if (image !== undefined) turn.images.push(image);
    } else if (part.type === "tool-result" && !turn.toolResults.some((result) => result.toolUseId === part.toolCallId)) {
      // The service refuses a toolUseId twice in one message.
      turn.toolResults.push(formatToolResult(part));
    }
    return;
  }
  if (part.type === "text" && part.text !== "") turn.texts.push(part.text);
  else if (part.type === "tool-call") turn.toolUses.push({ toolUseId: part.id, name: part.name, input: parseArguments(part.arguments) });
}

function userMessage(turn: UserTurn, model: string): KiroUserInputMessage {
  const text = turn.texts.join("\n\n");
  const message: KiroUserInputMessage = {
    content: text.trim() !== "" ? text : turn.toolResults.length > 0 ? TOOL_RESULTS_ONLY_CONTENT : CONTINUE_CONTENT,
    modelId: model,
    origin: ORIGIN,
  };
  if (turn.images.length > 0) message.images = turn.images;
  if (turn.toolResults.length > 0) message.userInputMessageContext = { toolResults: turn.toolResults };
  return message;
}

function assistantMessage(turn: AssistantTurn): KiroAssistantResponseMessage {
  const message: KiroAssistantResponseMessage = { content: turn.texts.join("\n\n") };
  if (turn.toolUses.length > 0) message.toolUses = turn.toolUses;
  return message;
}

function formatImage(part: ImagePart): KiroImage | undefined {
  const inline = part.source.kind === "base64" ? { mediaType: part.source.mediaType, data: part.source.data } : parseDataUrl(part.source.url);
  if (inline === undefined) return undefined;
  const format = IMAGE_FORMATS[inline.mediaType.toLowerCase()];
  return format === undefined ? undefined : { format, source: { bytes: inline.data } };
}

function formatToolResult(part: ToolResultPart): KiroToolResult {
  const text = part.content
    .filter((item) => item.type === "text")
    .map((item) => (item.type === "text" ? item.text : ""))
    .join("\n");
  return { toolUseId: part.toolCallId, content: [{ text }], status: part.isError === true ? "error" : "success" };
}

function formatTools(request: CanonicalRequest): KiroTool[] {
  const tools: KiroTool[] = [];
  for (const tool of request.tools) {
    if (tool.type !== "function") continue;
    tools.push({
      toolSpecification: {
        name: tool.name,
        description: truncateUtf8(tool.description !== undefined && tool.description.trim() !== "" ? tool.description : tool.name, MAXIMUM_TOOL_DESCRIPTION_BYTES),
        inputSchema: { json: tool.parameters },
      },
    });
  }
  return tools;
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** At most `limit` bytes of UTF-8, cut on a character boundary. */
function truncateUtf8(text: string, limit: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return text;
  let end = limit;
  // Step back over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.toString("utf8", 0, end);
}
