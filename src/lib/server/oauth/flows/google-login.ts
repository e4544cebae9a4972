import { setUpCodeAssist } from "../google-code-assist-setup";
import { requiredEndpoint } from "../oauth-endpoints";
import { OAuthFlowError } from "../oauth-flow-error";
import type { LoginContext, LoginProfile } from "../oauth-flow-definition";
import { isRecord } from "../token-endpoint";

/**
 * What Gemini CLI and Antigravity do after Google's token exchange: the Google userinfo (email, account id), then
 * the Code Assist project (google-code-assist-setup.ts), kept as `extras.projectId` for every upstream call.
 */
export async function describeGoogleLogin(
  context: LoginContext,
  providerId: string,
  codeAssist: { metadata: Readonly<Record<string, string>>; fallbackTierId: string },
): Promise<LoginProfile> {
  const route = { providerId };
  const userinfo = await context.http({
    method: "GET",
    url: requiredEndpoint(context.endpoints, "userinfoUrl", providerId),
    route,
    headers: { authorization: `Bearer ${context.tokens.accessToken}` },
  });
  if (userinfo.status < 200 || userinfo.status >= 300 || !isRecord(userinfo.json)) {
    throw new OAuthFlowError(502, "provider_refused", `Google did not say who logged in (userinfo HTTP ${userinfo.status}).`);
  }
  const email = typeof userinfo.json.email === "string" ? userinfo.json.email : undefined;
  const googleId = typeof userinfo.json.id === "string" ? userinfo.json.id : typeof userinfo.json.sub === "string" ? userinfo.json.sub : undefined;

  // A re-import or reconnect of an account that already has its project keeps it without another onboarding.
  const knownProject = context.tokens.extras.projectId;
  const setup =
    knownProject !== undefined && knownProject !== ""
      ? { projectId: knownProject, tierId: undefined }
      : await setUpCodeAssist({
          http: context.http,
          baseUrl: requiredEndpoint(context.endpoints, "codeAssistUrl", providerId),
          accessToken: context.tokens.accessToken,
          route,
          metadata: codeAssist.metadata,
          fallbackTierId: codeAssist.fallbackTierId,
          sleep: context.sleep,
        });
  return {
    identity: {
      ...(email === undefined ? {} : { email }),
      ...(googleId === undefined ? {} : { accountId: googleId }),
      ...(setup.tierId === undefined ? {} : { plan: setup.tierId }),
    },
    extras: { projectId: setup.projectId },
  };
}
