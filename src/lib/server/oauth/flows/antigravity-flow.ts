import type { OAuthFlowDefinition } from "../oauth-flow-definition";
import { describeGoogleLogin } from "./google-login";

/**
 * Antigravity (`ag/`), Google's agentic IDE, whose Code Assist-style backend also serves Claude models. The app is
 * closed source; its OAuth values are as router-for-me/CLIProxyAPI reads them (internal/auth/antigravity/
 * constants.go and auth.go) and as other open-source Antigravity clients repeat them:
 * - Google installed-app client `884354919052-…` with its shipped secret; scopes cloud-platform, userinfo.email,
 *   userinfo.profile, cclog, experimentsandconfigs; `access_type=offline`, `prompt=consent`, PKCE S256.
 * - Its own redirect is `http://localhost:51121/oauth-callback`; Google accepts any loopback redirect for an
 *   installed-app client, so ours is our callback route on a loopback host.
 * - Project: `loadCodeAssist` with `ideType ANTIGRAVITY`, else `onboardUser` with the default tier (free-tier).
 * - Refresh: a Google OAuth token; the 5-minute margin of Google's own client library (the app's is not public).
 * - Quota: `v1internal:fetchAvailableModels` reports each model's remaining fraction and reset.
 */
export const antigravityFlow: OAuthFlowDefinition = {
  providerId: "ag",
  flowName: "antigravity",
  displayName: "Antigravity",
  apiFormat: "gemini",
  endpoints: {
    clientId: "884354919052-36trc1jjb3tguiac32ov6cod268c5blh.apps.googleusercontent.com",
    clientSecret: "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",
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    scopes: [
      "https://www.googleapis.com/auth/cloud-platform",
      "https://www.googleapis.com/auth/userinfo.email",
      "https://www.googleapis.com/auth/userinfo.profile",
      "https://www.googleapis.com/auth/cclog",
      "https://www.googleapis.com/auth/experimentsandconfigs",
    ],
    userinfoUrl: "https://www.googleapis.com/oauth2/v2/userinfo",
    codeAssistUrl: "https://cloudcode-pa.googleapis.com/v1internal",
    quotaUrl: "https://cloudcode-pa.googleapis.com/v1internal:fetchAvailableModels",
  },
  authorizationCode: {
    redirect: "app-callback",
    loopbackHostsOnly: true,
    extraAuthorizeParams: { access_type: "offline", prompt: "consent" },
    tokenEncoding: "form",
    sendClientSecret: true,
  },
  refresh: { marginMs: 5 * 60_000, encoding: "form", sendClientSecret: true },
  describeLogin: (context) =>
    describeGoogleLogin(context, "ag", {
      metadata: { ideType: "ANTIGRAVITY", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" },
      fallbackTierId: "free-tier",
    }),
};
