import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configDbMigrations, ConfigDbNewerVersionError, ConfigDbVersionError, migrateConfigDocument, type ConfigDbMigration } from "./config-db-migrations";

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

describe("the shipped migrations", () => {
  it("1 → 2 writes enabled, customModels and logRequestContent without touching what is set", () => {
    const { document } = migrateConfigDocument(
      {
        schemaVersion: 1,
        providers: [{ id: "p", accounts: [{ id: "a" }, { id: "b", enabled: false }] }, { id: "q", enabled: false, customModels: [{ id: "m" }], accounts: [] }],
        apiKeys: [{ id: "k" }, { id: "l", logRequestContent: false }],
      },
      configDbMigrations,
      2,
    );
    assert.deepEqual(document, {
      schemaVersion: 2,
      providers: [
        { enabled: true, customModels: [], id: "p", accounts: [{ enabled: true, id: "a" }, { enabled: false, id: "b" }] },
        { enabled: false, customModels: [{ id: "m" }], id: "q", accounts: [] },
      ],
      apiKeys: [{ logRequestContent: true, id: "k" }, { logRequestContent: false, id: "l" }],
    });
  });
});
