/** Input that failed validation: one `path: problem` line per issue (never the submitted values). */
export class ProviderInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid input: ${problems.join("; ")}`);
    this.name = "ProviderInputError";
    this.problems = problems;
  }
}

/** No such provider, connection, node, custom model or alias; the message names which. */
export class ProviderNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderNotFoundError";
  }
}

/** The request is valid but clashes with what is stored (a taken name or prefix, the one-connection rule). */
export class ProviderConflictError extends Error {
  constructor(
    readonly code: "name_taken" | "prefix_taken" | "connection_limit" | "model_exists" | "alias_taken",
    message: string,
  ) {
    super(message);
    this.name = "ProviderConflictError";
  }
}

/** The upstream answered, but not with what was asked (a model list that is not one); never its body. */
export class UpstreamAnswerError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = "UpstreamAnswerError";
  }
}
