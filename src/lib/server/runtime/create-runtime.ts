import type { ConfigStore, GatewaySnapshot, ResilienceState } from "@omniroute/open-sse";
import { createClientKeyDigester } from "../../../../open-sse/src/security/client-key-digest";
import { applyConfigFile } from "../config-file/apply-config-file";
import { createAuthRuntime, type AuthRuntime } from "../auth/auth-runtime";
import type { ConfigFile } from "../config-file/config-file-schema";
import { createSnapshotStore } from "../config-db/build-gateway-snapshot";
import { openConfigDb, type ConfigDb } from "../config-db/open-config-db";
import { prepareDataDir, resolveDataDir, type DataDirPaths } from "../data-dir/resolve-data-dir";
import { createLogger, type HostLogger } from "../logging/create-logger";
import { deriveMachineId } from "../secrets/derive-machine-id";
import { loadOrCreateSecret } from "../secrets/load-or-create-secret";
import { checkSqliteHealth } from "../sqlite/check-sqlite-health";
import { migrateSqlite } from "../sqlite/migrate-sqlite";
import { openSqlite } from "../sqlite/open-sqlite";
import type { SqliteDatabase } from "../sqlite/sqlite-database";
import { createUsageAccounting, type UsageAccounting } from "../usage/create-usage-accounting";
import { createKeyUseRecorder } from "../services/api-keys/record-key-use";
import { createOAuthService, type OAuthService } from "../oauth/oauth-service";
import { ProxyDispatchers } from "../../../../open-sse/src/upstream/proxy/proxy-dispatchers";
import { resolveProxyUrl } from "../../../../open-sse/src/upstream/proxy/resolve-proxy-url";
import type { HealthReport, OmnirouteRuntime } from "./runtime-types";

export interface CreateRuntimeOptions {
  cliDataDir?: string | undefined;
  env: NodeJS.ProcessEnv;
  version: string;
  /** What `requireApiKey` means when nothing set it: on for non-loopback binds. */
  defaultRequireApiKey: boolean;
  /** REQUIRE_API_KEY from the environment wins over the stored setting. */
  requireApiKeyOverride?: boolean | undefined;
  /** Whether the server binds a loopback address (login may be turned off only then). Unset: treated as not. */
  loopbackBind?: boolean;
}

export interface HostRuntime extends OmnirouteRuntime {
  paths: DataDirPaths;
  configDb: ConfigDb;
  /** Encrypts provider keys, OAuth tokens and proxy passwords at rest (services/providers, oauth, settings/proxy). */
  storageKey: Buffer;
  sqlite: SqliteDatabase;
  logger: HostLogger;
  digestClientKey: (key: string) => Buffer;
  /** For `GatewayPorts.onClientKeyUsed`: debounced `lastUsedAt` writes (services/api-keys/record-key-use.ts). */
  onClientKeyUsed: (keyId: string) => void;
  /** Dashboard session secret, login limiter, bind facts (src/lib/server/auth/auth-runtime.ts). */
  auth: AuthRuntime;
  /** This installation's id for upstreams that want one, keyed by MACHINE_ID_SALT (derive-machine-id.ts). */
  machineId: string;
  /** Pricing, the priced usage sink, budgets (`GatewayPorts.budgets`) and `/metrics` (src/lib/server/usage/create-usage-accounting.ts). */
  usageAccounting: UsageAccounting;
  /** The engine's breakers and cooldowns, set by the server once the gateway exists (for /api/resilience). */
  resilience?: ResilienceState;
  /** OAuth logins (/api/oauth), the token manager behind OAuth accounts, upstream quota (src/lib/server/oauth). */
  oauth: OAuthService;
  /**
   * Outbound-proxy dispatchers for the host's own upstream traffic (OAuth, the providers API's key tests and model
   * lists), one per proxy URL: a connection set to use a proxy is probed through it, never directly.
   */
  proxyDispatchers: ProxyDispatchers;
  applyConfigFile(file: ConfigFile): Promise<Awaited<ReturnType<typeof applyConfigFile>>>;
}

/**
 * Opens everything a process needs, in an order where a failure leaves no half-open state: data dir,
 * secrets, db.json (migrated, backed up), SQLite (migrated, backed up), usage batching, logging.
 */
export async function createRuntime(options: CreateRuntimeOptions): Promise<HostRuntime> {
  const paths = prepareDataDir(resolveDataDir({ cliDataDir: options.cliDataDir, env: options.env }));
  const storageKey = loadOrCreateSecret({ secretsDir: paths.secretsDir, name: "storage-key", envValue: options.env.STORAGE_ENCRYPTION_KEY });
  const apiKeySecret = loadOrCreateSecret({ secretsDir: paths.secretsDir, name: "api-key-secret", envValue: options.env.API_KEY_SECRET });
  const machineIdSalt = loadOrCreateSecret({ secretsDir: paths.secretsDir, name: "machine-id-salt", envValue: options.env.MACHINE_ID_SALT });
  const auth = createAuthRuntime({ secretsDir: paths.secretsDir, env: options.env, loopbackBind: options.loopbackBind === true });
  const logger = createLogger({ logsDir: paths.logsDir, requestLinesOnConsole: options.env.LOG_REQUESTS !== "false" });

  const configDb = await openConfigDb({ file: paths.configDbFile, backupsDir: paths.backupsDir });
  const sqlite = openSqlite(paths.sqliteFile);
  try {
    const migration = await migrateSqlite(sqlite, { file: paths.sqliteFile, backupDir: paths.backupsDir, appVersion: options.version });
    if (migration.from !== migration.to && migration.from > 0) {
      logger.info("database upgraded", { from: migration.from, to: migration.to, backup: migration.backupFile });
    }
  } catch (error) {
    sqlite.close();
    throw error;
  }

  // Rows are priced here, on the host, as they are recorded; budgets settle from them; rollups and retention run hourly.
  const usageAccounting = createUsageAccounting({ sqlite, configDb, logger });
  // OAuth traffic (token refresh, device polling, onboarding, quota) goes through the same proxy a request to
  // that account would; a provider not yet in the snapshot (its first login) gets the environment's proxy only.
  const oauthProxies = new ProxyDispatchers({ socks5Enabled: options.env.ENABLE_SOCKS5_PROXY === "true" });
  // Filled once the snapshot store exists (it needs the token manager made here first).
  const snapshotHolder: { store?: ConfigStore } = {};
  // Before the snapshot store: OAuth accounts get their credentials from its token manager. A bad
  // OMNIROUTE_OAUTH_OVERRIDES fails the start here, naming the variable.
  const oauth = createOAuthService({
    configDb,
    storageKey,
    env: options.env,
    logger,
    httpOptions: {
      dispatcherFor: ({ providerId, accountId, url }) => {
        const provider = snapshotHolder.store?.getSnapshot().providers.get(providerId);
        const account = accountId === undefined ? undefined : provider?.accounts.find((candidate) => candidate.id === accountId);
        const proxyUrl = resolveProxyUrl({ provider, account, targetUrl: url, env: options.env });
        return proxyUrl === undefined ? undefined : oauthProxies.get(proxyUrl);
      },
    },
  });
  const snapshotStore = createSnapshotStore({
    configDb,
    storageKey,
    apiKeySecret,
    defaultRequireApiKey: options.defaultRequireApiKey,
    credentialsFor: (providerId, accountId) => oauth.credentialsFor(providerId, accountId),
  });
  snapshotHolder.store = snapshotStore;
  const configStore = withRequireApiKeyOverride(snapshotStore, options.requireApiKeyOverride);
  const keyUse = createKeyUseRecorder({
    configDb,
    onError: (error) => logger.warn("lastUsedAt write failed", { error: error instanceof Error ? error.message : String(error) }),
  });

  let closed = false;
  const runtime: HostRuntime = {
    version: options.version,
    dataDir: paths.dataDir,
    startedAt: Date.now(),
    publicUrl: "",
    paths,
    configDb,
    storageKey,
    sqlite,
    logger,
    configStore,
    proxyDispatchers: oauthProxies,
    usageSink: usageAccounting.usageSink,
    usageAccounting,
    digestClientKey: createClientKeyDigester(apiKeySecret),
    onClientKeyUsed: (keyId) => keyUse.onClientKeyUsed(keyId),
    auth,
    machineId: deriveMachineId(machineIdSalt),
    oauth,
    applyConfigFile: (file) => {
      oauth.setConfigOverrides(file.oauth);
      return applyConfigFile(configDb, file, { apiKeySecret, storageKey });
    },
    checkHealth(): HealthReport {
      const checks = [...checkSqliteHealth(sqlite)];
      try {
        configDb.read();
        checks.push({ name: "config.read", ok: true });
      } catch (error) {
        checks.push({ name: "config.read", ok: false, detail: error instanceof Error ? error.message : String(error) });
      }
      return { ok: checks.every((check) => check.ok), checks };
    },
    async close() {
      if (closed) return;
      closed = true;
      await oauth.close();
      await oauthProxies.close();
      await keyUse.close();
      await usageAccounting.close();
      sqlite.close();
      await logger.close();
    },
  };
  return runtime;
}

/** Applies REQUIRE_API_KEY on top of the stored setting, keeping one snapshot object per config version. */
function withRequireApiKeyOverride(store: ConfigStore, override: boolean | undefined): ConfigStore {
  if (override === undefined) return store;
  let source: GatewaySnapshot | undefined;
  let derived: GatewaySnapshot | undefined;
  return {
    getSnapshot() {
      const current = store.getSnapshot();
      if (current !== source) {
        source = current;
        derived = { ...current, settings: { ...current.settings, requireApiKey: override } };
      }
      return derived!;
    },
  };
}
