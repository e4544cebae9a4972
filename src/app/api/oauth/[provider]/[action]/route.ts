import { handleOAuthGet, handleOAuthPost, oauthServiceOf } from "@/lib/server/oauth/oauth-route-handlers";
import { findRuntime } from "@/lib/server/runtime/runtime-registry";

export const dynamic = "force-dynamic";

interface RouteContext {
  params: Promise<{ provider: string; action: string }>;
}

/**
 * GET /api/oauth/{provider}/callback (the provider's redirect; public, protected by the single-use state) and
 * GET /api/oauth/{provider}/status (behind the dashboard session guard). See oauth-route-handlers.ts.
 */
export async function GET(request: Request, context: RouteContext): Promise<Response> {
  const { provider, action } = await context.params;
  const runtime = findRuntime();
  return handleOAuthGet(oauthServiceOf(runtime), request, provider, action, runtime?.logger);
}

/** POST /api/oauth/{provider}/{authorize|exchange|device-code|poll|import|disconnect}, behind the session guard. */
export async function POST(request: Request, context: RouteContext): Promise<Response> {
  const { provider, action } = await context.params;
  const runtime = findRuntime();
  return handleOAuthPost(oauthServiceOf(runtime), request, provider, action, runtime?.logger);
}
