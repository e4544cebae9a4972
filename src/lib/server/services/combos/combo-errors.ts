/** Input that failed validation: one `path: problem` line per issue. */
export class ComboInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid input: ${problems.join("; ")}`);
    this.name = "ComboInputError";
    this.problems = problems;
  }
}

export class ComboNotFoundError extends Error {
  constructor() {
    super("no combo with this name");
    this.name = "ComboNotFoundError";
  }
}

/** A combo name is a `model` value: it must not shadow another combo or a provider prefix. */
export class ComboNameTakenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComboNameTakenError";
  }
}
