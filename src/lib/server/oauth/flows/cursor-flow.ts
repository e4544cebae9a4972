import { cursorStateDatabasePath, parseCursorToken } from "../../../../../open-sse/src/upstream/executors/cursor/cursor-token-import";
import { invalidInput, OAuthFlowError } from "../oauth-flow-error";
import type { ImportedCredentials, LoginIdentity, OAuthFlowDefinition } from "../oauth-flow-definition";
import { TokenEndpointError } from "../token-endpoint";
import { readCursorStateDatabase } from "./cursor-local-state";
import { parsePastedJson } from "./parse-pasted-json";

/**
 * Cursor (`cu/`): Cursor has no login a third party can drive, so the connection is an import of the IDE's own
 * access token (docs/PROVIDERS-SUBSCRIPTION-II.md; open-sse/src/upstream/executors/cursor/cursor-token-import.ts):
 * - pasted: the access token (a JWT), the web cookie `WorkosCursorSessionToken` (`user_…::<jwt>`), or JSON
 *   `{accessToken, email?, machineId?, membershipType?}`;
 * - or read by the server from the local install's `state.vscdb` at its fixed per-OS path (`cursorAuth/accessToken`,
 *   `cursorAuth/cachedEmail`, `cursorAuth/stripeMembershipType`, `storage.serviceMachineId` → `extras.machineId`).
 * Identity: the JWT's `sub`. No refresh is implemented (none is documented for a third party): when the JWT
 * expires, or Cursor refuses it, the account becomes auth-failed and the user imports the token again.
 */
export const cursorFlow: OAuthFlowDefinition = {
  providerId: "cu",
  flowName: "cursor-import",
  displayName: "Cursor",
  apiFormat: "openai-chat",
  notice:
    "Cursor is connected by importing the IDE's token, which is not refreshed here: import it again when it expires. " +
    "Only text chat works (docs/PROVIDERS-SUBSCRIPTION-II.md).",
  // Cursor is called with the imported token only: no OAuth endpoint is used (an override would change nothing).
  endpoints: { clientId: "cursor", tokenUrl: "", scopes: [] },
  // Used until the JWT's own expiry; then the custom refresh says what to do.
  refresh: {
    marginMs: 0,
    encoding: "json",
    custom: async () => {
      throw new TokenEndpointError("rejected", null, "not_refreshable", "Cursor tokens are not refreshed", REIMPORT);
    },
  },
  async describeLogin(context) {
    return { identity: {}, extras: { ...context.tokens.extras } };
  },
  importCredentials(pasted, now) {
    if (typeof pasted === "string" && !pasted.trim().startsWith("{")) return importedToken({ accessToken: pasted }, now);
    const file = parsePastedJson(pasted);
    const accessToken = file.accessToken ?? file.access_token ?? file.token;
    if (typeof accessToken !== "string" || accessToken.trim() === "") throw invalidInput("content: paste the Cursor access token (or JSON with accessToken)");
    return importedToken(
      {
        accessToken,
        ...(typeof file.email === "string" ? { email: file.email } : {}),
        ...(typeof file.machineId === "string" ? { machineId: file.machineId } : {}),
        ...(typeof file.membershipType === "string" ? { membershipType: file.membershipType } : {}),
      },
      now,
    );
  },
  localInstall: {
    locate: (environment) => cursorStateDatabasePath(environment),
    read(file, now) {
      const values = readCursorStateDatabase(file);
      if (values.accessToken === undefined) throw new OAuthFlowError(404, "not_found", "The Cursor install holds no login: sign in to Cursor on this machine first, or paste the token.");
      return importedToken(
        {
          accessToken: values.accessToken,
          ...(values.email === undefined ? {} : { email: values.email }),
          ...(values.machineId === undefined ? {} : { machineId: values.machineId }),
          ...(values.membership === undefined ? {} : { membershipType: values.membership }),
        },
        now,
      );
    },
  },
};

const REIMPORT = "Cursor's token expired or was refused, and Cursor tokens are not refreshed here: import the token again.";

interface CursorLogin {
  accessToken: string;
  email?: string;
  machineId?: string;
  membershipType?: string;
}

function importedToken(login: CursorLogin, now: number): ImportedCredentials {
  let parsed;
  try {
    parsed = parseCursorToken(login.accessToken);
  } catch (error) {
    throw invalidInput(`content: ${error instanceof Error ? error.message : "not a Cursor access token"}`);
  }
  if (parsed.expiresAt !== null && parsed.expiresAt <= now) throw invalidInput("content: this Cursor token has expired; sign in to Cursor again and import the new one");
  const hints: LoginIdentity = {
    ...(login.email !== undefined && login.email.includes("@") ? { email: login.email.trim() } : {}),
    ...(parsed.subject === null ? {} : { accountId: parsed.subject }),
    ...(login.membershipType === undefined || login.membershipType.trim() === "" ? {} : { plan: login.membershipType.trim() }),
  };
  return {
    tokens: {
      accessToken: parsed.accessToken,
      refreshToken: null,
      expiresAt: parsed.expiresAt,
      obtainedAt: now,
      extras: login.machineId === undefined || login.machineId.trim() === "" ? {} : { machineId: login.machineId.trim() },
    },
    hints,
  };
}
