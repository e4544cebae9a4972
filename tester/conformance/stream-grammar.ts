// Wire-level grammar of each client format's stream, checked on the raw bytes the gateway sent (no SDK in
// between, so a lenient SDK cannot hide a malformed stream).

import { asArray, asRecord, numberOrNull } from "./expected-outcome";
import type { JsonRecord } from "./expected-outcome";
import type { ClientFormat } from "./client-outcome";

export interface SseEvent {
  event: string | null;
  data: string;
}

/** Parses SSE text: events split by a blank line, CRLF or LF, comment lines skipped, multi-line data joined. */
export function parseSseText(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      if (field === "data") data.push(value);
    }
    if (event !== null || data.length > 0) events.push({ event, data: data.join("\n") });
  }
  return events;
}

function parsed(events: SseEvent[], violations: string[]): Array<{ event: string | null; json: JsonRecord }> {
  const result: Array<{ event: string | null; json: JsonRecord }> = [];
  events.forEach((item, index) => {
    try {
      result.push({ event: item.event, json: asRecord(JSON.parse(item.data)) });
    } catch {
      violations.push(`event ${index} is not JSON: ${item.data.slice(0, 80)}`);
    }
  });
  return result;
}

export function checkAnthropicGrammar(text: string): string[] {
  const violations: string[] = [];
  const events = parsed(parseSseText(text), violations).filter((item) => item.json.type !== "ping");
  for (const item of events) if (item.event !== item.json.type) violations.push(`event name "${item.event}" differs from data type "${String(item.json.type)}"`);
  const types = events.map((item) => String(item.json.type));
  if (types[0] !== "message_start") violations.push(`first event is ${types[0]}, not message_start`);
  if (types.at(-1) !== "message_stop") violations.push(`last event is ${types.at(-1)}, not message_stop`);
  if (types.at(-2) !== "message_delta") violations.push(`event before message_stop is ${types.at(-2)}, not message_delta`);
  if (types.filter((type) => type === "message_start").length !== 1) violations.push("message_start must occur exactly once");
  let open: { index: number; type: string } | null = null;
  let nextIndex = 0;
  const deltaFor: Record<string, string[]> = { text: ["text_delta", "citations_delta"], thinking: ["thinking_delta", "signature_delta"], tool_use: ["input_json_delta"], redacted_thinking: [] };
  for (const { json } of events) {
    const index = numberOrNull(json.index);
    if (json.type === "content_block_start") {
      if (open) violations.push(`block ${index} starts while block ${open.index} is open`);
      if (index !== nextIndex) violations.push(`block index ${index}, expected ${nextIndex}`);
      open = { index: index ?? -1, type: String(asRecord(json.content_block).type) };
      nextIndex += 1;
    } else if (json.type === "content_block_delta") {
      if (!open || open.index !== index) violations.push(`delta for block ${index} outside its start/stop`);
      else {
        const deltaType = String(asRecord(json.delta).type);
        if (!(deltaFor[open.type] ?? []).includes(deltaType)) violations.push(`${deltaType} inside a ${open.type} block`);
      }
    } else if (json.type === "content_block_stop") {
      if (!open || open.index !== index) violations.push(`stop for block ${index} that is not open`);
      open = null;
    } else if (json.type === "message_delta" || json.type === "message_stop") {
      if (open) violations.push(`${String(json.type)} while block ${open.index} is open`);
    }
  }
  return violations;
}

export function checkOpenAiChatGrammar(text: string, includeUsage: boolean): string[] {
  const violations: string[] = [];
  const events = parseSseText(text);
  const endsWithDone = events.at(-1)?.data === "[DONE]";
  if (!endsWithDone) violations.push(`stream does not end with data: [DONE] (last: ${events.at(-1)?.data.slice(0, 60)})`);
  const chunks = parsed(endsWithDone ? events.slice(0, -1) : events, violations).map((item) => item.json);
  const ids = new Set(chunks.map((chunk) => chunk.id));
  if (ids.size !== 1) violations.push(`chunks carry ${ids.size} different ids`);
  for (const chunk of chunks) if (chunk.object !== "chat.completion.chunk") violations.push(`object is ${String(chunk.object)}`);
  const finishes = chunks.flatMap((chunk) => asArray(chunk.choices).map(asRecord)).filter((choice) => choice.finish_reason !== null && choice.finish_reason !== undefined);
  if (finishes.length !== 1) violations.push(`${finishes.length} chunks carry a finish_reason (expected 1)`);
  const usageChunks = chunks.filter((chunk) => chunk.usage !== null && chunk.usage !== undefined);
  if (includeUsage) {
    if (usageChunks.length !== 1) violations.push(`${usageChunks.length} usage chunks with include_usage (expected 1)`);
    else if (usageChunks[0] !== chunks.at(-1)) violations.push("the usage chunk is not the last chunk");
    else if (asArray(usageChunks[0]!.choices).length !== 0) violations.push("the usage chunk has choices (expected [])");
  }
  return violations;
}

export function checkResponsesGrammar(text: string): string[] {
  const violations: string[] = [];
  const events = parsed(parseSseText(text), violations);
  for (const item of events) if (item.event !== item.json.type) violations.push(`event name "${item.event}" differs from data type "${String(item.json.type)}"`);
  const types = events.map((item) => String(item.json.type));
  if (types[0] !== "response.created") violations.push(`first event is ${types[0]}, not response.created`);
  if (types.at(-1) !== "response.completed") violations.push(`last event is ${types.at(-1)}, not response.completed`);
  let previous = -1;
  for (const { json } of events) {
    const sequence = numberOrNull(json.sequence_number);
    if (sequence === null) violations.push(`${String(json.type)} has no sequence_number`);
    else if (sequence <= previous) violations.push(`sequence_number ${sequence} after ${previous}`);
    previous = sequence ?? previous;
  }
  const added = new Set<number>();
  const done = new Set<number>();
  for (const { json } of events) {
    const index = numberOrNull(json.output_index);
    if (json.type === "response.output_item.added" && index !== null) added.add(index);
    else if (json.type === "response.output_item.done" && index !== null) {
      if (!added.has(index)) violations.push(`output_item.done for ${index} without output_item.added`);
      done.add(index);
    } else if (index !== null && (!added.has(index) || done.has(index))) violations.push(`${String(json.type)} for output ${index} outside its added/done`);
  }
  for (const index of added) if (!done.has(index)) violations.push(`output item ${index} never done`);
  return violations;
}

export function checkGeminiGrammar(text: string): string[] {
  const violations: string[] = [];
  const chunks = parsed(parseSseText(text), violations).map((item) => item.json);
  if (chunks.length === 0) return [...violations, "no chunks"];
  const last = chunks.at(-1)!;
  if (asRecord(asArray(last.candidates)[0]).finishReason === undefined) violations.push("the last chunk has no finishReason");
  if (!chunks.some((chunk) => chunk.usageMetadata !== undefined)) violations.push("no chunk carries usageMetadata");
  return violations;
}

/**
 * Ollama NDJSON: every line one JSON object ending in `\n`, all with the same `model` and `created_at`, an
 * assistant `message` on every line, exactly one `done: true` line and it is the last, carrying `done_reason` and
 * the duration fields as numbers.
 */
export function checkOllamaGrammar(text: string): string[] {
  const violations: string[] = [];
  if (!text.endsWith("\n")) violations.push("the stream does not end with a newline");
  const objects: JsonRecord[] = [];
  text
    .split("\n")
    .filter((line) => line !== "")
    .forEach((line, index) => {
      try {
        objects.push(asRecord(JSON.parse(line)));
      } catch {
        violations.push(`line ${index} is not JSON: ${line.slice(0, 80)}`);
      }
    });
  if (objects.length === 0) return [...violations, "no lines"];
  if (new Set(objects.map((object) => `${String(object.model)}|${String(object.created_at)}`)).size !== 1) violations.push("lines differ in model or created_at");
  for (const object of objects) if (asRecord(object.message).role !== "assistant") violations.push("a line has no assistant message");
  const done = objects.filter((object) => object.done === true);
  if (done.length !== 1) violations.push(`${done.length} lines with done: true (expected 1)`);
  const last = objects.at(-1)!;
  if (last.done !== true) violations.push("the last line is not done: true");
  else {
    if (typeof last.done_reason !== "string") violations.push("the done line has no done_reason");
    for (const field of ["total_duration", "load_duration", "prompt_eval_duration", "eval_duration"]) if (typeof last[field] !== "number") violations.push(`the done line has no ${field}`);
  }
  return violations;
}

export function checkGrammar(client: ClientFormat, text: string): string[] {
  if (client === "anthropic") return checkAnthropicGrammar(text);
  if (client === "openai-chat") return checkOpenAiChatGrammar(text, true);
  if (client === "openai-responses") return checkResponsesGrammar(text);
  if (client === "ollama") return checkOllamaGrammar(text);
  return checkGeminiGrammar(text);
}
