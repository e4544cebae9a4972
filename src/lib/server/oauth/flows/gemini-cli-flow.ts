import { invalidInput } from "../oauth-flow-error";
import type { OAuthFlowDefinition } from "../oauth-flow-definition";
import { expiryOf } from "../oauth-token-set";
import { describeGoogleLogin } from "./google-login";
import { parsePastedJson } from "./parse-pasted-json";

/**
 * Gemini CLI (`gc/`, Google's free Code Assist tier). Values read from @google/gemini-cli 0.61.0's bundle
 * (packages/core/src/code_assist/oauth2.ts and setup.ts):
 * - Google's installed-app client: `OAUTH_CLIENT_ID` / `OAUTH_CLIENT_SECRET` (public by design: Google's installed-app
 *   clients cannot keep a secret; the CLI ships it in plain text), scopes cloud-platform + userinfo.email/profile.
 * - The CLI's web login redirects to `http://127.0.0.1:<port>/oauth2callback`: Google accepts any loopback redirect for
 *   this client, so ours is our own callback route on a loopback host. Its "no browser" login shows the code on
 *   `https://codeassist.google.com/authcode` (our manual mode).
 * - `access_type=offline`; we add `prompt=consent` (Antigravity's client does too): without it Google returns a
 *   refresh token only on an account's first consent, and a server cannot live without one.
 * - Refresh: google-auth-library refreshes when the token expires within `eagerRefreshThresholdMillis`, 5 minutes.
 *   Google never rotates the refresh token.
 * - Project: `loadCodeAssist` / `onboardUser` with `ideType IDE_UNSPECIFIED, pluginType GEMINI`; default tier legacy.
 */
export const geminiCliFlow: OAuthFlowDefinition = {
  providerId: "gc",
  flowName: "gemini-cli",
  displayName: "Gemini CLI",
  apiFormat: "gemini",
  endpoints: {
    clientId: "681255809395-oo8ft2oprdrnp9e3aqf6av3hmdib135j.apps.googleusercontent.com",
    clientSecret: "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",
    authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: "https://oauth2.googleapis.com/token",
    scopes: ["https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile"],
    manualRedirectUri: "https://codeassist.google.com/authcode",
    userinfoUrl: "https://www.googleapis.com/oauth2/v2/userinfo",
    codeAssistUrl: "https://cloudcode-pa.googleapis.com/v1internal",
    quotaUrl: "https://cloudcode-pa.googleapis.com/v1internal:retrieveUserQuota",
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
    describeGoogleLogin(context, "gc", {
      metadata: { ideType: "IDE_UNSPECIFIED", platform: "PLATFORM_UNSPECIFIED", pluginType: "GEMINI" },
      fallbackTierId: "legacy-tier",
    }),
  /**
   * `~/.gemini/oauth_creds.json` as Gemini CLI writes it (google-auth-library `Credentials`):
   * `{"access_token","refresh_token","scope","token_type","id_token","expiry_date"}`, expiry in epoch ms.
   */
  importCredentials(pasted, now) {
    const file = parsePastedJson(pasted);
    const accessToken = file.access_token;
    const refreshToken = file.refresh_token;
    if (typeof accessToken !== "string" || accessToken === "" || typeof refreshToken !== "string" || refreshToken === "") {
      throw invalidInput("content: not a Gemini CLI oauth_creds.json (access_token and refresh_token are required)");
    }
    const expiresAt = typeof file.expiry_date === "number" && Number.isFinite(file.expiry_date) ? file.expiry_date : expiryOf(undefined, accessToken, now);
    return {
      tokens: {
        accessToken,
        refreshToken,
        expiresAt,
        ...(typeof file.id_token === "string" ? { idToken: file.id_token } : {}),
        ...(typeof file.scope === "string" ? { scope: file.scope } : {}),
        obtainedAt: now,
        extras: {},
      },
      hints: {},
    };
  },
};
