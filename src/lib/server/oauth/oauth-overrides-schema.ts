import { z } from "zod";
import { OAUTH_FLOW_IDS } from "./oauth-flow-ids";
import type { OAuthEndpointOverrides } from "./oauth-endpoints";

const httpUrl = z
  .string()
  .min(1, "must not be empty")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

/**
 * One provider's overrides: any URL or client id of its login flow (oauth-endpoints.ts). Strict, so that a
 * misspelt field is an error naming it instead of a silently ignored setting.
 */
export const oauthEndpointOverridesSchema = z.strictObject({
  clientId: z.string().min(1, "must not be empty").optional(),
  clientSecret: z.string().min(1, "must not be empty").optional(),
  authorizeUrl: httpUrl.optional(),
  tokenUrl: httpUrl.optional(),
  scopes: z.array(z.string().min(1, "must not be empty")).min(1, "must list at least one scope").optional(),
  callbackPort: z.number().int("must be an integer").min(1, "must be 1–65535").max(65_535, "must be 1–65535").optional(),
  redirectUri: httpUrl.optional(),
  manualRedirectUri: httpUrl.optional(),
  deviceCodeUrl: httpUrl.optional(),
  deviceTokenUrl: httpUrl.optional(),
  deviceVerificationUrl: httpUrl.optional(),
  deviceRedirectUri: httpUrl.optional(),
  userinfoUrl: httpUrl.optional(),
  profileUrl: httpUrl.optional(),
  codeAssistUrl: httpUrl.optional(),
  quotaUrl: httpUrl.optional(),
  tokenExchangeUrl: httpUrl.optional(),
  clientRegistrationUrl: httpUrl.optional(),
  startUrl: httpUrl.optional(),
  socialTokenUrl: httpUrl.optional(),
  socialRefreshUrl: httpUrl.optional(),
  socialApiEndpoint: httpUrl.optional(),
}) satisfies z.ZodType<OAuthEndpointOverrides>;

/**
 * `oauth` in the config file, keyed by provider id (`cc`, `cx`, `gc`, `ag`, `gh`, `if`, `qw`, `kr`, `cu`):
 *
 *   "oauth": { "cx": { "callbackPort": 1457 }, "gc": { "tokenUrl": "http://127.0.0.1:9100/google/token" } }
 *
 * The same JSON in `OMNIROUTE_OAUTH_OVERRIDES` (tests and advanced use) is laid over the file's values.
 */
export const oauthOverridesSchema = z
  .record(z.string(), oauthEndpointOverridesSchema)
  .superRefine((overrides, context) => {
    for (const providerId of Object.keys(overrides)) {
      if ((OAUTH_FLOW_IDS as readonly string[]).includes(providerId)) continue;
      context.addIssue({
        code: "custom",
        path: [providerId],
        message: `is not an OAuth provider (known: ${OAUTH_FLOW_IDS.join(", ")})`,
      });
    }
  });

export type OAuthOverrides = z.infer<typeof oauthOverridesSchema>;

/** `OMNIROUTE_OAUTH_OVERRIDES`: JSON of the same shape; a bad value is an error naming the variable, never ignored. */
export function parseOAuthOverridesEnv(value: string | undefined): OAuthOverrides | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    throw new Error("OMNIROUTE_OAUTH_OVERRIDES is not valid JSON");
  }
  const result = oauthOverridesSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`OMNIROUTE_OAUTH_OVERRIDES is invalid: ${problems.join("; ")}`);
  }
  return result.data;
}
