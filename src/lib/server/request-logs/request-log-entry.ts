/**
 * One request-log entry: the request's metadata (what its usage row says, plus the attempt trail and phase
 * timings) and, when captured, its request and response bodies — redacted and cut to the per-body cap. Built
 * off the request path, when the writer serializes its batch.
 */
import type { AttemptRecord, CapturedBodies, UsageRow } from "../../../../open-sse/src/ports";
import { maskSecretFields, maskSecretJsonText } from "../logging/mask-secret-fields";
import { redactSecrets } from "../logging/redact-secrets";
import { phasesOf, type PhaseDurationsView } from "../telemetry/phases-of-row";
import type { RowAccounting } from "../usage/usage-columns";

/** What the engine hands over for one request (`GatewayPorts.requestCapture`). */
export type { CapturedBodies };

/** Why an entry has no bodies, or that it has them. */
export type BodiesState = "stored" | "off-for-key" | "not-captured";

/** A body as the log file keeps it: text (redacted), whatever it was. */
export interface KeptBody {
  text: string;
  /** The kept text is one whole JSON document (the API shows it parsed). */
  json: boolean;
  /** The body's full size. */
  bytes: number;
  /** True when only the first `maxBodyBytes` were kept. */
  truncated: boolean;
}

/** A body as the API (and the dashboard) shows it: parsed when it was whole JSON, else the text. */
export interface StoredBody {
  body: unknown;
  bytes: number;
  truncated: boolean;
}

export interface RequestLogEntry {
  requestId: string;
  startedAt: number;
  /** When the entry was written (epoch ms). */
  loggedAt: number;
  endpoint: string;
  clientFormat: string;
  operation: string;
  status: UsageRow["status"];
  httpStatus: number;
  errorCode: string | null;
  provider: string | null;
  model: string | null;
  upstreamModel: string | null;
  account: string | null;
  combo: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  sessionKey: string | null;
  stream: boolean;
  attempts: number | null;
  attemptTrail: AttemptRecord[];
  latencyMs: number;
  ttfbMs: number | null;
  phases: PhaseDurationsView | null;
  tokens: {
    input: number | null;
    output: number | null;
    cacheRead: number | null;
    cacheWrite: number | null;
    reasoning: number | null;
    /** Input was counted locally: the upstream reported none. */
    estimated: boolean;
  };
  costUsd: number | null;
  bodies: BodiesState;
  request: StoredBody | null;
  response: StoredBody | null;
}

/** An entry as a log line holds it: the same, with the bodies as kept text (presentEntry turns it into the API's). */
export type RequestLogRecord = Omit<RequestLogEntry, "request" | "response"> & { request: KeptBody | null; response: KeptBody | null };

export function buildRequestLogEntry(
  row: UsageRow,
  accounting: RowAccounting,
  bodies: CapturedBodies | undefined,
  bodiesState: BodiesState,
  loggedAt: number,
): RequestLogRecord {
  return {
    requestId: row.requestId,
    startedAt: row.startedAt,
    loggedAt,
    endpoint: row.endpoint,
    clientFormat: row.clientFormat,
    operation: row.operation ?? "generation",
    status: row.status,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    provider: row.provider,
    // Whatever the client sent as the model: a key pasted there must not be stored.
    model: row.model === null ? null : redactSecrets(row.model),
    upstreamModel: row.upstreamModel === null ? null : redactSecrets(row.upstreamModel),
    account: row.account,
    combo: row.combo ?? null,
    apiKeyId: row.apiKeyId ?? null,
    apiKeyName: row.apiKeyName,
    sessionKey: row.sessionKey ?? null,
    stream: row.stream,
    attempts: row.attempts ?? null,
    attemptTrail: (row.attemptTrail ?? []).map((attempt) => ({ ...attempt, reason: attempt.reason === null ? null : redactSecrets(attempt.reason) })),
    latencyMs: round(row.latencyMs),
    ttfbMs: row.ttfbMs === null ? null : round(row.ttfbMs),
    phases: phasesOf(row),
    tokens: {
      input: row.inputTokens,
      output: row.outputTokens,
      cacheRead: row.cacheReadTokens,
      cacheWrite: row.cacheWriteTokens,
      reasoning: row.reasoningTokens,
      estimated: accounting.tokensEstimated,
    },
    costUsd: accounting.costUsd,
    bodies: bodies === undefined ? bodiesState : "stored",
    request: bodies === undefined || bodies.request === null ? null : keptBody(bodies.request, bodies.requestBytes),
    response: bodies === undefined || bodies.response === null ? null : keptBody(bodies.response, bodies.responseBytes),
  };
}

/**
 * A body kept as text: credential shapes redacted anywhere, secret-named JSON string fields masked — one pass of
 * each over the text, no parse (this runs for every logged request, so it stays cheap). Whether it is one whole
 * JSON document is only noted; the API parses it when it is read.
 */
export function keptBody(kept: Buffer, totalBytes: number): KeptBody {
  const truncated = totalBytes > kept.length;
  // A cut may fall inside a UTF-8 sequence: the partial character is dropped, not shown as a replacement mark.
  const decoded = kept.toString("utf8");
  const text = truncated && decoded.endsWith("\uFFFD") ? decoded.replace(/\uFFFD+$/, "") : decoded;
  const first = text.trimStart()[0];
  return { text: maskSecretJsonText(redactSecrets(text)), json: !truncated && (first === "{" || first === "["), bytes: totalBytes, truncated };
}

/** A stored body for the API: whole JSON parsed (and walked once more for secret-named fields), else the text. */
export function presentBody(stored: KeptBody | null): StoredBody | null {
  if (stored === null) return null;
  if (stored.json) {
    try {
      const parsed = maskSecretFields(JSON.parse(stored.text) as unknown, { maxDepth: 64, maxStringLength: Number.MAX_SAFE_INTEGER, maxArrayItems: Number.MAX_SAFE_INTEGER, redactStrings: false });
      return { body: parsed, bytes: stored.bytes, truncated: stored.truncated };
    } catch {
      // Not JSON after all: shown as text.
    }
  }
  return { body: stored.text, bytes: stored.bytes, truncated: stored.truncated };
}

/** An entry as `/api/usage/request-logs/{id}` and the JSONL export give it: bodies presented. */
export function presentEntry(entry: RequestLogRecord): RequestLogEntry {
  return { ...entry, request: presentBody(entry.request), response: presentBody(entry.response) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
