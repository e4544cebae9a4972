import { CONFIG_SCHEMA_VERSION, emptyConfigDocument } from "./config-db-schema";

type RawDocument = Record<string, unknown>;

export interface ConfigDbMigration {
  /** Applies to documents at this version and yields `from + 1`. */
  from: number;
  description: string;
  migrate(document: RawDocument): RawDocument;
}

/**
 * One entry per schema bump, in order. A change to the document shape adds an entry here and raises
 * CONFIG_SCHEMA_VERSION; migrations work on raw JSON because old shapes no longer match the current types.
 */
export const configDbMigrations: readonly ConfigDbMigration[] = [
  {
    from: 0,
    description: "documents without schemaVersion (hand-written or pre-release): fill missing sections",
    migrate(document) {
      const empty = emptyConfigDocument();
      const settings = isRecord(document.settings) ? document.settings : {};
      return {
        ...document,
        schemaVersion: 1,
        settings: { ...empty.settings, ...settings },
        providers: document.providers ?? [],
        apiKeys: document.apiKeys ?? [],
        combos: document.combos ?? [],
      };
    },
  },
  {
    from: 1,
    description:
      "provider management: providers and accounts gain `enabled`, providers `customModels`, client keys `logRequestContent` " +
      "(written out explicitly; an omniroute that predates them refuses the newer version instead of failing on OAuth accounts)",
    migrate(document) {
      const providers = Array.isArray(document.providers)
        ? document.providers.map((provider) => {
            if (!isRecord(provider)) return provider;
            const accounts = Array.isArray(provider.accounts)
              ? provider.accounts.map((account) => (isRecord(account) ? { enabled: true, ...account } : account))
              : provider.accounts;
            return { enabled: true, customModels: [], ...provider, accounts };
          })
        : document.providers;
      const apiKeys = Array.isArray(document.apiKeys)
        ? document.apiKeys.map((apiKey) => (isRecord(apiKey) ? { logRequestContent: true, ...apiKey } : apiKey))
        : document.apiKeys;
      return { ...document, providers, apiKeys };
    },
  },
];

export class ConfigDbVersionError extends Error {
  override name = "ConfigDbVersionError";
}

/** Written by a newer omniroute: not damage, so it is refused without a corrupt copy. */
export class ConfigDbNewerVersionError extends ConfigDbVersionError {
  override name = "ConfigDbNewerVersionError";
  constructor(
    readonly version: number,
    readonly knownVersion: number,
    file?: string,
  ) {
    super(
      `${file === undefined ? "" : `config database ${file}: `}schemaVersion ${version} is newer than this omniroute understands (${knownVersion}); ` +
        `upgrade omniroute or restore a backup${file === undefined ? "" : ". The file was left untouched."}`,
    );
  }
}

/** The version a raw document declares: 0 when absent (pre-versioned), or an error for nonsense. */
export function documentVersion(document: RawDocument): number {
  const version = document.schemaVersion;
  if (version === undefined) return 0;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 0) {
    throw new ConfigDbVersionError("schemaVersion must be a non-negative integer");
  }
  return version;
}

export interface MigrationResult {
  document: RawDocument;
  fromVersion: number;
  migrated: boolean;
}

export function migrateConfigDocument(
  document: RawDocument,
  migrations: readonly ConfigDbMigration[] = configDbMigrations,
  targetVersion: number = CONFIG_SCHEMA_VERSION,
): MigrationResult {
  const fromVersion = documentVersion(document);
  if (fromVersion > targetVersion) {
    throw new ConfigDbNewerVersionError(fromVersion, targetVersion);
  }
  let current = document;
  for (let version = fromVersion; version < targetVersion; version++) {
    const migration = migrations.find((candidate) => candidate.from === version);
    if (migration === undefined) throw new ConfigDbVersionError(`no migration from schemaVersion ${version}`);
    current = { ...migration.migrate(current), schemaVersion: version + 1 };
  }
  return { document: current, fromVersion, migrated: fromVersion !== targetVersion };
}

export function isRecord(value: unknown): value is RawDocument {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
