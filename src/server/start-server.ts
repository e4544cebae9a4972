import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { createGateway, isGatewayPath, type Gateway } from "@omniroute/open-sse";
import { loadConfigFile } from "../lib/server/config-file/load-config-file";
import type { ConfigFile } from "../lib/server/config-file/config-file-schema";
import { resilienceProfilesOf } from "../lib/server/config-db/stored-resilience-profiles";
import { createRuntime, type HostRuntime } from "../lib/server/runtime/create-runtime";
import { publishRuntime } from "../lib/server/runtime/runtime-registry";
import { ensureDashboardPassword } from "../lib/server/auth/ensure-dashboard-password";
import { createMetricsHandler, isMetricsPath } from "../lib/server/metrics/metrics-request-handler";
import { createDashboardGuard } from "./dashboard-guard";
import { isLoopbackHost } from "./is-loopback-host";
import { createRequestGuards } from "./request-guards/create-request-guards";
import { startNext, type NextBridge } from "./next-request-handler";
import { createAdminRequestAudit } from "../lib/server/audit/audit-admin-requests";
import { auditLogFor } from "../lib/server/audit/record-audit";
import { openBrowser } from "./open-browser";
import { CliUsageError, parseBooleanEnv, parsePort, type CliOptions } from "./parse-cli-args";

export const DEFAULT_PORT = 20128;
export const DEFAULT_HOST = "127.0.0.1";
/** How long shutdown waits for in-flight streams before cutting them. */
const DRAIN_TIMEOUT_MS = 10_000;

export interface StartOptions {
  cli: CliOptions;
  env: NodeJS.ProcessEnv;
  /** The package root: where `.next/` and `public/` live. */
  packageRoot: string;
  version: string;
  dev?: boolean;
}

export interface RunningServer {
  url: string;
  server: Server;
  gateway: Gateway;
  runtime: HostRuntime;
  next: NextBridge;
  stop(reason: string): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { cli, env, version } = options;
  const configPath = cli.configFile ?? (env.OMNIROUTE_CONFIG || undefined);
  // Validate the config file before touching any state: a bad file changes nothing and exits 2.
  const configFile: ConfigFile | undefined = configPath === undefined ? undefined : loadConfigFile(resolve(configPath));

  const host = cli.host ?? (env.HOSTNAME || undefined) ?? configFile?.server?.host ?? DEFAULT_HOST;
  const port =
    cli.port ?? (env.PORT ? parsePort(env.PORT, "PORT") : undefined) ?? configFile?.server?.port ?? DEFAULT_PORT;
  const loopback = isLoopbackHost(host);
  const requireApiKeyOverride = parseBooleanEnv(env.REQUIRE_API_KEY, "REQUIRE_API_KEY");

  const runtime = await createRuntime({
    cliDataDir: cli.dataDir,
    env,
    version,
    defaultRequireApiKey: !loopback,
    requireApiKeyOverride,
    loopbackBind: loopback,
  });
  const { logger } = runtime;
  try {
    if (configFile !== undefined) {
      const applied = await runtime.applyConfigFile(configFile);
      logger.info("config file applied", { file: configPath, ...applied });
    }
  } catch (error) {
    await runtime.close();
    throw error;
  }

  // Refuse a non-loopback bind where /v1 would be keyless, unless the operator said so explicitly.
  if (!loopback && !runtime.configStore.getSnapshot().settings.requireApiKey && requireApiKeyOverride !== false) {
    await runtime.close();
    throw new CliUsageError(
      `refusing to start: ${host} is not a loopback address and /v1 would accept requests without a client key ` +
        "(server.requireApiKey is false). Remove that setting to require keys, bind to 127.0.0.1, or set REQUIRE_API_KEY=false to accept the risk.",
    );
  }

  const gateway = createGateway({
    config: runtime.configStore,
    usage: runtime.usageSink,
    logger,
    digestClientKey: runtime.digestClientKey,
    onClientKeyUsed: runtime.onClientKeyUsed,
    budgets: runtime.usageAccounting.budgets,
    // Quota windows the subscription backends report (headers, error bodies) feed the per-account quota view.
    quota: runtime.usageAccounting.quota,
    // The request log's body copies (only for requests it keeps content for; nothing is copied while it is off).
    requestCapture: runtime.usageAccounting.requestLogs.capture,
    // Breaker thresholds per resilience profile, as stored (the config file's `resilience`, applied above).
    resilienceProfiles: resilienceProfilesOf(runtime.configDb.read().settings.resilience),
    version,
  });
  runtime.resilience = gateway.resilience;
  // A spent window (upstream-reported or counted from a declared window) holds its account until the reset.
  runtime.usageAccounting.quota.attachRouter(gateway.resilience.cooldowns);
  // Windows declared in the config file are counted from the stored usage now, so the first read already knows them.
  await runtime.usageAccounting.quota.refresh().catch((error: unknown) => logger.warn("quota windows not counted at start", { error: String(error) }));
  // Prometheus text at /metrics: with METRICS_TOKEN a scraper sends it as a bearer token; without, it needs a
  // dashboard session like /api (dashboard-guard.ts lists /metrics as protected).
  const metricsToken = env.METRICS_TOKEN || undefined;
  const handleMetrics = createMetricsHandler({
    token: metricsToken,
    render: () => runtime.usageAccounting.renderMetrics({ version, inFlight: () => gateway.inFlight, resilience: () => gateway.resilience.snapshot() }),
  });

  // Host allowlist, IP filter, same-origin /api, /v1 CORS, security headers (src/server/request-guards/).
  const requestGuards = createRequestGuards({
    bindHost: host,
    allowedHostsEnv: env.ALLOWED_HOSTS,
    dev: options.dev === true,
    readDocument: () => runtime.configDb.read(),
    isGatewayPath,
    onRefused: (code, fields) => logger.warn("request refused", { code, ...fields }),
  });

  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 });
  // Next's handler needs the final port; it is created right after listen.
  const nextHolder: { bridge?: NextBridge } = {};
  // Dashboard login: gates /dashboard and /api before Next sees them (src/server/dashboard-guard.ts).
  const guardDashboardRequest = createDashboardGuard({ configDb: runtime.configDb, auth: runtime.auth });
  const auditAdminRequest = createAdminRequestAudit({ auditLog: auditLogFor(runtime.sqlite), readDocument: () => runtime.configDb.read() });
  server.on("request", (request, response) => {
    if (requestGuards.handle(request, response)) return;
    const url = request.url ?? "/";
    if (isGatewayPath(url)) return gateway.handle(request, response);
    if (isMetricsPath(url)) {
      if (metricsToken !== undefined) return handleMetrics(request, response);
      void guardDashboardRequest(request, response).then((allowed) => {
        if (allowed) handleMetrics(request, response);
      });
      return;
    }
    void guardDashboardRequest(request, response).then((allowed) => {
      if (!allowed) return;
      // Every state-changing /api request is audited here, in one place (src/lib/server/audit/audit-admin-requests.ts).
      if (url.startsWith("/api/")) auditAdminRequest(request, response);
      nextHolder.bridge!.handle(request, response);
    });
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (error: NodeJS.ErrnoException) => {
      rejectListen(
        error.code === "EADDRINUSE"
          ? new CliUsageError(`Port ${port} on ${host} is already in use. Stop the other process or pass --port.`)
          : error,
      );
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolveListen();
    });
  }).catch(async (error: unknown) => {
    await runtime.close();
    throw error;
  });

  const boundPort = (server.address() as AddressInfo).port;
  const displayHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${displayHost}:${boundPort}`;
  runtime.publicUrl = url;
  publishRuntime(runtime);

  const nextBridge = startNext({
    dir: options.packageRoot,
    dev: options.dev === true,
    hostname: host,
    port: boundPort,
    onError: (error) => logger.error("dashboard error", { error: error instanceof Error ? error.message : String(error) }),
  });

  nextHolder.bridge = nextBridge;

  // After listen succeeded, so a start that fails cannot store a password nobody ever saw. Printed once,
  // after the banner, on stdout only: never through the logger, so no log file holds it.
  const { generated: generatedPassword } = await ensureDashboardPassword({ configDb: runtime.configDb, env });
  const requireApiKey = runtime.configStore.getSnapshot().settings.requireApiKey;
  const lines = [
    `omniroute ${version} is running`,
    `  API:        ${url}/v1`,
    `  Dashboard:  ${url}/dashboard`,
    `  Data dir:   ${runtime.dataDir}`,
    `  Database:   ${runtime.sqlite.driver}${runtime.sqlite.fallbackReason ? ` (better-sqlite3 did not load: ${runtime.sqlite.fallbackReason}; 'npm rebuild better-sqlite3' restores it)` : ""}`,
    `  Client key: ${requireApiKey ? "required on /v1" : "not required (loopback only)"}`,
  ];
  if (!loopback && !requireApiKey) {
    lines.push("  WARNING: bound to a non-loopback address with REQUIRE_API_KEY=false: anyone who can reach it can use your accounts.");
  }
  if (requireApiKey && runtime.configStore.getSnapshot().clientKeys.length === 0) {
    lines.push("  NOTE: no client API key exists yet: add one under apiKeys in the config file, or every /v1 call is refused.");
  }
  if (generatedPassword !== undefined) {
    lines.push("  Dashboard login: a password was generated; it is shown only this once:", `password: ${generatedPassword}`);
  }
  lines.push(...requestGuards.startupNotes());
  process.stdout.write(`${lines.join("\n")}\n`);
  if (cli.open) {
    void nextBridge.ready.then(() => openBrowser(`${url}/dashboard`));
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info("shutting down", { reason, inFlight: gateway.inFlight });
      server.close();
      server.closeIdleConnections();
      const cut = await gateway.drain(DRAIN_TIMEOUT_MS);
      if (cut > 0) logger.warn("drain timeout: closing remaining requests", { remaining: cut });
      server.closeAllConnections();
      // Give aborted requests one turn to record their usage rows before the final flush.
      await new Promise((resolveTurn) => setImmediate(resolveTurn));
      await gateway.drain(1_000);
      await nextBridge.close().catch(() => {});
      await gateway.close().catch(() => {});
      publishRuntime(undefined);
      await runtime.close();
    })();
    return stopping;
  };

  return { url, server, gateway, runtime, next: nextBridge, stop };
}
