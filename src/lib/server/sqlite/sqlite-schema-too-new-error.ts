/**
 * The database was written by a newer omniroute. We refuse to touch it: an older schema's code could
 * misread or corrupt tables it does not know.
 */
export class SqliteSchemaTooNewError extends Error {
  override readonly name = "SqliteSchemaTooNewError";
  readonly file: string;
  readonly databaseVersion: number;
  readonly knownVersion: number;

  constructor(file: string, databaseVersion: number, knownVersion: number) {
    super(
      `${file} has schema version ${databaseVersion}, but this omniroute only knows up to version ` +
        `${knownVersion}: it was written by a newer omniroute. Upgrade omniroute, or restore a backup ` +
        "made by this version. The database was not modified.",
    );
    this.file = file;
    this.databaseVersion = databaseVersion;
    this.knownVersion = knownVersion;
  }
}
