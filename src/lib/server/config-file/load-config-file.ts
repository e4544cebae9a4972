import { readFileSync } from "node:fs";
import { configFileSchema, type ConfigFile } from "./config-file-schema";
import { describeJsonSyntaxError } from "./describe-json-syntax-error";
import { formatZodIssues } from "./format-zod-issues";

/** A config file the server must not start with. The message has one `path: problem` line per problem. */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
  /** The CLI's exit status for configuration errors (distinct from 1, a crash). */
  readonly exitCode = 2;
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(problems.join("\n"));
  }
}

/** Reads and validates a declarative config file (DESIGN.md §9). Nothing is written. */
export function loadConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigFileError(path, [`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "unknown error"}`]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, [`${describeJsonSyntaxError(text, error)} in ${path}`]);
  }
  const result = configFileSchema.safeParse(raw);
  if (!result.success) throw new ConfigFileError(path, formatZodIssues(result.error.issues, raw));
  return result.data;
}
