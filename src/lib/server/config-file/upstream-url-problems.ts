import { checkUpstreamUrl, type UpstreamUrlRefusal } from "../../../../open-sse/src/security/upstream-url-guard";

const reasons: Record<UpstreamUrlRefusal, string> = {
  "invalid-url": "invalid URL",
  "unsupported-scheme": "unsupported scheme (only http and https)",
  "credentials-in-url": "credentials in URL refused (put the key in apiKey)",
  "local-address": "loopback/private address refused (set security.allowLocalUpstreams to true to allow local upstreams)",
  "metadata-address": "cloud metadata address refused",
};

interface UrlBearingFile {
  providers?: { baseUrl?: string; accounts?: { baseUrl?: string }[] }[];
}

/** Every provider and account base URL that the upstream URL guard refuses, with its path. Never echoes the URL. */
export function upstreamUrlProblems(file: UrlBearingFile, allowLocal: boolean): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const check = (url: string | undefined, path: (string | number)[]) => {
    if (url === undefined) return;
    const result = checkUpstreamUrl(url, { allowLocal });
    if (!result.ok) problems.push({ path, message: reasons[result.reason] });
  };
  (file.providers ?? []).forEach((provider, index) => {
    check(provider.baseUrl, ["providers", index, "baseUrl"]);
    (provider.accounts ?? []).forEach((account, accountIndex) => {
      check(account.baseUrl, ["providers", index, "accounts", accountIndex, "baseUrl"]);
    });
  });
  return problems;
}
