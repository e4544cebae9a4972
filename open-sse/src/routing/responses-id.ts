/**
 * The id of an OpenAI Responses answer, read cheaply where it always sits near the start: a stream opens with
 * `response.created` (`{"type":"response.created",…,"response":{"id":"resp_…",…}}`), a JSON answer with
 * `{"id":"resp_…",…}`. Only the first bytes are looked at, as Latin-1 (ids are ASCII), with one regex — no
 * JSON parse of an event that echoes the whole request's instructions and tools.
 */
const SCAN_BYTES = 16 * 1024;
const STREAM_ID = /"response"\s*:\s*\{\s*"id"\s*:\s*"([\w.:-]{1,256})"/;
const JSON_ID = /^\s*\{\s*"id"\s*:\s*"([\w.:-]{1,256})"/;

/** The response id in the first chunk of a Responses stream, if that chunk holds it. */
export function responseIdFromStreamStart(firstChunk: Buffer): string | undefined {
  return STREAM_ID.exec(firstChunk.toString("latin1", 0, Math.min(firstChunk.length, SCAN_BYTES)))?.[1];
}

/** The response id of a Responses JSON answer, when `id` is its first key (as OpenAI writes it). */
export function responseIdFromJsonStart(body: Buffer): string | undefined {
  return JSON_ID.exec(body.toString("latin1", 0, Math.min(body.length, SCAN_BYTES)))?.[1];
}
