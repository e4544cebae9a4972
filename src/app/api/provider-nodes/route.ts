import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { createNode } from "@/lib/server/services/provider-nodes/create-node";
import { listNodes } from "@/lib/server/services/provider-nodes/list-nodes";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

/** GET /api/provider-nodes: every custom OpenAI-/Anthropic-compatible node with its connection(s), keys masked. */
export function GET(): Response {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  return Response.json({ data: listNodes(dependencies) }, { headers: noStore });
}

/**
 * POST /api/provider-nodes `{name, prefix, apiFormat: openai-chat|openai-responses|anthropic-messages, baseUrl,
 * apiKey?}` → 201 with the node; 409 `prefix_taken` when the prefix is a built-in provider, a node or a combo.
 */
export async function POST(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    return Response.json(await createNode(dependencies, await readJsonBody(request)), { status: 201, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
