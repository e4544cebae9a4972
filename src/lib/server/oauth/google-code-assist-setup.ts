import { OAuthFlowError } from "./oauth-flow-error";
import type { OAuthHttp, OAuthRoute } from "./oauth-http";
import { isRecord } from "./token-endpoint";

/**
 * Gemini CLI and Antigravity call the Code Assist API, which needs the Google Cloud project the user's Code
 * Assist tier lives in. After login their clients find it the same way (gemini-cli
 * packages/core/src/code_assist/setup.ts `setupUser`; Antigravity as read by router-for-me/CLIProxyAPI
 * internal/auth/antigravity/auth.go):
 *
 * 1. `POST {base}:loadCodeAssist {metadata}`: an onboarded user has `currentTier` and `cloudaicompanionProject`.
 * 2. Otherwise `POST {base}:onboardUser {tierId, metadata}` with the default tier of `allowedTiers`. It answers a
 *    long-running operation: done at once, or `{name}` to poll with `GET {base}/{name}` until `done`, whose
 *    `response.cloudaicompanionProject.id` is the project.
 */
export interface CodeAssistSetupOptions {
  http: OAuthHttp;
  /** `https://cloudcode-pa.googleapis.com/v1internal` */
  baseUrl: string;
  accessToken: string;
  route: OAuthRoute;
  /** The client's `ClientMetadata` (`ideType` GEMINI CLI: IDE_UNSPECIFIED, Antigravity: ANTIGRAVITY). */
  metadata: Readonly<Record<string, string>>;
  /** The tier to onboard when `allowedTiers` names no default (gemini-cli: legacy-tier). */
  fallbackTierId: string;
  sleep(milliseconds: number): Promise<void>;
  /** Between operation polls: gemini-cli waits 5 s. */
  pollIntervalMs?: number;
  /** Gives up after this many polls (with the default interval, one minute). */
  maxPolls?: number;
  /** Extra headers the client sends (User-Agent). */
  headers?: Readonly<Record<string, string>>;
}

export interface CodeAssistSetup {
  projectId: string;
  /** `free-tier`, `standard-tier`, `legacy-tier`, or the paid tier's id. */
  tierId: string | undefined;
}

export async function setUpCodeAssist(options: CodeAssistSetupOptions): Promise<CodeAssistSetup> {
  const load = await callCodeAssist(options, "POST", `${options.baseUrl}:loadCodeAssist`, { metadata: options.metadata });
  const currentTier = isRecord(load.currentTier) ? load.currentTier : undefined;
  const paidTier = isRecord(load.paidTier) ? load.paidTier : undefined;
  const loadedProject = projectIdOf(load.cloudaicompanionProject);
  if (currentTier !== undefined) {
    const tierId = stringOf(paidTier?.id) ?? stringOf(currentTier.id);
    if (loadedProject !== undefined) return { projectId: loadedProject, tierId };
    throw ineligible(load);
  }
  if (loadedProject !== undefined) return { projectId: loadedProject, tierId: undefined };
  throwIfValidationRequired(load);

  const defaultTier = Array.isArray(load.allowedTiers) ? load.allowedTiers.filter(isRecord).find((tier) => tier.isDefault === true) : undefined;
  const tierId = stringOf(defaultTier?.id) ?? options.fallbackTierId;
  // No `cloudaicompanionProject`: the free tier gets one made by Google; other tiers would name the user's own
  // (GOOGLE_CLOUD_PROJECT in gemini-cli), which a dashboard login does not have.
  const onboardRequest = { tierId, metadata: options.metadata };
  let operation = await callCodeAssist(options, "POST", `${options.baseUrl}:onboardUser`, onboardRequest);
  const maxPolls = options.maxPolls ?? 12;
  for (let poll = 0; operation.done !== true; poll++) {
    if (poll >= maxPolls) throw new OAuthFlowError(504, "provider_unreachable", "Code Assist onboarding did not finish in time; try connecting again.");
    await options.sleep(options.pollIntervalMs ?? 5_000);
    const name = stringOf(operation.name);
    operation =
      name === undefined
        ? // Antigravity's client simply asks again until the answer is done.
          await callCodeAssist(options, "POST", `${options.baseUrl}:onboardUser`, onboardRequest)
        : await callCodeAssist(options, "GET", `${options.baseUrl}/${name}`, undefined);
  }
  const response = isRecord(operation.response) ? operation.response : {};
  const projectId = projectIdOf(response.cloudaicompanionProject);
  if (projectId === undefined) throw ineligible(load);
  return { projectId, tierId };
}

async function callCodeAssist(options: CodeAssistSetupOptions, method: "GET" | "POST", url: string, body: unknown): Promise<Record<string, unknown>> {
  let response;
  try {
    response = await options.http({
      method,
      url,
      route: options.route,
      headers: { authorization: `Bearer ${options.accessToken}`, ...options.headers },
      ...(method === "POST" ? { json: body } : {}),
    });
  } catch {
    throw new OAuthFlowError(502, "provider_unreachable", "Code Assist could not be reached to set up the project; try connecting again.");
  }
  if (response.status < 200 || response.status >= 300 || !isRecord(response.json)) {
    throw new OAuthFlowError(502, "provider_refused", `Code Assist refused the project setup (HTTP ${response.status}).`);
  }
  return response.json;
}

/** `"proj-1"` or `{"id":"proj-1"}` (both shapes occur). */
function projectIdOf(value: unknown): string | undefined {
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  if (isRecord(value)) return stringOf(value.id);
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function throwIfValidationRequired(load: Record<string, unknown>): void {
  const tiers = Array.isArray(load.ineligibleTiers) ? load.ineligibleTiers.filter(isRecord) : [];
  const validation = tiers.find((tier) => tier.reasonCode === "VALIDATION_REQUIRED" && typeof tier.validationUrl === "string");
  if (validation !== undefined) {
    throw new OAuthFlowError(
      403,
      "access_denied",
      `Google asks to verify this account before Code Assist can be used: open ${String(validation.validationUrl)}, then connect again.`,
    );
  }
}

function ineligible(load: Record<string, unknown>): OAuthFlowError {
  const tiers = Array.isArray(load.ineligibleTiers) ? load.ineligibleTiers.filter(isRecord) : [];
  const reasons = tiers.map((tier) => stringOf(tier.reasonMessage)).filter((reason): reason is string => reason !== undefined);
  const detail = reasons.length > 0 ? ` Google says: ${reasons.join("; ").slice(0, 300)}` : "";
  return new OAuthFlowError(
    403,
    "access_denied",
    `This Google account has no Code Assist project omniroute can use (Workspace accounts need a Google Cloud project set up for Gemini Code Assist).${detail}`,
  );
}
