/** Input that failed validation: one `path: problem` line per issue (never the submitted values). */
export class ApiKeyInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid input: ${problems.join("; ")}`);
    this.name = "ApiKeyInputError";
    this.problems = problems;
  }
}

export class ApiKeyNotFoundError extends Error {
  constructor() {
    super("no API key with this id");
    this.name = "ApiKeyNotFoundError";
  }
}

/** Names must be unique: the config file upserts keys by name and would otherwise overwrite another key. */
export class ApiKeyNameTakenError extends Error {
  constructor() {
    super("name: another API key already has this name");
    this.name = "ApiKeyNameTakenError";
  }
}
