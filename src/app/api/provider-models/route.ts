import { findRuntime } from "@/lib/server/runtime/runtime-registry";
import { noStore, readJsonBody, runtimeUnavailableResponse } from "@/lib/server/services/api-keys/api-key-error-response";
import { addCustomModel } from "@/lib/server/services/provider-models/add-custom-model";
import { deleteCustomModel } from "@/lib/server/services/provider-models/delete-custom-model";
import { listCustomModels } from "@/lib/server/services/provider-models/list-custom-models";
import { providerErrorResponse } from "@/lib/server/services/providers/provider-error-response";
import { providersDependenciesFrom } from "@/lib/server/services/providers/providers-dependencies";

export const dynamic = "force-dynamic";

const queryOf = (request: Request) => Object.fromEntries(new URL(request.url).searchParams);

/** GET /api/provider-models[?provider=]: `{data: [{provider, id, qualifiedId, name, type}]}`. */
export function GET(request: Request): Response {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    return Response.json({ data: listCustomModels(dependencies, queryOf(request)) }, { headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/**
 * POST /api/provider-models `{"provider":"openai","modelId":"gpt-4.5-preview","modelName":"GPT-4.5 Preview","type"?:
 * "chat"|"embedding"|"image"}` → 201 (200 when the id existed and was updated); listed in /v1/models with `custom: true`.
 */
export async function POST(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    const { model, created } = await addCustomModel(dependencies, await readJsonBody(request));
    return Response.json(model, { status: created ? 201 : 200, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}

/** DELETE /api/provider-models?provider=&model= → 204. */
export async function DELETE(request: Request): Promise<Response> {
  const dependencies = providersDependenciesFrom(findRuntime());
  if (dependencies === undefined) return runtimeUnavailableResponse();
  try {
    await deleteCustomModel(dependencies, queryOf(request));
    return new Response(null, { status: 204, headers: noStore });
  } catch (error) {
    return providerErrorResponse(error);
  }
}
