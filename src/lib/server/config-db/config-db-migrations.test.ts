import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigDbNewerVersionError, ConfigDbVersionError, migrateConfigDocument, type ConfigDbMigration } from "./config-db-migrations";

describe("migrateConfigDocument", () => {
  const migrations: ConfigDbMigration[] = [
    { from: 1, description: "rename a to b", migrate: ({ a, ...rest }) => ({ ...rest, b: a }) },
    { from: 2, description: "double b", migrate: (document) => ({ ...document, b: Number(document.b) * 2 }) },
  ];

  it("applies each step in order from the document's version", () => {
    const result = migrateConfigDocument({ schemaVersion: 1, a: 21 }, migrations, 3);
    assert.deepEqual(result, { document: { schemaVersion: 3, b: 42 }, fromVersion: 1, migrated: true });
    assert.deepEqual(migrateConfigDocument({ schemaVersion: 2, b: 1 }, migrations, 3).document, { schemaVersion: 3, b: 2 });
  });

  it("leaves a current document alone", () => {
    const document = { schemaVersion: 3, b: 1 };
    assert.deepEqual(migrateConfigDocument(document, migrations, 3), { document, fromVersion: 3, migrated: false });
  });

  it("refuses newer versions, gaps and nonsense versions", () => {
    assert.throws(() => migrateConfigDocument({ schemaVersion: 4 }, migrations, 3), ConfigDbNewerVersionError);
    assert.throws(() => migrateConfigDocument({ schemaVersion: 0 }, migrations, 3), /no migration from schemaVersion 0/);
    assert.throws(() => migrateConfigDocument({ schemaVersion: "1" }, migrations, 3), ConfigDbVersionError);
  });
});
