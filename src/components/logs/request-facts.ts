import type { RequestLogEntry } from "@/lib/server/request-logs/request-log-entry";
import type { UsageLogEntry } from "@/lib/server/usage/query-usage-logs";

/** What the detail page says about a request, from its usage row or (if that was pruned) its request-log entry. */
export interface RequestFacts {
  requestId: string;
  startedAt: number;
  status: string;
  httpStatus: number;
  errorCode: string | null;
  endpoint: string;
  clientFormat: string;
  stream: boolean;
  provider: string | null;
  model: string | null;
  upstreamModel: string | null;
  account: string | null;
  apiKeyName: string | null;
  combo: string | null;
  sessionKey: string | null;
  attempts: number | null;
  latencyMs: number;
  ttfbMs: number | null;
  tokens: { input: number | null; output: number | null; cacheRead: number | null; cacheWrite: number | null; reasoning: number | null; estimated: boolean };
  costUsd: number | null;
}

export function requestFactsOf(row: UsageLogEntry | undefined, entry: RequestLogEntry | undefined): RequestFacts | undefined {
  if (row !== undefined) {
    return {
      requestId: row.requestId,
      startedAt: row.startedAt,
      status: row.status,
      httpStatus: row.httpStatus,
      errorCode: row.errorCode,
      endpoint: row.endpoint,
      clientFormat: row.clientFormat,
      stream: row.stream,
      provider: row.provider,
      model: row.model,
      upstreamModel: row.upstreamModel,
      account: row.account,
      apiKeyName: row.apiKeyName,
      combo: row.combo,
      sessionKey: row.sessionKey,
      attempts: row.attempts,
      latencyMs: row.latencyMs,
      ttfbMs: row.ttfbMs,
      tokens: { input: row.inputTokens, output: row.outputTokens, cacheRead: row.cacheReadTokens, cacheWrite: row.cacheWriteTokens, reasoning: row.reasoningTokens, estimated: row.tokensEstimated },
      costUsd: row.costUsd,
    };
  }
  if (entry === undefined) return undefined;
  return {
    requestId: entry.requestId,
    startedAt: entry.startedAt,
    status: entry.status,
    httpStatus: entry.httpStatus,
    errorCode: entry.errorCode,
    endpoint: entry.endpoint,
    clientFormat: entry.clientFormat,
    stream: entry.stream,
    provider: entry.provider,
    model: entry.model,
    upstreamModel: entry.upstreamModel,
    account: entry.account,
    apiKeyName: entry.apiKeyName,
    combo: entry.combo,
    sessionKey: entry.sessionKey,
    attempts: entry.attempts,
    latencyMs: entry.latencyMs,
    ttfbMs: entry.ttfbMs,
    tokens: entry.tokens,
    costUsd: entry.costUsd,
  };
}
