import { parseNoProxy, type NoProxyList } from "./no-proxy-list";

/** Bounded: targets are the accounts' handful of base URLs, but nothing may grow this forever. */
const TARGET_CACHE_LIMIT = 1_000;

/**
 * The proxy the process environment names for a target, the last level of the precedence (after account, combo
 * and provider/global). The environment is read once, when this object is made; the decision is cached per
 * target (its origin decides it), so the hot path is one map lookup.
 *
 * Which variable applies, as curl and undici's EnvHttpProxyAgent do: `https_proxy` / `HTTPS_PROXY` for https
 * targets, `http_proxy` / `HTTP_PROXY` for http ones, then `all_proxy` / `ALL_PROXY` for either; the lower-case
 * spelling wins when both are set. `no_proxy` / `NO_PROXY` (lower-case first) lists the targets reached directly.
 */
export class EnvironmentProxies {
  private readonly httpsProxy: string | undefined;
  private readonly httpProxy: string | undefined;
  private readonly noProxy: NoProxyList;
  private readonly byTarget = new Map<string, string | null>();

  constructor(env: Readonly<Record<string, string | undefined>>) {
    const all = nonEmpty(env.all_proxy) ?? nonEmpty(env.ALL_PROXY);
    this.httpsProxy = nonEmpty(env.https_proxy) ?? nonEmpty(env.HTTPS_PROXY) ?? all;
    this.httpProxy = nonEmpty(env.http_proxy) ?? nonEmpty(env.HTTP_PROXY) ?? all;
    this.noProxy = parseNoProxy(nonEmpty(env.no_proxy) ?? nonEmpty(env.NO_PROXY));
  }

  /** True when the environment names any proxy at all (tests and the bench check what they run with). */
  get configured(): boolean {
    return this.httpsProxy !== undefined || this.httpProxy !== undefined;
  }

  /**
   * The proxy URL for a target (`https://api.openai.com/v1`), or undefined for a direct connection. Cached per
   * target string (callers pass an account's base URL, so the strings are few) — the hot path parses no URL.
   */
  proxyFor(targetUrl: string | URL): string | undefined {
    if (!this.configured) return undefined;
    const key = typeof targetUrl === "string" ? targetUrl : targetUrl.href;
    const cached = this.byTarget.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const url = typeof targetUrl === "string" ? safeUrl(targetUrl) : targetUrl;
    const decided = url === undefined ? undefined : this.decide(url);
    if (this.byTarget.size >= TARGET_CACHE_LIMIT) this.byTarget.clear();
    this.byTarget.set(key, decided ?? null);
    return decided;
  }

  private decide(url: URL): string | undefined {
    const proxy = url.protocol === "https:" ? this.httpsProxy : url.protocol === "http:" ? this.httpProxy : undefined;
    if (proxy === undefined) return undefined;
    const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
    if (this.noProxy.bypasses(url.hostname, port)) return undefined;
    return withScheme(proxy);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/** `proxy.corp:3128` (no scheme, as many shells set it) means an HTTP proxy, as curl reads it. */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
