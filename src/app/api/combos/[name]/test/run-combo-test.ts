import { randomUUID } from "node:crypto";
import type { AttemptRecord } from "@omniroute/open-sse";
import type { HostRuntime } from "@/lib/server/runtime/create-runtime";
import { usageRowFromRecord } from "@/lib/server/usage/usage-columns";

/** What happened to one combo member during the test request. */
export interface ComboMemberResult {
  model: string;
  outcome: "answered" | "failed" | "skipped" | "not-tried";
  /** Why it failed or was skipped (failure class, breaker, cooldown), when known. */
  reason: string | null;
  account: string | null;
  httpStatus: number | null;
  latencyMs: number | null;
}

export interface ComboTestResult {
  ok: boolean;
  /** The gateway's HTTP status for the test request. */
  status: number;
  latencyMs: number;
  requestId: string;
  answeredBy: { provider: string; model: string; account: string | null } | null;
  attempts: number | null;
  /** The first characters of the answer, or the gateway's error message. */
  message: string;
  members: ComboMemberResult[];
  /** Where the member outcomes came from: the request log's attempt trail, or (without one) the routing state. */
  source: "attempt-trail" | "routing-state";
}

const TEST_TIMEOUT_MS = 60_000;
const EXCERPT_CHARS = 200;

/**
 * Sends one tiny chat request for `model: <combo>` through the gateway's own /v1 endpoint (exactly what a tool
 * would send), then explains it: which member answered, from the response headers, and what happened to the
 * others, from the request's attempt trail in the usage log or, when that is not recorded, from the breakers
 * and cooldowns that routing consults.
 */
export async function runComboTest(runtime: HostRuntime, combo: { name: string; models: string[] }, apiKey: string | undefined): Promise<ComboTestResult> {
  const requestId = `combo-test-${randomUUID()}`;
  const started = Date.now();
  let status = 0;
  let message = "";
  let headers: Headers | undefined;
  try {
    const response = await fetch(`${gatewayOrigin(runtime.publicUrl)}/v1/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-request-id": requestId,
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: JSON.stringify({ model: combo.name, max_tokens: 16, stream: false, messages: [{ role: "user", content: "Reply with the single word OK." }] }),
      signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
    });
    status = response.status;
    headers = response.headers;
    message = readMessage(await response.text(), response.ok);
  } catch (error) {
    message = error instanceof Error && error.name === "TimeoutError" ? `No answer within ${TEST_TIMEOUT_MS / 1000} s.` : "The gateway could not be reached.";
  }
  const latencyMs = Date.now() - started;
  const provider = headers?.get("x-omniroute-provider") ?? null;
  const answeredModel = headers?.get("x-omniroute-model") ?? null;
  const attemptsHeader = headers?.get("x-omniroute-attempts");
  const answeredBy = provider && answeredModel ? { provider, model: answeredModel, account: headers?.get("x-omniroute-account") ?? null } : null;

  const trail = await readAttemptTrail(runtime, requestId);
  const members = trail ? membersFromTrail(combo.models, trail, answeredBy?.model) : membersFromRoutingState(runtime, combo.models, answeredBy?.model);
  return {
    ok: status >= 200 && status < 300,
    status,
    latencyMs,
    requestId,
    answeredBy,
    attempts: attemptsHeader ? Number(attemptsHeader) : null,
    message,
    members,
    source: trail ? "attempt-trail" : "routing-state",
  };
}

/** The server's own address; a wildcard bind (0.0.0.0, ::) is reached on loopback. */
function gatewayOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.hostname === "0.0.0.0" || url.hostname === "localhost") url.hostname = "127.0.0.1";
  if (url.hostname === "[::]") url.hostname = "[::1]";
  return url.origin;
}

function readMessage(text: string, ok: boolean): string {
  try {
    const body = JSON.parse(text) as { choices?: { message?: { content?: unknown } }[]; error?: { message?: unknown } };
    if (ok) {
      const content = body.choices?.[0]?.message?.content;
      return typeof content === "string" ? content.slice(0, EXCERPT_CHARS) : "(no text in the answer)";
    }
    return typeof body.error?.message === "string" ? body.error.message.slice(0, 500) : text.slice(0, EXCERPT_CHARS);
  } catch {
    return text.slice(0, EXCERPT_CHARS);
  }
}

/** The part of the request log (src/lib/server/request-logs) this reads, where the host runtime carries one. */
interface RequestLogReader {
  flush(): Promise<void>;
  detail(requestId: string): Promise<{ attemptTrail?: readonly AttemptRecord[] } | undefined>;
}

function requestLogOf(runtime: HostRuntime): RequestLogReader | undefined {
  const candidate = (runtime.usageAccounting as unknown as { requestLogs?: Partial<RequestLogReader> } | undefined)?.requestLogs;
  return typeof candidate?.detail === "function" && typeof candidate.flush === "function" ? (candidate as RequestLogReader) : undefined;
}

/**
 * The request's attempt trail, once written (both writers batch; flush first): from the request log when the
 * runtime has one and logging is on, else from the usage row. Null when neither recorded it.
 */
async function readAttemptTrail(runtime: HostRuntime, requestId: string): Promise<readonly AttemptRecord[] | null> {
  try {
    await runtime.usageSink.flush();
    const requestLog = requestLogOf(runtime);
    if (requestLog !== undefined) {
      await requestLog.flush();
      const entry = await requestLog.detail(requestId);
      if (entry?.attemptTrail && entry.attemptTrail.length > 0) return entry.attemptTrail;
    }
    const record = runtime.sqlite.prepare("SELECT * FROM usage WHERE request_id = ?").get(requestId);
    if (record === undefined) return null;
    const row = usageRowFromRecord(record) as { attemptTrail?: readonly AttemptRecord[] | null };
    return row.attemptTrail && row.attemptTrail.length > 0 ? row.attemptTrail : null;
  } catch {
    return null;
  }
}

function membersFromTrail(models: string[], trail: readonly AttemptRecord[], answeredModel: string | undefined): ComboMemberResult[] {
  return models.map((model) => {
    const steps = trail.filter((step) => step.model === model || step.model.endsWith(`/${model}`) || model.endsWith(`/${step.model}`));
    const last = steps.at(-1);
    if (last === undefined) return { model, outcome: "not-tried", reason: answeredModel ? "an earlier member answered" : null, account: null, httpStatus: null, latencyMs: null };
    const outcome = last.outcome === "ok" ? "answered" : last.outcome;
    const reason = steps.filter((step) => step.outcome !== "ok").map((step) => `${step.account ? `${step.account}: ` : ""}${step.reason ?? step.outcome}`).join("; ") || null;
    return { model, outcome, reason, account: last.account, httpStatus: last.httpStatus, latencyMs: steps.reduce((sum, step) => sum + step.latencyMs, 0) };
  });
}

/**
 * Without a trail: the member that answered (from the headers), and for the members before it the reason
 * routing would have passed them over right now (open breaker, every account cooling down).
 */
function membersFromRoutingState(runtime: HostRuntime, models: string[], answeredModel: string | undefined): ComboMemberResult[] {
  const snapshot = runtime.resilience?.snapshot();
  const now = Date.now();
  const answeredIndex = answeredModel === undefined ? -1 : models.findIndex((model) => model === answeredModel || answeredModel.endsWith(`/${model}`));
  return models.map((model, index) => {
    const providerId = model.includes("/") ? model.slice(0, model.indexOf("/")) : undefined;
    if (index === answeredIndex) return { model, outcome: "answered", reason: null, account: null, httpStatus: null, latencyMs: null };
    const breaker = snapshot?.breakers.find((entry) => entry.providerId === providerId && entry.state !== "closed");
    const cooldowns = snapshot?.cooldowns.filter((entry) => entry.providerId === providerId && entry.until > now) ?? [];
    const reason = breaker
      ? `provider breaker ${breaker.state}`
      : cooldowns.length > 0
        ? `cooling down: ${cooldowns.map((entry) => `${entry.accountId} (${entry.reason})`).join(", ")}`
        : answeredIndex !== -1 && index > answeredIndex
          ? "an earlier member answered"
          : null;
    const isBefore = answeredIndex === -1 || index < answeredIndex;
    return { model, outcome: isBefore ? (breaker || cooldowns.length > 0 ? "skipped" : "failed") : "not-tried", reason, account: null, httpStatus: null, latencyMs: null };
  });
}
