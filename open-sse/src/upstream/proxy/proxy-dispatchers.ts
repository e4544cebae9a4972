import { ProxyAgent, Socks5ProxyAgent, type Dispatcher } from "undici";
import { unusableProxy } from "./proxy-failure";

export interface ProxyDispatchersOptions {
  /** `ENABLE_SOCKS5_PROXY=true`: SOCKS5 proxies may be used. Otherwise a `socks5://` proxy fails every call. */
  socks5Enabled: boolean;
}

/** Keep-alive like the direct pools (upstream-http.ts): a proxied call should not pay a new tunnel every time. */
const KEEP_ALIVE = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 } as const;
/** More proxy URLs than any real configuration has; past it the least recently added agent is closed. */
const MAX_AGENTS = 256;

/**
 * One dispatcher per proxy URL, made on first use and reused by every call through that proxy, so connections
 * (and their tunnels) are kept alive and pooled per target origin behind the proxy.
 *
 * - `http://` and `https://` proxies: undici's `ProxyAgent`. https targets go through a CONNECT tunnel; http targets
 *   are forwarded as absolute-URI requests (`proxyTunnel: false`), which is what curl does with `http_proxy` and
 *   what proxies that refuse CONNECT to port 80 expect. Credentials in the URL become `Proxy-Authorization: Basic`.
 * - `socks5://` (and `socks5h://`, the same thing here: the target name is always resolved by the proxy): undici's
 *   own `Socks5ProxyAgent` (undici ≥ 7.13), so no second HTTP stack or extra dependency is needed; it keeps a pool
 *   per target origin behind one SOCKS5 handshake per connection and does RFC 1929 user/password auth. Only when
 *   `socks5Enabled`.
 */
export class ProxyDispatchers {
  private readonly agents = new Map<string, Dispatcher>();

  constructor(private readonly options: ProxyDispatchersOptions) {}

  /** The dispatcher for `proxyUrl`; throws a 502 `proxy_failed` GatewayError when it cannot be used (fail closed). */
  get(proxyUrl: string): Dispatcher {
    const existing = this.agents.get(proxyUrl);
    if (existing !== undefined) return existing;
    const agent = this.create(proxyUrl);
    if (this.agents.size >= MAX_AGENTS) {
      const [oldestUrl, oldest] = this.agents.entries().next().value as [string, Dispatcher];
      this.agents.delete(oldestUrl);
      void oldest.close().catch(() => undefined);
    }
    this.agents.set(proxyUrl, agent);
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }

  private create(proxyUrl: string): Dispatcher {
    let url: URL;
    try {
      url = new URL(proxyUrl);
    } catch {
      throw unusableProxy(proxyUrl, "it is not a valid URL");
    }
    if (url.hostname === "") throw unusableProxy(proxyUrl, "it names no host");
    switch (url.protocol) {
      case "http:":
      case "https:":
        return new ProxyAgent({ uri: proxyUrl, proxyTunnel: false, ...KEEP_ALIVE });
      case "socks5:":
      case "socks5h:":
      case "socks:": {
        if (!this.options.socks5Enabled) throw unusableProxy(proxyUrl, "SOCKS5 proxies are disabled (set ENABLE_SOCKS5_PROXY=true)");
        // The agent takes `socks5:`/`socks:` only; `socks5h` means the same here (names resolve at the proxy).
        const normalised = url.protocol === "socks5h:" ? `socks5:${proxyUrl.slice("socks5h:".length)}` : proxyUrl;
        return new Socks5ProxyAgent(normalised);
      }
      default:
        throw unusableProxy(proxyUrl, `the scheme '${url.protocol.replace(/:$/, "")}' is not supported (use http, https or socks5)`);
    }
  }
}
