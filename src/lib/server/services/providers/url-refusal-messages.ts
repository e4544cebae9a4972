import type { UpstreamUrlRefusal } from "../../../../../open-sse/src/security/upstream-url-guard";

/** Why the SSRF guard refused a base URL, for a person; never the URL itself. */
export const URL_REFUSAL_MESSAGES: Record<UpstreamUrlRefusal, string> = {
  "invalid-url": "invalid URL",
  "unsupported-scheme": "unsupported scheme (only http and https)",
  "credentials-in-url": "credentials in URL refused (put the key in apiKey)",
  "local-address": "loopback/private address refused (allow local upstreams in the settings to use one)",
  "metadata-address": "cloud metadata address refused",
};
