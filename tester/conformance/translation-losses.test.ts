// node --import tsx --test tester/conformance/translation-losses.test.ts

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

import { repoRoot } from "../lib/start-omniroute";
import { multiTurnIds } from "./multi-turn";
import { LOSS_CHECKS } from "./translation-loss-checks";
import { TRANSLATION_LOSSES } from "./translation-losses";

describe("translation-losses", () => {
  it("has unique ids and names only engine files that exist", () => {
    assert.equal(new Set(TRANSLATION_LOSSES.map((entry) => entry.id)).size, TRANSLATION_LOSSES.length);
    const missing = TRANSLATION_LOSSES.flatMap((entry) => entry.source.filter((file) => !existsSync(path.join(repoRoot, "open-sse", "src", file))).map((file) => `${entry.id}: ${file}`));
    assert.deepEqual(missing, []);
  });

  it("refers only to checks that exist, and every check backs an entry", () => {
    const referenced = new Set(TRANSLATION_LOSSES.flatMap((entry) => (entry.proof.kind === "checks" ? entry.proof.checks : [])));
    const defined = new Set(LOSS_CHECKS.map((check) => check.id));
    assert.deepEqual([...referenced].filter((id) => !defined.has(id)), []);
    assert.deepEqual([...defined].filter((id) => !referenced.has(id)), []);
  });

  it("points every multi-turn proof at cells that exist", () => {
    const ids = multiTurnIds();
    const empty = TRANSLATION_LOSSES.filter((entry) => entry.proof.kind === "multi-turn" && !ids.some((id) => entry.proof.kind === "multi-turn" && entry.proof.cells.test(id)));
    assert.deepEqual(empty.map((entry) => entry.id), []);
  });
});
