import type { WireFormat } from "../../../../../open-sse/src/ports";
import type { UpstreamProbeRequest } from "./upstream-transport";

/** What a probe needs to know about a connection: where it points, how it authenticates, one model to try. */
export interface ProbeTarget {
  providerId: string;
  apiFormat: WireFormat;
  /** As the provider's SDK takes it (OpenAI-style with `/v1`; Anthropic and Gemini without a version path). */
  baseUrl: string;
  apiKey: string;
  /** Headers the provider requires on every request besides the key (definition quirks). */
  extraHeaders: Readonly<Record<string, string>>;
  /** A cheap chat model of this provider, for probes that must generate; undefined: none known. */
  model: string | undefined;
  /** The configured outbound proxy (account → provider → global), as the engine would use it; absent: none. */
  proxyUrl?: string;
}

/** Whole probe, connect to last byte (the dashboard waits on it). */
export const PROBE_TIMEOUT_MS = 10_000;
const PROBE_MAX_BYTES = 64 * 1024;
/** Model lists of aggregators (OpenRouter) run to a few MB. */
const MODEL_LIST_MAX_BYTES = 16 * 1024 * 1024;

const ANTHROPIC_VERSION = "2023-06-01";

/**
 * Providers whose plain model list proves nothing about the key or does not exist, with the call that does:
 * OpenRouter's `GET /models` is public, `GET /key` answers only a valid key (openrouter.ai/docs/api/api-reference/
 * api-keys/get-current-key); Perplexity's Agent API documents no model list, so it gets a one-token generation.
 */
const KEY_INFO_PROVIDERS = new Set(["openrouter"]);
const GENERATION_PROBE_PROVIDERS = new Set(["pplx"]);

/**
 * The cheapest call that proves a key works, as each protocol documents it: OpenAI-style `GET {base}/models`;
 * Anthropic-style `POST /v1/messages` with `max_tokens: 1` (or `GET /v1/models` when no model is known, e.g. a
 * compatible node without models); Gemini `GET /v1beta/models`. The same auth headers the engine sends.
 */
export function probeRequest(target: ProbeTarget): UpstreamProbeRequest {
  const bounded = { timeoutMs: PROBE_TIMEOUT_MS, maxBodyBytes: PROBE_MAX_BYTES, ...viaProxy(target) };
  const headers = authHeaders(target);
  switch (target.apiFormat) {
    case "anthropic-messages": {
      if (target.model === undefined) return { method: "GET", url: join(anthropicBase(target.baseUrl), "/v1/models?limit=1"), headers, ...bounded };
      const body = JSON.stringify({ model: target.model, max_tokens: 1, messages: [{ role: "user", content: "ping" }] });
      return { method: "POST", url: join(anthropicBase(target.baseUrl), "/v1/messages"), headers: jsonHeaders(headers), body, ...bounded };
    }
    case "gemini":
      return { method: "GET", url: join(geminiBase(target.baseUrl), "/v1beta/models?pageSize=1"), headers, ...bounded };
    default: {
      if (KEY_INFO_PROVIDERS.has(target.providerId)) return { method: "GET", url: join(target.baseUrl, "/key"), headers, ...bounded };
      if (GENERATION_PROBE_PROVIDERS.has(target.providerId) && target.model !== undefined) {
        // OpenAI's Responses API refuses max_output_tokens below 16; the others take it too.
        const body =
          target.apiFormat === "openai-responses"
            ? JSON.stringify({ model: target.model, input: "ping", max_output_tokens: 16 })
            : JSON.stringify({ model: target.model, messages: [{ role: "user", content: "ping" }], max_tokens: 1 });
        const path = target.apiFormat === "openai-responses" ? "/responses" : "/chat/completions";
        return { method: "POST", url: join(target.baseUrl, path), headers: jsonHeaders(headers), body, ...bounded };
      }
      return { method: "GET", url: join(target.baseUrl, "/models"), headers, ...bounded };
    }
  }
}

/** The upstream's own model list: OpenAI `/models`, Anthropic `/v1/models`, Gemini `/v1beta/models` (one large page each). */
export function modelListRequest(target: ProbeTarget): UpstreamProbeRequest {
  const bounded = { timeoutMs: PROBE_TIMEOUT_MS, maxBodyBytes: MODEL_LIST_MAX_BYTES, ...viaProxy(target) };
  const headers = authHeaders(target);
  switch (target.apiFormat) {
    case "anthropic-messages":
      return { method: "GET", url: join(anthropicBase(target.baseUrl), "/v1/models?limit=1000"), headers, ...bounded };
    case "gemini":
      return { method: "GET", url: join(geminiBase(target.baseUrl), "/v1beta/models?pageSize=1000"), headers, ...bounded };
    default:
      return { method: "GET", url: join(target.baseUrl, "/models"), headers, ...bounded };
  }
}

export interface UpstreamModel {
  id: string;
  name?: string;
}

/**
 * `{data:[{id, name?}]}` from each protocol's list: OpenAI `data[].id` (OpenRouter adds `name`), Anthropic
 * `data[].id` + `display_name`, Gemini `models[].name` (`models/…`, prefix dropped) + `displayName`. Entries
 * without a usable id are skipped; ids are deduplicated in upstream order.
 */
export function normaliseModelList(apiFormat: WireFormat, json: unknown): UpstreamModel[] | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const entries = apiFormat === "gemini" ? record.models : record.data;
  if (!Array.isArray(entries)) return undefined;
  const models: UpstreamModel[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const fields = entry as Record<string, unknown>;
    const rawId = apiFormat === "gemini" ? fields.name : fields.id;
    if (typeof rawId !== "string") continue;
    const id = apiFormat === "gemini" && rawId.startsWith("models/") ? rawId.slice("models/".length) : rawId;
    if (id === "" || id.length > 512 || seen.has(id)) continue;
    seen.add(id);
    const name = apiFormat === "gemini" ? fields.displayName : apiFormat === "anthropic-messages" ? fields.display_name : fields.name;
    models.push(typeof name === "string" && name !== "" ? { id, name: name.slice(0, 200) } : { id });
  }
  return models;
}

function viaProxy(target: ProbeTarget): { proxyUrl?: string } {
  return target.proxyUrl === undefined ? {} : { proxyUrl: target.proxyUrl };
}

function authHeaders(target: ProbeTarget): Record<string, string> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "omniroute-probe", ...target.extraHeaders };
  if (target.apiFormat === "anthropic-messages") {
    headers["x-api-key"] = target.apiKey;
    headers["anthropic-version"] = ANTHROPIC_VERSION;
  } else if (target.apiFormat === "gemini") {
    headers["x-goog-api-key"] = target.apiKey;
  } else {
    headers.authorization = `Bearer ${target.apiKey}`;
  }
  return headers;
}

function jsonHeaders(headers: Record<string, string>): Record<string, string> {
  return { ...headers, "content-type": "application/json" };
}

/** Anthropic and Gemini SDKs take the base without the version; tolerate one pasted with it (as the engine does). */
function anthropicBase(baseUrl: string): string {
  return withoutSuffix(baseUrl, "/v1");
}

function geminiBase(baseUrl: string): string {
  return withoutSuffix(baseUrl, "/v1beta");
}

function withoutSuffix(baseUrl: string, suffix: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith(suffix) ? trimmed.slice(0, -suffix.length) : trimmed;
}

function join(baseUrl: string, path: string): string {
  return baseUrl.replace(/\/+$/, "") + path;
}
