import { z } from "zod";
import type { OmnirouteRuntime } from "../runtime/runtime-types";
import { renderCallbackErrorPage } from "./oauth-callback-page";
import { OAuthFlowError } from "./oauth-flow-error";
import type { OAuthService } from "./oauth-service";

/**
 * `/api/oauth/[provider]/[action]`, as plain functions over `Request` (the route file only dispatches). Every
 * action sits behind the dashboard session guard (src/server/dashboard-guard.ts) except the `callback` GET, which
 * the provider's redirect reaches without our cookie and which the single-use state protects instead.
 *
 *   POST authorize    {mode?, identityProvider?}        → {authorizeUrl, state, expiresAt, redirectUri, completion}
 *   GET  callback     ?code&state | ?error&state         → 302 /dashboard/providers?connected=<provider>, or an error page
 *   POST exchange     {redirectUrl} | {code, state?}     → {connection, created}
 *   POST device-code  {label?}                           → {flowId, userCode, verificationUri, verificationUriComplete?, expiresAt, interval}
 *   POST poll         {flowId}                           → {status, connection?, interval?, message?}
 *   POST import       {content} (pasted) | {source: "local"} → {connection, created}
 *   GET  status                                          → {provider, capabilities, notice, connections}
 *   POST disconnect   {connectionId}                     → {removed: true}
 *
 * No answer ever holds a token: connections are shown with identity, status and expiry only.
 */
const noStore = { "cache-control": "no-store" };
const MAX_BODY_BYTES = 128 * 1024;

const authorizeBody = z.strictObject({
  mode: z.enum(["auto", "manual"]).optional(),
  identityProvider: z.string().min(1, "must not be empty").max(64, "is too long").optional(),
});
const exchangeBody = z.union([
  z.strictObject({ redirectUrl: z.string().min(1, "must not be empty").max(8_192, "is too long") }),
  z.strictObject({ code: z.string().min(1, "must not be empty").max(4_096, "is too long"), state: z.string().min(1).max(512).optional() }),
]);
const pollBody = z.strictObject({ flowId: z.string().min(1, "must not be empty").max(128, "is too long") });
const importBody = z.union([
  z.strictObject({ content: z.union([z.string().min(1, "must not be empty"), z.record(z.string(), z.unknown())]) }),
  // The provider's desktop install on the server's machine, at its fixed location: the client names no path.
  z.strictObject({ source: z.literal("local") }),
]);
const deviceCodeBody = z.strictObject({ label: z.string().trim().min(1, "must not be empty").max(120, "is too long").optional() });
const disconnectBody = z.strictObject({ connectionId: z.string().min(1, "must not be empty").max(256, "is too long") });

/** The OAuth service the server attached to the runtime (`HostRuntime.oauth`), if any. */
export function oauthServiceOf(runtime: OmnirouteRuntime | undefined): OAuthService | undefined {
  const candidate = (runtime as { oauth?: OAuthService } | undefined)?.oauth;
  return candidate !== undefined && typeof candidate.authorize === "function" ? candidate : undefined;
}

/** Where unexpected failures are reported (never with a token: only the error's name). */
export interface RouteLogger {
  error(message: string, fields?: Record<string, unknown>): void;
}

export async function handleOAuthGet(service: OAuthService | undefined, request: Request, providerId: string, action: string, logger?: RouteLogger): Promise<Response> {
  if (service === undefined) return unavailable();
  try {
    if (action === "callback") return await callback(service, request, providerId, logger);
    if (action === "status") {
      return Response.json(
        { provider: providerId, capabilities: service.capabilities(providerId), notice: service.notice(providerId), connections: service.status(providerId) },
        { headers: noStore },
      );
    }
    return isKnownAction(action) ? methodNotAllowed("POST") : notFound();
  } catch (error) {
    return errorResponse(error, logger);
  }
}

export async function handleOAuthPost(service: OAuthService | undefined, request: Request, providerId: string, action: string, logger?: RouteLogger): Promise<Response> {
  if (service === undefined) return unavailable();
  try {
    switch (action) {
      case "authorize": {
        const body = await readBody(request, authorizeBody);
        const result = await service.authorize(providerId, {
          origin: dashboardOrigin(request),
          ...(body.mode === undefined ? {} : { mode: body.mode }),
          ...(body.identityProvider === undefined ? {} : { identityProvider: body.identityProvider }),
        });
        return Response.json(result, { headers: noStore });
      }
      case "exchange": {
        const body = await readBody(request, exchangeBody);
        return Response.json(await service.exchange(providerId, body), { headers: noStore });
      }
      case "device-code": {
        const body = await readBody(request, deviceCodeBody);
        return Response.json(await service.startDeviceFlow(providerId, body.label === undefined ? {} : { label: body.label }), { headers: noStore });
      }
      case "poll": {
        const body = await readBody(request, pollBody);
        return Response.json(await service.pollDeviceFlow(providerId, body.flowId), { headers: noStore });
      }
      case "import": {
        const body = await readBody(request, importBody);
        const result = "source" in body ? await service.importLocalInstall(providerId) : await service.importCredentials(providerId, body.content);
        return Response.json(result, { status: result.created ? 201 : 200, headers: noStore });
      }
      case "disconnect": {
        const body = await readBody(request, disconnectBody);
        await service.disconnect(providerId, body.connectionId);
        return Response.json({ removed: true }, { headers: noStore });
      }
      default:
        return action === "callback" || action === "status" ? methodNotAllowed("GET") : notFound();
    }
  } catch (error) {
    return errorResponse(error, logger);
  }
}

/** The provider's redirect: connect and go back to the dashboard, or a page that says what went wrong. */
async function callback(service: OAuthService, request: Request, providerId: string, logger?: RouteLogger): Promise<Response> {
  const url = new URL(request.url);
  try {
    await service.completeCallback(providerId, url.searchParams);
    return new Response(null, { status: 302, headers: { ...noStore, location: `/dashboard/providers?connected=${encodeURIComponent(providerId)}` } });
  } catch (error) {
    if (!OAuthFlowError.isInstance(error)) logger?.error("oauth callback failed", { provider: providerId, error: error instanceof Error ? error.name : "error" });
    const flowError = OAuthFlowError.isInstance(error) ? error : new OAuthFlowError(500, "provider_refused", "The login could not be completed.");
    const html = renderCallbackErrorPage({ title: "The login did not complete", message: flowError.message, dashboardUrl: "/dashboard/providers" });
    return new Response(html, { status: flowError.status, headers: { ...noStore, "content-type": "text/html; charset=utf-8" } });
  }
}

/**
 * The origin the user's browser sees the dashboard at. `request.url` is not it: behind the custom server Next
 * rebuilds it from its own hostname. The `Origin` header is (the server's same-origin guard already checked it
 * against `Host` for this POST), else the `Host` header.
 */
export function dashboardOrigin(request: Request): string {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== "null" && /^https?:\/\//.test(origin)) return origin;
  const host = request.headers.get("host");
  if (host !== null && host !== "") return `${new URL(request.url).protocol}//${host}`;
  return new URL(request.url).origin;
}

async function readBody<Schema extends z.ZodType>(request: Request, schema: Schema): Promise<z.infer<Schema>> {
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) throw new OAuthFlowError(413, "invalid_input", "The body is too large.");
  let raw: unknown = {};
  if (text.trim() !== "") {
    try {
      raw = JSON.parse(text);
    } catch {
      throw new OAuthFlowError(400, "invalid_input", "The body must be JSON.");
    }
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    // Field paths and messages only, never the submitted values (they may be codes or tokens).
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new OAuthFlowError(400, "invalid_input", problems.join("; "));
  }
  return result.data;
}

function errorResponse(error: unknown, logger: RouteLogger | undefined): Response {
  if (OAuthFlowError.isInstance(error)) {
    return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers: noStore });
  }
  logger?.error("oauth request failed", { error: error instanceof Error ? error.name : "error" });
  // Unexpected: say nothing specific (the message could name internals).
  return Response.json({ error: { code: "internal_error", message: "Internal error." } }, { status: 500, headers: noStore });
}

const ACTIONS = new Set(["authorize", "callback", "exchange", "device-code", "poll", "import", "status", "disconnect"]);

function isKnownAction(action: string): boolean {
  return ACTIONS.has(action);
}

function notFound(): Response {
  return Response.json({ error: { code: "not_found", message: "No such OAuth action." } }, { status: 404, headers: noStore });
}

function methodNotAllowed(allow: string): Response {
  return Response.json({ error: { code: "method_not_allowed", message: `Use ${allow}.` } }, { status: 405, headers: { ...noStore, allow } });
}

function unavailable(): Response {
  return Response.json({ error: { code: "unavailable", message: "The omniroute OAuth engine is not attached." } }, { status: 503, headers: noStore });
}
