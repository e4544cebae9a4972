import { z } from "zod";
import { providerIdPattern } from "../../config-file/config-file-schema";
import { baseUrlSchema, connectionNameSchema, providerApiKeySchema } from "../providers/provider-input";

/** The wire protocol a node speaks; Anthropic-compatible nodes are stored as `anthropic-compatible`. */
export const nodeApiFormatSchema = z.enum(["openai-chat", "openai-responses", "anthropic-messages"]);
export type NodeApiFormat = z.infer<typeof nodeApiFormatSchema>;

/**
 * The model prefix (`my-node` in `my-node/llama-3`), which is also the node's id. No `/` (it ends at the first one)
 * and no `:` (connection ids are `<prefix>:<account>`).
 */
export const nodePrefixSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(providerIdPattern, "must start with a letter or digit and contain only letters, digits, -, _ and .");

export const createNodeInputSchema = z.strictObject({
  name: connectionNameSchema,
  prefix: nodePrefixSchema,
  apiFormat: nodeApiFormatSchema,
  baseUrl: baseUrlSchema,
  /** Given: the node's connection is created with it (named `default`). */
  apiKey: providerApiKeySchema.optional(),
});

/** The prefix cannot change: it is in every model id clients send and in every usage row. */
export const updateNodeInputSchema = z.strictObject({
  name: connectionNameSchema.optional(),
  apiFormat: nodeApiFormatSchema.optional(),
  baseUrl: baseUrlSchema.optional(),
  enabled: z.boolean().optional(),
});

export function nodeTypeFor(apiFormat: NodeApiFormat): "openai-compatible" | "anthropic-compatible" {
  return apiFormat === "anthropic-messages" ? "anthropic-compatible" : "openai-compatible";
}
