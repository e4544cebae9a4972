import { badRequest } from "../../core/gateway-error";
import { codexQuotaFromErrorBody, codexQuotaFromHeaders } from "../../providers/quota/codex-rate-limit-headers";
import type { ExecutorCall, ExecutorRequest, UpstreamExecutor } from "../upstream-executor";
import { baseWithout, clientHeader, credentialOf, derivedUuid, isRecord, passThrough, sessionExtra } from "./executor-support";

/**
 * Codex (`cx/`): a ChatGPT Plus/Pro subscription through the Codex backend, `POST {base}/responses` with base
 * `https://chatgpt.com/backend-api/codex` — the OpenAI Responses protocol with the backend's own rules:
 *
 * - Headers (openai/codex codex-rs; CLIProxyAPI codex_executor_request.go; CLI-TRAFFIC.md): `Authorization:
 *   Bearer <access token>`, `chatgpt-account-id` (the workspace, from the login's id token: session extra
 *   `chatgptAccountId`), `originator: codex_cli_rs` (Codex's default; the first-party originators are accepted),
 *   `OpenAI-Beta: responses=experimental`, a `session-id` per conversation, `accept: text/event-stream`. A Codex
 *   client's own originator, user agent and `x-codex-*` / thread headers pass through.
 * - The body always streams (`stream: true`) and is never stored (`store: false`); `instructions` must be present
 *   (an empty string when the client had none; CLIProxyAPI normalizeCodexInstructions); reasoning comes back as
 *   `reasoning.encrypted_content`, so the next turn can carry it. String `input` becomes one user message, and
 *   `system` input items become `developer` ones (the backend refuses the system role).
 * - Fields the backend refuses (CLIProxyAPI ConvertOpenAIResponsesRequestToCodex and codex_executor_execute.go;
 *   9router executors/codex.js): token limits, sampling parameters, `truncation`, `user`, `safety_identifier`,
 *   `prompt_cache_retention`, `stream_options`, `metadata`, a `service_tier` other than `priority`.
 * - Nothing is stored, so `previous_response_id` can never be honoured: refused with a 400 that says so, rather
 *   than answered without the conversation.
 *
 * Answers stream whatever the client asked (`upstreamStreams`); a JSON client gets the aggregated response.
 */
const CODEX_VERSION = "0.169.0";
const ORIGINATOR = "codex_cli_rs";
const USER_AGENT = `${ORIGINATOR}/${CODEX_VERSION} (Linux; x86_64) unknown`;
const REFUSED_FIELDS = [
  "max_output_tokens",
  "max_completion_tokens",
  "max_tokens",
  "temperature",
  "top_p",
  "truncation",
  "user",
  "safety_identifier",
  "prompt_cache_retention",
  "stream_options",
  "metadata",
  "background",
] as const;
/** Codex clients' own headers (CLI-TRAFFIC.md): forwarded so the backend sees the same conversation bookkeeping. */
const CODEX_CLIENT_HEADERS = ["x-codex-turn-metadata", "x-codex-window-id", "x-codex-beta-features", "thread-id", "x-client-request-id"];
const ENCRYPTED_REASONING = "reasoning.encrypted_content";

export const codexExecutor: UpstreamExecutor = {
  id: "codex",
  format: "openai-responses",

  prepare(request: ExecutorRequest): ExecutorCall {
    const client = request.sameFormatClientHeaders;
    const body = request.body;
    if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
      throw badRequest(
        "invalid_request",
        "'previous_response_id' cannot be honoured by the Codex backend: it stores no responses. Send the whole conversation in 'input'.",
        "previous_response_id",
      );
    }
    body.model = request.model;
    body.input = codexInput(body.input);
    if (typeof body.instructions !== "string") body.instructions = "";
    body.stream = true;
    body.store = false;
    body.include = withEncryptedReasoning(body.include);
    for (const field of REFUSED_FIELDS) delete body[field];
    if (body.service_tier !== undefined && body.service_tier !== "priority") delete body.service_tier;
    if (body.parallel_tool_calls !== undefined && !(Array.isArray(body.tools) && body.tools.length > 0)) delete body.parallel_tool_calls;
    const sessionId = clientHeader(client, "session-id") ?? clientHeader(client, "session_id") ?? derivedUuid(`codex:${request.conversationId ?? request.requestId}`);
    if (body.prompt_cache_key === undefined && request.conversationId !== undefined) body.prompt_cache_key = sessionId;

    const originator = clientHeader(client, "originator");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "text/event-stream",
      authorization: `Bearer ${credentialOf(request)}`,
      originator: originator ?? ORIGINATOR,
      "user-agent": originator !== undefined ? (clientHeader(client, "user-agent") ?? USER_AGENT) : USER_AGENT,
      "openai-beta": "responses=experimental",
      "session-id": sessionId,
    };
    const accountId = sessionExtra(request, "chatgptAccountId");
    if (accountId !== undefined) headers["chatgpt-account-id"] = accountId;
    for (const name of CODEX_CLIENT_HEADERS) passThrough(client, headers, name);
    return {
      baseUrl: baseWithout(request.account.baseUrl, "/responses"),
      path: "/responses",
      headers,
      body: Buffer.from(JSON.stringify(body)),
      upstreamStreams: true,
    };
  },

  quotaFromHeaders: codexQuotaFromHeaders,
  quotaFromErrorBody: codexQuotaFromErrorBody,
};

/** `input` as the backend takes it: a list of items, `system` messages as `developer` ones. */
function codexInput(input: unknown): unknown {
  if (typeof input === "string") return [{ type: "message", role: "user", content: [{ type: "input_text", text: input }] }];
  if (!Array.isArray(input)) return input;
  return input.map((item: unknown) => (isRecord(item) && item.role === "system" ? { ...item, role: "developer" } : item));
}

function withEncryptedReasoning(include: unknown): string[] {
  const list = Array.isArray(include) ? include.filter((entry): entry is string => typeof entry === "string") : [];
  return list.includes(ENCRYPTED_REASONING) ? list : [...list, ENCRYPTED_REASONING];
}
