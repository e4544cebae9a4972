import { constants } from "node:fs";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { isDeepStrictEqual } from "node:util";
import { join } from "node:path";
import { Low } from "lowdb";
import { describeJsonSyntaxError } from "../config-file/describe-json-syntax-error";
import { formatZodIssues } from "../config-file/format-zod-issues";
import { AtomicJsonFileAdapter, removeStaleTempFiles } from "./atomic-json-file-adapter";
import { ConfigDbNewerVersionError, ConfigDbVersionError, isRecord, migrateConfigDocument } from "./config-db-migrations";
import { configDocumentSchema, emptyConfigDocument, type ConfigDocument } from "./config-db-schema";

export interface ConfigDb {
  readonly file: string;
  /** The current document, from memory and deep-frozen: change it only through `update`. */
  read(): ConfigDocument;
  /**
   * Applies `mutator` to a copy, validates the result and writes it atomically. Updates run one at a time
   * in call order; an update that changes nothing writes nothing and notifies nobody.
   */
  update(mutator: (draft: ConfigDocument) => void): Promise<void>;
  /** Called after each write that changed the document. Returns an unsubscribe function. */
  onChange(listener: (document: ConfigDocument) => void): () => void;
}

export interface OpenConfigDbOptions {
  file: string;
  backupsDir: string;
  /** For deterministic backup names in tests. */
  now?: () => Date;
}

export class ConfigDbCorruptError extends Error {
  override name = "ConfigDbCorruptError";
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly corruptCopy: string | undefined,
  ) {
    const copyNote = corruptCopy === undefined ? "no copy could be saved" : `a copy was saved as ${corruptCopy}`;
    super(
      `config database ${file} is corrupt: ${problem}. The file was left untouched and ${copyNote}. ` +
        "Fix it or restore a backup, then start omniroute again.",
    );
  }
}

/** An update whose result would not be a valid document; nothing was written. */
export class ConfigDbValidationError extends Error {
  override name = "ConfigDbValidationError";
  constructor(readonly problems: readonly string[]) {
    super(`config update rejected: ${problems.join("; ")}`);
  }
}

export async function openConfigDb(options: OpenConfigDbOptions): Promise<ConfigDb> {
  const { file, backupsDir } = options;
  const now = options.now ?? (() => new Date());
  const adapter = new AtomicJsonFileAdapter<ConfigDocument>(file);
  const low = new Low<ConfigDocument>(adapter, emptyConfigDocument());

  await removeStaleTempFiles(file);
  const text = await readExisting(file);
  let document: ConfigDocument;
  if (text === undefined) {
    document = emptyConfigDocument();
    await low.adapter.write(document);
  } else {
    document = await loadExisting({ file, backupsDir, text, now, write: (next) => low.adapter.write(next) });
  }
  low.data = document;

  let current = deepFreeze(document);
  const listeners = new Set<(document: ConfigDocument) => void>();
  let queue: Promise<void> = Promise.resolve();

  const applyUpdate = async (mutator: (draft: ConfigDocument) => void): Promise<void> => {
    const draft = structuredClone(current) as ConfigDocument;
    mutator(draft);
    const result = configDocumentSchema.safeParse(draft);
    if (!result.success) throw new ConfigDbValidationError(formatZodIssues(result.error.issues, draft));
    if (isDeepStrictEqual(result.data, current)) return;
    low.data = result.data;
    await low.write();
    current = deepFreeze(result.data);
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        // The write already happened; a failing listener must not turn a saved change into a reported failure.
        console.error("config change listener failed:", error);
      }
    }
  };

  return {
    file,
    read: () => current,
    update(mutator) {
      const run = queue.then(() => applyUpdate(mutator));
      queue = run.catch(() => undefined);
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read config database ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
}

interface LoadExistingInput {
  file: string;
  backupsDir: string;
  text: string;
  now: () => Date;
  write: (document: ConfigDocument) => Promise<void>;
}

async function loadExisting(input: LoadExistingInput): Promise<ConfigDocument> {
  const { file, text, now } = input;
  const corrupt = async (problem: string) => new ConfigDbCorruptError(file, problem, await saveCorruptCopy(file, now()));

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw await corrupt(describeJsonSyntaxError(text, error));
  }
  if (!isRecord(raw)) throw await corrupt("the top level is not a JSON object");

  let migration;
  try {
    migration = migrateConfigDocument(raw);
  } catch (error) {
    if (error instanceof ConfigDbNewerVersionError) throw new ConfigDbNewerVersionError(error.version, error.knownVersion, file);
    if (error instanceof ConfigDbVersionError) throw await corrupt(error.message);
    throw error;
  }

  const result = configDocumentSchema.safeParse(migration.document);
  if (!result.success) throw await corrupt(formatZodIssues(result.error.issues, migration.document).slice(0, 5).join("; "));

  if (migration.migrated) {
    await mkdir(input.backupsDir, { recursive: true, mode: 0o700 });
    const backup = join(input.backupsDir, `db-v${migration.fromVersion}-${fileTimestamp(now())}.json`);
    await copyFile(file, backup, constants.COPYFILE_EXCL);
    await input.write(result.data);
  }
  return result.data;
}

async function saveCorruptCopy(file: string, at: Date): Promise<string | undefined> {
  const copy = `${file}.corrupt-${fileTimestamp(at)}`;
  try {
    await copyFile(file, copy, constants.COPYFILE_EXCL);
    return copy;
  } catch (error) {
    // Same boot retried within a millisecond: the copy already holds these bytes.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return copy;
    return undefined;
  }
}

/** ISO time without `:` or `.`, valid in file names everywhere. */
function fileTimestamp(at: Date): string {
  return at.toISOString().replace(/[:.]/g, "-");
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
