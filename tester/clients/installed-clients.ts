// Where the cached CLIs are, and whether this run may use them. The client suites run under
// `npm run test:clients` (run-client-tests.mjs installs the CLIs, then sets OMNIROUTE_CLIENT_TESTS=1); picked up
// by a plain `npm test` they skip, so the main suite neither downloads 700 MB nor waits for real CLIs.

import path from "node:path";

import { CACHE_DIR, installProblem, pinnedVersions } from "./install-clients.mjs";

export type ClientBin = "claude" | "codex" | "gemini";

export function clientBinPath(bin: ClientBin): string {
  return path.join(CACHE_DIR, "node_modules", ".bin", bin);
}

/** The pinned version of a CLI package, e.g. `2.1.197` for `@anthropic-ai/claude-code`. */
export function pinnedVersion(packageName: string): string {
  return (pinnedVersions() as Record<string, string>)[packageName] ?? "unknown";
}

/** Why the client suites must skip, or false when they run. */
export function clientSuiteSkip(): string | false {
  if (process.env.OMNIROUTE_CLIENT_TESTS !== "1") return "real-client suite: run it with `npm run test:clients`";
  const problem = installProblem() as string | null;
  return problem === null ? false : `the pinned CLIs are not installed (${problem}): run node tester/clients/install-clients.mjs`;
}

/** Only the SDK suites (no CLI needed) run whenever the client suites are requested. */
export function sdkSuiteSkip(): string | false {
  return process.env.OMNIROUTE_CLIENT_TESTS === "1" ? false : "real-client suite: run it with `npm run test:clients`";
}
