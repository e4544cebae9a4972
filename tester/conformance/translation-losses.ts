// What each translation drops or flattens when the target format cannot express something, read from the codecs
// (open-sse/src/formats/*, core/, policies/) and rendered into docs/CONFORMANCE.md. Each entry names the code
// that does it and, where a check is cheap, the check that proves it (translation-loss-checks.ts, the multi-turn
// cells of multi-turn.ts, or the matrix itself). translation-losses.test.ts keeps the references honest.

import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import type { ClientFormat } from "./client-outcome";

export type LossTopic = "Reasoning and signatures" | "Tools" | "Caching and conversation state" | "Output control" | "System prompt and content" | "Answers and accounting";

export const LOSS_TOPICS: readonly LossTopic[] = ["Reasoning and signatures", "Tools", "Caching and conversation state", "Output control", "System prompt and content", "Answers and accounting"];

/** How an entry is proved in this run. */
export type LossProof =
  /** Checks of translation-loss-checks.ts (every upstream each one names). */
  | { kind: "checks"; checks: string[] }
  /** The multi-turn cells whose id matches `cells`, judged on their problems that match `problems` only. */
  | { kind: "multi-turn"; cells: RegExp; problems: RegExp }
  /** The matrix cells (which compare what the client got with the recording). */
  | { kind: "matrix"; note: string }
  /** Not exercised by the conformance run; the codec's unit tests cover it. */
  | { kind: "unit-tests"; note: string };

export interface TranslationLoss {
  id: string;
  topic: LossTopic;
  /** Client formats this concerns ("any": every client format whose requests can carry the feature). */
  from: ClientFormat[] | "any";
  /** Upstream formats this concerns. */
  to: UpstreamProtocol[] | "any";
  feature: string;
  /** What the gateway does. */
  handling: string;
  why: string;
  /** Files (under open-sse/src/) that do it. */
  source: string[];
  proof: LossProof;
  /** A known shortcoming of what we do, reported to be fixed. */
  gap?: string;
  /**
   * Which traffic it concerns: translated requests (the default), same-format passthrough (client format =
   * upstream format), or both.
   */
  scope?: "translated" | "passthrough" | "both";
}

const NOT_ANTHROPIC: UpstreamProtocol[] = ["openai-chat", "openai-responses", "gemini"];
const NOT_RESPONSES: UpstreamProtocol[] = ["claude", "openai-chat", "gemini"];

export const TRANSLATION_LOSSES: TranslationLoss[] = [
  // ── reasoning and signatures ──────────────────────────────────────────────────────────────────────────────
  {
    id: "chat-reasoning-out",
    topic: "Reasoning and signatures",
    from: ["openai-chat"],
    to: "any",
    feature: "Reasoning text in answers to an OpenAI Chat client",
    handling: "Sent as `message.reasoning_content` / `delta.reasoning_content` (the DeepSeek extension); no signature is sent.",
    why: "Chat Completions has no reasoning field and no place for an opaque token; `reasoning_content` is what DeepSeek, xAI and Qwen clients read. The `openai` SDK neither types nor accumulates it.",
    source: ["formats/openai-chat/format-response.ts", "formats/openai-chat/format-stream.ts"],
    proof: { kind: "matrix", note: "the reasoning note under Documented limitations counts the OpenAI Chat cells that received it" },
  },
  {
    id: "reasoning-tokens-in-envelope",
    topic: "Reasoning and signatures",
    from: ["anthropic", "openai-responses", "gemini"],
    to: "any",
    feature: "Another provider's reasoning token (Anthropic signature, Responses `encrypted_content`, Gemini `thoughtSignature`)",
    handling:
      "Given to the client as `omr1.<issuing format>.<token>` (redacted thinking `omr1r.…`; reasoning that came without a token `omr1.none.`); the client's own provider's tokens stay as they were. When the client sends it back, the envelope is opened and the token goes only to the format that issued it; the envelope itself never reaches any upstream.",
    why: "A token is only valid at the provider that issued it (Anthropic answers \"Invalid signature in thinking block\"), and the client's format may require a signature field even where none exists.",
    source: ["core/signature-envelope.ts", "formats/anthropic-messages/format-response.ts", "formats/openai-responses/output-items.ts", "formats/gemini/format-response.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:(anthropic|openai-responses|gemini)\|/, problems: /token|envelope/ },
  },
  {
    id: "reasoning-to-anthropic",
    topic: "Reasoning and signatures",
    from: "any",
    to: ["claude"],
    feature: "Earlier turns' reasoning sent to Claude",
    handling: "Only thinking Anthropic signed goes back (as `thinking` with its signature, or `redacted_thinking`); reasoning from any other provider, unsigned reasoning and signed blocks whose text the client dropped are left out.",
    why: "Anthropic verifies signatures and rejects foreign ones; a signature over text that is no longer there is a 400 where a missing block is not.",
    source: ["formats/anthropic-messages/format-content-blocks.ts"],
    proof: { kind: "multi-turn", cells: /\|claude$/, problems: /token|envelope/ },
  },
  {
    id: "anthropic-thinking-off-in-tool-loop",
    topic: "Reasoning and signatures",
    from: "any",
    to: ["claude"],
    feature: "Thinking requested while continuing a tool call that has no Anthropic thinking block (Claude → GPT → Claude)",
    handling: "Translated requests are sent without `thinking`; so are requests whose tool choice forces a tool, or whose max_tokens leaves no room for a 1024-token budget. Anthropic → Anthropic passthrough applies the same rule: a body whose last tool turn does not open with thinking goes without `thinking` (policies/repair-foreign-turns.ts); every other passthrough body is untouched.",
    why: "With thinking on, Anthropic requires the assistant turn being continued to start with its thinking block, which cannot be made up for a turn another provider produced.",
    source: ["formats/anthropic-messages/format-messages.ts", "formats/anthropic-messages/format-thinking.ts", "policies/repair-foreign-turns.ts"],
    proof: { kind: "multi-turn", cells: /\|claude$/, problems: /^thinking is/ },
    scope: "both",
  },
  {
    id: "reasoning-to-responses",
    topic: "Reasoning and signatures",
    from: "any",
    to: ["openai-responses"],
    feature: "Earlier turns' reasoning sent to a Responses upstream",
    handling: "A `reasoning` item only for reasoning OpenAI encrypted (`encrypted_content` + summary), without its `rs_…` id unless the client set `store: true`; every request is stateless (`store: false`, `include: [\"reasoning.encrypted_content\"]`).",
    why: "OpenAI cannot verify reasoning it did not encrypt, and an id it did not issue with that content fails verification; the gateway keeps no response state.",
    source: ["formats/openai-responses/format-input-items.ts", "formats/openai-responses/format-request.ts"],
    proof: { kind: "multi-turn", cells: /\|openai-responses$/, problems: /token|envelope/ },
  },
  {
    id: "reasoning-to-gemini",
    topic: "Reasoning and signatures",
    from: "any",
    to: ["gemini"],
    feature: "Earlier turns' reasoning and function calls sent to Gemini",
    handling:
      "Gemini-signed thoughts go back as `thought: true` parts with their `thoughtSignature`, signatures that sat on text or on a function call go back onto that part; other reasoning is dropped. The first function call of a model turn that carries no Gemini signature gets Google's documented placeholder `skip_thought_signature_validator` — translated, and on Gemini → Gemini passthrough too (policies/repair-foreign-turns.ts).",
    why: "Gemini reads nothing from unsigned thought text and would fail a foreign token; Gemini 3 answers 400 to an unsigned function call in the current turn.",
    source: ["formats/gemini/format-contents.ts", "formats/gemini/thought-signature.ts", "policies/repair-foreign-turns.ts"],
    proof: { kind: "multi-turn", cells: /\|gemini$/, problems: /token|envelope|thoughtSignature/ },
    scope: "both",
  },
  {
    id: "reasoning-to-chat",
    topic: "Reasoning and signatures",
    from: "any",
    to: ["openai-chat"],
    feature: "Earlier turns' reasoning sent to an OpenAI Chat upstream",
    handling: "Never sent (translated requests); a Chat client's own `reasoning_content` passes through untouched to a Chat upstream.",
    why: "Chat Completions has no input field for reasoning, and DeepSeek rejects `reasoning_content` in input messages.",
    source: ["formats/openai-chat/format-messages.ts"],
    proof: { kind: "multi-turn", cells: /\|openai-chat$/, problems: /token|envelope/ },
  },
  {
    id: "gemini-call-signature-to-other-clients",
    topic: "Reasoning and signatures",
    from: ["anthropic", "openai-responses", "openai-chat", "ollama"],
    to: ["gemini"],
    feature: "Gemini's `thoughtSignature` on a function call, given to a client of another format",
    handling: "Dropped: Anthropic `tool_use`, Responses `function_call`, Chat `tool_calls` and Ollama `tool_calls` have no field for it. On the way back Gemini gets the placeholder signature.",
    why: "The client formats have no place for a token on a tool call.",
    source: ["formats/anthropic-messages/format-response.ts", "formats/openai-responses/output-items.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:(anthropic|openai-responses)\|gemini\|[^|]+\|gemini$/, problems: /own token/ },
    gap: "It could travel as a signature-only reasoning block before the call (Anthropic `thinking` with empty text, Responses `reasoning` item), which the Gemini formatter already moves back onto the function call.",
  },
  {
    id: "chat-and-ollama-clients-have-no-tokens",
    topic: "Reasoning and signatures",
    from: ["openai-chat", "ollama"],
    to: "any",
    feature: "Reasoning continuity for OpenAI Chat and Ollama clients",
    handling: "Their reasoning text comes back as unsigned reasoning, which no signature-checking upstream receives; the next turn starts without the previous turn's encrypted or signed reasoning.",
    why: "Neither format has a field for reasoning tokens (Ollama's `thinking` is text only).",
    source: ["formats/openai-chat/parse-messages.ts", "formats/ollama/parse-request.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:(openai-chat|ollama)\|/, problems: /token|envelope/ },
  },
  {
    id: "passthrough-strips-foreign-tokens",
    topic: "Reasoning and signatures",
    from: ["anthropic", "openai-responses", "gemini"],
    to: ["claude", "openai-responses", "gemini"],
    feature: "Another provider's reasoning in a same-format conversation",
    handling: "Same-format traffic is forwarded byte for byte, except that a body containing our envelope is edited: Anthropic thinking / redacted blocks and Responses reasoning items with an `omr1.` token are removed; a Gemini thought part with one is removed and a function call loses only the foreign token.",
    why: "Anthropic (and OpenAI, Gemini) reject tokens they did not issue; every other byte stays as the client sent it, so prompt caches keep hitting.",
    source: ["policies/strip-foreign-signatures.ts", "handlers/generate/upstream-body.ts"],
    scope: "passthrough",
    proof: { kind: "multi-turn", cells: /^multi-turn:(anthropic\|[^|]+\|[^|]+\|claude|openai-responses\|[^|]+\|[^|]+\|openai-responses|gemini\|[^|]+\|[^|]+\|gemini)$/, problems: /token|envelope/ },
  },
  {
    id: "reasoning-effort-budget",
    topic: "Reasoning and signatures",
    from: "any",
    to: "any",
    feature: "Reasoning effort ↔ thinking budget",
    handling:
      "One table maps efforts to budgets (minimal 1024, low 4096, medium 12288, high 24576, xhigh 32768) and back by bands; Anthropic `max` reads as `xhigh`, `minimal` becomes Anthropic `low`; budgets are clamped to the target model (Anthropic ≥ 1024 and < max_tokens, Gemini 2.5 ranges), Gemini 3 gets a `thinkingLevel`, OpenAI efforts are moved to one the model family takes.",
    why: "Clients say effort or budget; targets take one or the other, within model limits.",
    source: ["core/reasoning-budget.ts", "core/model-limits.ts", "formats/anthropic-messages/format-thinking.ts", "formats/gemini/format-thinking-config.ts"],
    proof: { kind: "checks", checks: ["anthropic-max-tokens-thinking"] },
  },
  // ── tools ────────────────────────────────────────────────────────────────────────────────────────────────
  {
    id: "anthropic-server-tools",
    topic: "Tools",
    from: ["anthropic"],
    to: NOT_ANTHROPIC,
    feature: "Anthropic server and client-defined tools (`web_search_…`, `bash_…`, `text_editor_…`, `code_execution_…`, `computer_…`, MCP toolsets)",
    handling: "Sent to an Anthropic upstream only; dropped for the others — never turned into function tools. Their history blocks (`server_tool_use`, `*_tool_result`, `container_upload`) are dropped too.",
    why: "Anthropic runs them or defines their schema; another provider has neither.",
    source: ["formats/anthropic-messages/parse-tools.ts", "formats/openai-chat/format-request.ts", "formats/openai-responses/format-tools.ts", "formats/gemini/format-tools.ts"],
    proof: { kind: "checks", checks: ["anthropic-server-tool"] },
  },
  {
    id: "responses-hosted-tools",
    topic: "Tools",
    from: ["openai-responses"],
    to: NOT_RESPONSES,
    feature: "Responses hosted and special tools (`web_search`, `file_search`, `code_interpreter`, `mcp`, `local_shell`, `custom`, …)",
    handling: "Sent to a Responses upstream only; dropped for the others, as are their calls in `input` (`web_search_call`, `custom_tool_call`, `local_shell_call`, …), `item_reference` and `compaction` items.",
    why: "Only OpenAI runs or declares them; their history would name tools the target does not have.",
    source: ["formats/openai-responses/parse-tools.ts", "formats/openai-responses/parse-input-items.ts"],
    proof: { kind: "checks", checks: ["responses-hosted-tool"] },
  },
  {
    id: "responses-namespaces",
    topic: "Tools",
    from: ["openai-responses"],
    to: NOT_RESPONSES,
    feature: "Responses `namespace` tools (Codex)",
    handling: "Flattened: each function becomes `<namespace>__<name>` (`mcp__files__` + `read` → `mcp__files__read`); calls come back to the client as `name` + `namespace`.",
    why: "The other formats know only flat function names.",
    source: ["formats/openai-responses/tool-namespaces.ts", "formats/openai-responses/parse-tools.ts"],
    proof: { kind: "checks", checks: ["responses-namespace"] },
  },
  {
    id: "native-tools-own-format",
    topic: "Tools",
    from: ["gemini", "openai-chat"],
    to: "any",
    feature: "Gemini tools (`googleSearch`, `codeExecution`, `urlContext`, …) and Chat non-function tools (`custom`)",
    handling: "Sent only to an upstream of the client's own format; dropped elsewhere.",
    why: "They are provider features, not functions another model could call.",
    source: ["formats/gemini/parse-tools.ts", "formats/openai-chat/parse-request.ts"],
    proof: { kind: "unit-tests", note: "formats/gemini/format-tools.test.ts, formats/openai-chat/format-request.test.ts" },
  },
  {
    id: "tool-names",
    topic: "Tools",
    from: "any",
    to: "any",
    feature: "Tool names outside a target's limits (OpenAI: `^[a-zA-Z0-9_-]{1,64}$`; Anthropic: no dots; Gemini allows `.` and `:` up to 128)",
    handling: "Sent as the client wrote them.",
    why: "No per-target renaming exists yet.",
    source: ["formats/openai-chat/format-request.ts", "formats/anthropic-messages/format-tools.ts"],
    proof: { kind: "checks", checks: ["tool-name-passthrough"] },
    gap: "A Gemini client's `files.read_file`, or a long flattened MCP name, is refused by OpenAI/Anthropic with a 400. A per-request name map (like the Anthropic tool-id map) applied to declarations, calls and tool choice, and reversed on the answer, would fix it.",
  },
  {
    id: "tool-ids-to-anthropic",
    topic: "Tools",
    from: "any",
    to: ["claude"],
    feature: "Tool call ids outside `^[a-zA-Z0-9_-]+$` (Gemini's invented ids, `call.1`, ids with `:` or `|`)",
    handling: "Rewritten through one map per request, the same way in `tool_use` and `tool_result`; valid ids never renamed; collisions get `_2`, `_3`.",
    why: "Anthropic accepts no other characters in tool ids.",
    source: ["formats/anthropic-messages/tool-id-map.ts"],
    proof: { kind: "multi-turn", cells: /\|claude$/, problems: /is not \^|next message answers|with no tool_use before/ },
  },
  {
    id: "gemini-schemas",
    topic: "Tools",
    from: "any",
    to: ["gemini"],
    feature: "JSON Schema of tools and structured outputs sent to Gemini",
    handling:
      "Sent as `parametersJsonSchema` / `responseJsonSchema` (JSON Schema, not Google's OpenAPI `Schema`), normalised: local `$ref`s inlined (a recursive one becomes an open schema of its type), `$defs`/`definitions`/`$schema`/`$id`/`$comment` removed, `const` → one-value `enum`, `oneOf` → `anyOf`, a one-element `allOf` merged, draft-04 tuples and exclusive bounds converted; a function without parameters has none.",
    why: "Gemini's schema compiler rejects unresolved references and documents neither `const` nor `oneOf`; `parametersJsonSchema` keeps the rest of the client's constraints.",
    source: ["formats/gemini/json-schema-to-gemini.ts", "formats/gemini/format-tools.ts"],
    proof: { kind: "checks", checks: ["gemini-schema"] },
  },
  {
    id: "gemini-client-schemas",
    topic: "Tools",
    from: ["gemini"],
    to: ["claude", "openai-chat", "openai-responses"],
    feature: "A Gemini client's OpenAPI-style `parameters` schema",
    handling: "Converted to JSON Schema: uppercase types lowered, `nullable` → a type union, `propertyOrdering` and Google's `format: enum` removed, int64 strings to numbers.",
    why: "Other providers validate strict JSON Schema.",
    source: ["formats/gemini/json-schema-to-gemini.ts"],
    proof: { kind: "unit-tests", note: "formats/gemini/json-schema-to-gemini.test.ts" },
  },
  {
    id: "tool-choice-parallel",
    topic: "Tools",
    from: "any",
    to: "any",
    feature: "Tool choice and parallel calls",
    handling: "required ↔ Anthropic `any` ↔ Gemini `ANY`; a named tool ↔ Gemini `allowedFunctionNames`; `parallel_tool_calls: false` ↔ Anthropic `disable_parallel_tool_use`, dropped for Gemini (no such setting); Chat sends no `tool_choice` without tools.",
    why: "Each format names the same choices differently; Gemini cannot limit a turn to one call.",
    source: ["formats/anthropic-messages/format-tools.ts", "formats/gemini/format-tools.ts", "formats/openai-chat/format-request.ts"],
    proof: { kind: "unit-tests", note: "format-tools tests of each codec" },
  },
  {
    id: "tool-loops",
    topic: "Tools",
    from: "any",
    to: "any",
    feature: "Tool calls and their results in the history",
    handling: "Paired by id in the target's own way (Anthropic `tool_result` first in the next user message, Chat `tool` messages right after the call, Responses `function_call_output`, Gemini `functionResponse` with the call's name); Ollama results without an id answer the oldest open call of that name.",
    why: "Every target rejects an unanswered call or a result without its call.",
    source: ["formats/anthropic-messages/format-messages.ts", "formats/openai-chat/format-messages.ts", "formats/gemini/format-contents.ts", "formats/ollama/parse-request.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:/, problems: /next (message|content) answers|did not call|right after their|never answered|no earlier function_call|with no (tool_use|call) before|lost its content|^tool calls |is not \^/ },
  },
  // ── caching and conversation state ──────────────────────────────────────────────────────────────────────
  {
    id: "cache-control",
    topic: "Caching and conversation state",
    from: ["anthropic"],
    to: NOT_ANTHROPIC,
    feature: "Anthropic prompt-cache marks (`cache_control`, with `ttl`)",
    handling: "Kept through translation to a Claude upstream; never sent to the others.",
    why: "OpenAI and Gemini cache prefixes by themselves, and compatible providers reject unknown part fields.",
    source: ["formats/anthropic-messages/cache-control.ts", "formats/openai-chat/format-request.ts"],
    proof: { kind: "checks", checks: ["cache-control"] },
  },
  {
    id: "previous-response-id",
    topic: "Caching and conversation state",
    from: ["openai-responses"],
    to: NOT_RESPONSES,
    feature: "`previous_response_id` (state stored at OpenAI)",
    handling: "Honoured only by a Responses upstream (the request passes through); any other target answers 400 with `param: previous_response_id` and says how to send the conversation instead.",
    why: "Translated, the earlier turns would be silently missing.",
    source: ["handlers/generate/handle-generation.ts"],
    proof: { kind: "checks", checks: ["previous-response-id"] },
  },
  {
    id: "provider-only-fields",
    topic: "Caching and conversation state",
    from: "any",
    to: "any",
    feature: "Fields only the client's format knows (Anthropic `context_management`, `service_tier`, `container`; Responses `store`, `include`, `truncation`, `metadata`; Gemini `safetySettings`, `cachedContent`; Chat `logprobs`, `n`, `modalities`, …)",
    handling: "Kept per format and sent only to an upstream of that format; dropped for the others.",
    why: "Another format would reject them or read them differently.",
    source: ["core/canonical-request.ts", "formats/anthropic-messages/parse-request.ts", "formats/openai-chat/parse-request.ts", "formats/gemini/parse-request.ts"],
    proof: { kind: "unit-tests", note: "the parse-request tests of each codec" },
  },
  {
    id: "cache-key-and-user",
    topic: "Caching and conversation state",
    from: "any",
    to: "any",
    feature: "`prompt_cache_key` and the caller's id",
    handling: "`prompt_cache_key` to Responses, and to Chat for OpenAI models only; Anthropic `metadata.user_id` → Responses `safety_identifier` (its SHA-256 when over 64 characters); no user id to Chat or Gemini.",
    why: "Claude Code's `user_id` is a long JSON string that overflows OpenAI's limit; Mistral rejects `user`.",
    source: ["formats/openai-responses/format-request.ts", "formats/openai-chat/format-request.ts"],
    proof: { kind: "unit-tests", note: "formats/openai-responses/format-request.test.ts" },
  },
  // ── output control ───────────────────────────────────────────────────────────────────────────────────────
  {
    id: "json-object",
    topic: "Output control",
    from: "any",
    to: "any",
    feature: "`response_format: json_object` (JSON without a schema)",
    handling: "Anthropic: an instruction appended to the system prompt (\"Respond with a single valid JSON object and nothing else…\"); Gemini: `responseMimeType: application/json`; Responses: `text.format: json_object`. A JSON schema goes as Anthropic `output_config.format`, Gemini `responseJsonSchema`, Chat `json_schema` (name cleaned to `^[a-zA-Z0-9_-]{1,64}$`).",
    why: "Anthropic has no schema-less JSON mode.",
    source: ["formats/anthropic-messages/format-request.ts", "formats/gemini/format-generation-config.ts", "formats/openai-responses/format-tools.ts", "formats/openai-chat/format-request.ts"],
    proof: { kind: "checks", checks: ["json-object"] },
  },
  {
    id: "anthropic-max-tokens",
    topic: "Output control",
    from: "any",
    to: ["claude"],
    feature: "`max_tokens` for Anthropic when the client sent none",
    handling: "16384, raised to budget + 4096 when thinking needs room, capped by the model's maximum output (claude-opus-4-1: 32000, claude-sonnet-4: 64000, claude-3-5-haiku: 8192, …); a client's value is capped by the model too.",
    why: "Anthropic requires `max_tokens`; the default is large enough for a coding turn without eating the account's output-token rate limit.",
    source: ["core/model-limits.ts", "formats/anthropic-messages/format-thinking.ts"],
    proof: { kind: "checks", checks: ["anthropic-max-tokens", "anthropic-max-tokens-thinking"] },
  },
  {
    id: "output-limits-elsewhere",
    topic: "Output control",
    from: "any",
    to: ["openai-chat", "openai-responses"],
    feature: "Output token limits for OpenAI targets",
    handling: "Chat: `max_completion_tokens` for OpenAI models, `max_tokens` for compatible ones, capped at the model's known maximum; Responses: `max_output_tokens`, at least 16.",
    why: "OpenAI reasoning models refuse `max_tokens`; Responses refuses less than 16.",
    source: ["formats/openai-chat/format-request.ts", "formats/openai-chat/openai-model-traits.ts", "formats/openai-responses/format-request.ts"],
    proof: { kind: "unit-tests", note: "format-request tests of both codecs" },
  },
  {
    id: "stop-sequences",
    topic: "Output control",
    from: "any",
    to: "any",
    feature: "Stop sequences",
    handling: "Responses: dropped (it has none); Gemini: the first 5; Anthropic: whitespace-only ones dropped; Chat: sent as written.",
    why: "Responses has no stop parameter; Gemini fails a request with more than 5; Anthropic rejects whitespace-only stops.",
    source: ["formats/openai-responses/format-request.ts", "formats/gemini/format-generation-config.ts", "formats/anthropic-messages/format-thinking.ts"],
    proof: { kind: "checks", checks: ["stop-sequences"] },
    gap: "OpenAI Chat accepts at most 4 stop sequences (and none on its reasoning models); more are sent as is.",
  },
  {
    id: "sampling",
    topic: "Output control",
    from: "any",
    to: "any",
    feature: "Temperature, top_p, top_k, penalties, seed",
    handling:
      "Anthropic: temperature clamped to [0, 1]; with thinking on only temperature 1, top_p within [0.95, 1] and no top_k; penalties and seed dropped. Responses: top_k, penalties and seed dropped; no temperature/top_p for reasoning models. Chat: no top_k; no sampling parameters for OpenAI reasoning models. Gemini: all kept.",
    why: "Each target's accepted ranges; sending what a target refuses would fail the request.",
    source: ["formats/anthropic-messages/format-thinking.ts", "formats/openai-responses/format-request.ts", "formats/openai-chat/format-request.ts", "formats/gemini/format-generation-config.ts"],
    proof: { kind: "checks", checks: ["sampling"] },
  },
  // ── system prompt and content ─────────────────────────────────────────────────────────────────────────────
  {
    id: "system-prompt",
    topic: "System prompt and content",
    from: "any",
    to: "any",
    feature: "System prompts, wherever the client put them",
    handling:
      "Every system-like input is hoisted, in order: Chat `system`/`developer` messages, Responses `instructions` then `system`/`developer` items, Anthropic `system` then `role: system` messages (their position in the conversation is lost), Gemini `systemInstruction`. Sent once: Anthropic `system` blocks, one leading Chat `system` message and Responses `instructions` (parts joined by a blank line), Gemini `systemInstruction` parts.",
    why: "Only Anthropic and Chat have a mid-conversation system turn; every target has one leading place.",
    source: ["formats/anthropic-messages/parse-request.ts", "formats/openai-chat/parse-messages.ts", "formats/openai-responses/parse-input-items.ts", "formats/openai-chat/format-messages.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:/, problems: /system prompt/ },
  },
  {
    id: "assistant-text-parts",
    topic: "System prompt and content",
    from: "any",
    to: ["openai-chat"],
    feature: "An assistant turn whose text is in several parts (a Gemini SDK client keeps each streamed chunk's part)",
    handling: "Joined into one `content` string exactly as written, without a separator (they are pieces of one answer).",
    why: "Compatible providers accept string content for every role.",
    source: ["formats/openai-chat/format-messages.ts"],
    proof: { kind: "multi-turn", cells: /^multi-turn:gemini\|[^|]+\|stream\|openai-chat$/, problems: /assistant text/ },
  },
  {
    id: "files-and-documents",
    topic: "System prompt and content",
    from: "any",
    to: "any",
    feature: "Files, documents and images",
    handling:
      "Anthropic: PDFs as documents, text files as plain-text documents, images as images, other types dropped; Files-API references (`source.type: file`) dropped; `search_result` and text documents become text. Chat: files by URL dropped, wav/mp3 as `input_audio`, other audio dropped. Gemini: base64 and `data:` URLs inline, other URLs as `fileData` with the MIME type their extension implies. Responses: `file_id` references are a 400.",
    why: "Each target reads a different set of sources; a dropped `file_id` would change the question silently.",
    source: ["formats/anthropic-messages/format-content-blocks.ts", "formats/anthropic-messages/parse-content-blocks.ts", "formats/openai-chat/format-messages.ts", "formats/gemini/format-contents.ts"],
    proof: { kind: "unit-tests", note: "format-content-blocks / format-messages / format-contents tests" },
  },
  {
    id: "anthropic-content-rules",
    topic: "System prompt and content",
    from: "any",
    to: ["claude"],
    feature: "Empty text, empty messages, consecutive roles, prefill",
    handling: "Blank text is never sent; a message left empty is dropped and its neighbours merge; consecutive same-role messages merge; `tool_result` blocks come first in a user message; a final assistant prefill is trimmed at the end.",
    why: "Anthropic rejects whitespace-only text blocks, non-alternating roles and trailing whitespace in a prefill.",
    source: ["formats/anthropic-messages/format-messages.ts", "formats/anthropic-messages/format-content-blocks.ts"],
    proof: { kind: "multi-turn", cells: /\|claude$/, problems: /assistant text|next message answers|with no tool_use before/ },
  },
  // ── answers and accounting ────────────────────────────────────────────────────────────────────────────────
  {
    id: "ollama-answers",
    topic: "Answers and accounting",
    from: ["ollama"],
    to: "any",
    feature: "Ollama answers (`/v1/api/chat`)",
    handling:
      "Durations (`total_duration`, `load_duration`, `prompt_eval_duration`, `eval_duration`) are 0; `prompt_eval_count` / `eval_count` only when the upstream reported them; `done_reason` is `stop` or `length`; tool calls go out whole with arguments as an object (`{}` when they are not one); a refusal is shown as content; signatures are not sent.",
    why: "The gateway does not time a local model; Ollama clients read the durations as numbers; Ollama has no refusal or token field.",
    source: ["formats/ollama/ollama-response-fields.ts", "formats/ollama/format-stream.ts", "formats/ollama/format-response.ts"],
    proof: { kind: "checks", checks: ["ollama-done-fields"] },
  },
  {
    id: "count-tokens",
    topic: "Answers and accounting",
    from: ["anthropic"],
    to: "any",
    feature: "`POST /v1/messages/count_tokens` accuracy",
    handling:
      "For a model routed to an Anthropic upstream, that upstream's own count (exact; `x-omniroute-token-count: upstream`). Otherwise, or when that call fails, a local count with OpenAI's o200k_base tokenizer plus OpenAI's framing (3 tokens per message, 3 to prime the reply; 1600 per image): exact for the GPT-4o / GPT-5 family, an estimate for Claude and Gemini, whose tokenizers are not published (`x-omniroute-token-count: estimate`).",
    why: "Claude Code sizes its context with it; only Anthropic can count Claude tokens exactly.",
    source: ["handlers/generate/handle-count-tokens.ts", "accounting/estimate-tokens.ts"],
    proof: { kind: "checks", checks: ["count-tokens"] },
  },
  {
    id: "usage-fields",
    topic: "Answers and accounting",
    from: "any",
    to: "any",
    feature: "Usage fields a client format has no place for",
    handling: "Cache-write tokens only for Anthropic clients; Ollama gets two counts; every count the upstream did not report is left out (Responses: 0, its counts are required integers).",
    why: "See Documented limitations; numbers are never invented.",
    source: ["accounting/token-usage.ts", "formats/anthropic-messages/anthropic-usage.ts", "formats/openai-responses/format-response.ts"],
    proof: { kind: "matrix", note: "usage is compared in every answer cell" },
  },
];
