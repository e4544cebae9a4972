/**
 * The providers that connect through an OAuth login, by provider id (the model prefix and the
 * `/api/oauth/<id>/…` segment). Kept apart from the flow definitions so that the config-file schema can name
 * them without loading the flows.
 */
export const OAUTH_FLOW_IDS = ["cc", "cx", "gc", "ag", "gh", "if", "qw", "kr", "cu"] as const;

export type OAuthFlowId = (typeof OAUTH_FLOW_IDS)[number];

export function isOAuthFlowId(value: string): value is OAuthFlowId {
  return (OAUTH_FLOW_IDS as readonly string[]).includes(value);
}
