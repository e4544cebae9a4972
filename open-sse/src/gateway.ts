import type { IncomingMessage, ServerResponse } from "node:http";
import { createHash } from "node:crypto";
import { UsageRecorder } from "./accounting/usage-recorder";
import { GatewayError } from "./core/gateway-error";
import { resolveRequestId } from "./core/request-id";
import { codecFor } from "./formats/codec-registry";
import { sendError } from "./http/send-error";
import { matchClientEndpoint, type ClientEndpoint } from "./handlers/generate/client-endpoint";
import { handleCountTokens } from "./handlers/generate/handle-count-tokens";
import { handleGeneration } from "./handlers/generate/handle-generation";
import { listModelsBody, modelBody } from "./handlers/list-models";
import { geminiModelBody, geminiModelListBody } from "./handlers/list-gemini-models";
import type { RequestContext, RequestOutcome } from "./http/request-context";
import type { ClientKeyRuntime, GatewayPorts, WireFormat } from "./ports";
import { AccountPicker } from "./routing/account-picker";
import type { AccountLimiter } from "./routing/account-limiter";
import { createResilienceState, type ResilienceState } from "./routing/resilience-state";
import { resilienceProfileOf } from "./routing/resilience-profile-of";
import type { SessionTable } from "./routing/session-table";
import { presentedClientKey, verifyClientKey } from "./security/client-auth";
import { UpstreamPools } from "./upstream/upstream-http";
import { ClientAbort } from "./http/client-abort";
import { BodyCapture } from "./http/body-capture";
import { Phase } from "./http/phase-timer";
import { handleEmbeddings } from "./handlers/embeddings/handle-embeddings";
import { listOperationModelsBody } from "./handlers/embeddings/list-operation-models";
import { handleImageGeneration } from "./handlers/images/handle-image-generation";
import { handleProviderRoute } from "./handlers/provider-routes/handle-provider-route";
import { matchProviderRoute } from "./handlers/provider-routes/provider-route";

export interface Gateway {
  /** Serves `/`, `/v1/*` and `/v1beta/*`; the host routes everything else elsewhere. */
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** Breakers and cooldowns, for `/api/resilience`. */
  readonly resilience: ResilienceState;
  /** Client sessions and the accounts they stick to, for `/api/sessions` (also `resilience.sessions`). */
  readonly sessions: SessionTable;
  /** Per-account concurrency and rate limits, for `/api/rate-limits` (also `resilience.accountLimits`). */
  readonly accountLimits: AccountLimiter;
  /** Requests still being served (streams included). */
  readonly inFlight: number;
  /** Resolves when no request is in flight, or after `timeoutMs`; returns how many were still running. */
  drain(timeoutMs: number): Promise<number>;
  close(): Promise<void>;
}

/** Paths the host must hand to the gateway. */
export function isGatewayPath(url: string): boolean {
  return url === "/" || url.startsWith("/v1/") || url.startsWith("/v1beta/") || url === "/v1" || url === "/v1beta" || url.startsWith("/?");
}

const sha256 = (key: string) => createHash("sha256").update(key).digest();
const clientClosed = new Error("client closed the connection");

export function createGateway(ports: GatewayPorts): Gateway {
  const now = ports.clock ? () => ports.clock!.now() : Date.now;
  const version = ports.version ?? "0.0.0";
  const userAgent = `omniroute/${version}`;
  const digestClientKey = ports.digestClientKey ?? sha256;
  // Connect-time SSRF check of every upstream name's addresses, following the live `allowLocalUpstreams` setting.
  const upstreamPools = new UpstreamPools({ allowLocalUpstreams: () => ports.config.getSnapshot().settings.allowLocalUpstreams });
  const accountPicker = new AccountPicker();
  // Subscription backends get the `oauth` breaker profile; read from the live snapshot, so a provider's profile
  // follows its configuration when its breaker is (re)created.
  const resilience = createResilienceState({
    now,
    ...(ports.resilienceProfiles !== undefined ? { profiles: ports.resilienceProfiles } : {}),
    profileOf: (providerId) => resilienceProfileOf(ports.config.getSnapshot().providers.get(providerId)),
  });
  const createdAt = Math.floor(Date.now() / 1000);
  const rootBody = JSON.stringify({ name: "omniroute", version, status: "ok" });
  let inFlight = 0;
  let drainWaiters: (() => void)[] = [];

  const settle = () => {
    inFlight--;
    if (inFlight === 0 && drainWaiters.length > 0) {
      for (const resolve of drainWaiters) resolve();
      drainWaiters = [];
    }
  };

  async function serve(request: IncomingMessage, response: ServerResponse, context: RequestContext, path: string, endpoint: ClientEndpoint | undefined): Promise<RequestOutcome> {
    const method = request.method ?? "GET";

    // Claude Code and others probe the base URL before their first request: answer at once, no auth.
    if (path === "/") {
      if (method !== "GET" && method !== "HEAD") return methodNotAllowed(context, "GET, HEAD");
      const wantsHtml = (request.headers.accept ?? "").includes("text/html");
      if (method === "GET" && wantsHtml) {
        response.writeHead(302, { location: "/dashboard", "x-request-id": context.requestId });
        response.end();
        return { httpStatus: 302, status: "ok", errorCode: null };
      }
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(rootBody),
        "x-request-id": context.requestId,
      });
      response.end(method === "HEAD" ? undefined : rootBody);
      return { httpStatus: 200, status: "ok", errorCode: null };
    }

    const authentication = authenticate(request, context);
    context.recorder.phases.lap(Phase.auth);
    // The request log's copy of the bodies: decided per key (a key may opt out), before anything is answered.
    if (ports.requestCapture !== undefined && isApiCall(method, path, endpoint)) startCapture(context, authentication.key?.id ?? null);
    if (authentication.failure !== undefined) return fail(context, authentication.failure);
    const clientKey = authentication.key;

    if (endpoint !== undefined) {
      if (method !== "POST") return methodNotAllowed(context, "POST");
      return handleGeneration(context, endpoint, clientKey);
    }
    if (path === "/v1/embeddings" || path === "/v1/images/generations") {
      const embeddings = path === "/v1/embeddings";
      if (method === "POST") return embeddings ? handleEmbeddings(context, clientKey) : handleImageGeneration(context, clientKey);
      if (method !== "GET" && method !== "HEAD") return methodNotAllowed(context, "GET, POST");
      // GET lists the models this endpoint serves, in /v1/models' format (not billed).
      const body = listOperationModelsBody(context.snapshot, embeddings ? "embedding" : "image", createdAt, clientKey);
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": context.requestId });
      response.end(method === "HEAD" ? undefined : body);
      return { httpStatus: 200, status: "ok", errorCode: null };
    }
    const providerRoute = matchProviderRoute(path);
    if (providerRoute !== undefined) {
      if (method !== "POST") return methodNotAllowed(context, "POST");
      return handleProviderRoute(context, providerRoute, clientKey);
    }
    if (path === "/v1/messages/count_tokens") {
      if (method !== "POST") return methodNotAllowed(context, "POST");
      return handleCountTokens(context, clientKey);
    }
    if (path === "/v1beta/models" || path.startsWith("/v1beta/models/")) {
      if (method !== "GET" && method !== "HEAD") return methodNotAllowed(context, "GET");
      const body =
        path === "/v1beta/models"
          ? geminiModelListBody(context.snapshot, clientKey)
          : geminiModelBody(context.snapshot, decodeURIComponentSafe(path.slice("/v1beta/models/".length)), clientKey);
      if (body === undefined) {
        return fail(context, new GatewayError({ code: "unknown_model", status: 404, param: "model", publicMessage: "No such model." }));
      }
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-request-id": context.requestId });
      response.end(method === "HEAD" ? undefined : body);
      return { httpStatus: 200, status: "ok", errorCode: null };
    }
    if (path === "/v1/models" || path.startsWith("/v1/models/")) {
      if (method !== "GET" && method !== "HEAD") return methodNotAllowed(context, "GET");
      const body =
        path === "/v1/models"
          ? listModelsBody(context.snapshot, createdAt, clientKey)
          : modelBody(context.snapshot, createdAt, decodeURIComponentSafe(path.slice("/v1/models/".length)), clientKey);
      if (body === undefined) {
        return fail(context, new GatewayError({ code: "unknown_model", status: 404, param: "model", publicMessage: "No such model." }));
      }
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "x-request-id": context.requestId,
      });
      response.end(method === "HEAD" ? undefined : body);
      return { httpStatus: 200, status: "ok", errorCode: null };
    }
    return fail(
      context,
      new GatewayError({
        code: "unsupported_route",
        status: 404,
        publicMessage: `No route for ${method} ${path.slice(0, 200)}.`,
      }),
    );
  }

  /**
   * The client key behind this request, if any. A known key that is disabled or expired is refused even
   * when keys are not required: its owner revoked it. An unknown key is ignored unless keys are required.
   */
  function authenticate(request: IncomingMessage, context: RequestContext): { failure?: GatewayError; key?: ClientKeyRuntime } {
    const { settings, clientKeys } = context.snapshot;
    const presented = presentedClientKey(request.headers, request.url);
    if (presented !== undefined && clientKeys.length > 0) {
      const verdict = verifyClientKey(presented, clientKeys, digestClientKey, now());
      if (verdict.ok) {
        context.recorder.apiKeyName = verdict.key.name;
        context.recorder.apiKeyId = verdict.key.id;
        reportKeyUse(verdict.key.id);
        return { key: verdict.key };
      }
      if (verdict.reason !== "unknown") {
        const publicMessage = verdict.reason === "disabled" ? "This API key is disabled." : "This API key has expired.";
        return { failure: new GatewayError({ code: "invalid_api_key", status: 401, publicMessage }) };
      }
    }
    if (!settings.requireApiKey) return {};
    return {
      failure: new GatewayError({
        code: "invalid_api_key",
        status: 401,
        publicMessage:
          presented === undefined
            ? "Missing API key: send it as 'Authorization: Bearer <key>' or 'x-api-key'."
            : "Invalid API key.",
      }),
    };
  }

  function startCapture(context: RequestContext, apiKeyId: string | null): void {
    const port = ports.requestCapture!;
    try {
      if (!port.wants(apiKeyId)) return;
    } catch (error) {
      ports.logger.warn("requestCapture.wants failed", { error: describe(error) });
      return;
    }
    const capture = new BodyCapture(port.maxBodyBytes);
    capture.tap(context.response);
    context.capture = capture;
  }

  function handOverBodies(context: RequestContext): void {
    try {
      ports.requestCapture!.capture(context.requestId, context.capture!.bodies());
    } catch (error) {
      ports.logger.warn("requestCapture.capture failed", { error: describe(error) });
    }
  }

  function reportKeyUse(keyId: string): void {
    try {
      ports.onClientKeyUsed?.(keyId);
    } catch (error) {
      // Bookkeeping must never fail a request.
      ports.logger.warn("onClientKeyUsed failed", { error: describe(error) });
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    inFlight++;
    const startedAt = now();
    const requestId = resolveRequestId(request.headers["x-request-id"]);
    const abort = new ClientAbort();
    const url = request.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const endpoint = path.slice(0, 200);
    const generation = matchClientEndpoint(path);
    const clientFormat = generation?.format ?? formatOfPath(path);
    const recorder = new UsageRecorder(ports.usage, requestId, startedAt, endpoint, clientFormat, now);
    response.once("close", () => {
      // `close` before the response finished means the client went away: stop the upstream call too.
      if (!response.writableFinished) abort.abort(clientClosed);
    });
    const context: RequestContext = {
      request,
      response,
      requestId,
      snapshot: ports.config.getSnapshot(),
      recorder,
      ports,
      accountPicker,
      resilience,
      upstreamPools,
      abortSignal: abort,
      userAgent,
      now,
      clientFormat,
    };
    let outcome: RequestOutcome;
    try {
      outcome = await serve(request, response, context, path, generation);
    } catch (error) {
      ports.logger.error("unhandled gateway error", { requestId, error: describe(error) });
      if (!response.headersSent && !abort.aborted) {
        outcome = fail(context, new GatewayError({ code: "internal_error", status: 500, publicMessage: "Internal error." }));
      } else {
        response.destroy();
        outcome = { httpStatus: response.statusCode, status: "stream_error", errorCode: "internal_error" };
      }
    }
    // Whatever ran since the last phase answered the client (a relay laps its own end; this adds an error's write).
    recorder.phases.lap(Phase.stream);
    try {
      const aborted = abort.aborted && outcome.status !== "ok";
      const status = aborted ? "aborted" : outcome.status;
      const httpStatus = aborted ? 499 : outcome.httpStatus;
      const errorCode = aborted ? "client_closed" : outcome.errorCode;
      const apiCall = isApiCall(request.method ?? "GET", path, generation);
      // Bodies first: the request log pairs them with the usage row that follows.
      if (context.capture !== undefined) handOverBodies(context);
      // Only API calls are usage; probes of `/` and model listings are logged but not billed.
      if (apiCall) recorder.finish(status, httpStatus, errorCode);
      ports.logger.request({
        requestId,
        method: request.method ?? "GET",
        path: endpoint,
        status: httpStatus,
        latencyMs: now() - startedAt,
        model: recorder.model,
        provider: recorder.provider,
        account: recorder.account,
        usageStatus: apiCall ? status : null,
        errorCode,
      });
      recorder.phases.lap(Phase.record);
    } finally {
      settle();
    }
  }

  return {
    handle(request, response) {
      void handle(request, response);
    },
    resilience,
    sessions: resilience.sessions,
    accountLimits: resilience.accountLimits,
    get inFlight() {
      return inFlight;
    },
    drain(timeoutMs: number): Promise<number> {
      if (inFlight === 0) return Promise.resolve(0);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(inFlight), timeoutMs);
        drainWaiters.push(() => {
          clearTimeout(timer);
          resolve(0);
        });
      });
    },
    async close() {
      await upstreamPools.close();
    },
  };
}

/** Errors before a handler took over still reach the client in its own wire format (chosen by the path). */
function fail(context: RequestContext, error: GatewayError): RequestOutcome {
  if (error.status === 401) context.response.setHeader("www-authenticate", 'Bearer realm="omniroute"');
  const codec = codecFor(context.clientFormat);
  return sendError(context.response, context.requestId, error, codec.formatError, codec.formatStreamError);
}

/** Requests that are usage (one row each): generation endpoints, and POSTs to the other operations. */
function isApiCall(method: string, path: string, generation: ClientEndpoint | undefined): boolean {
  // Embeddings, images and the per-provider routes are API calls too (POST only; their GET lists are not).
  return generation !== undefined || (method === "POST" && isOperationPath(path));
}

/** The non-generation endpoints whose POST requests are usage (one usage row each). */
function isOperationPath(path: string): boolean {
  return path === "/v1/embeddings" || path === "/v1/images/generations" || matchProviderRoute(path) !== undefined;
}

/** The wire format a non-generation path answers in: Gemini's under /v1beta, OpenAI's elsewhere. */
function formatOfPath(path: string): WireFormat {
  if (path === "/v1beta" || path.startsWith("/v1beta/")) return "gemini";
  return path.startsWith("/v1/messages") ? "anthropic-messages" : "openai-chat";
}

function methodNotAllowed(context: RequestContext, allow: string): RequestOutcome {
  context.response.setHeader("allow", allow);
  return fail(
    context,
    new GatewayError({
      code: "method_not_allowed",
      status: 405,
      publicMessage: `Method ${context.request.method} is not allowed here; use ${allow}.`,
    }),
  );
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
