// The conformance matrix under node --test: one test per cell and per stream-grammar check, against a real
// omniroute server and the wire replay mock. A red cell fails unless documented-limitations.ts explains it.
//   node --import tsx --test tester/conformance/conformance.test.ts

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { fixturesAvailable } from "../mock-upstream/wire-replay-server";
import { CLIENT_FORMATS } from "./client-outcome";
import { loadFixtureCases } from "./fixture-catalog";
import { multiTurnIds } from "./multi-turn";
import { lossCheckIds } from "./translation-loss-checks";
import { describeMismatch, isPassthrough } from "./render-conformance-doc";
import { buildCells, cellId, runMatrix } from "./run-matrix";
import type { MatrixResult } from "./run-matrix";

const available = fixturesAvailable();
const cells = available ? buildCells(loadFixtureCases()) : [];
let result: MatrixResult;

function evidence(id: string): string {
  const cell = result.cells.find((candidate) => candidate.id === id)!;
  const upstream = cell.upstream.map((request) => `${request.method} ${request.path} → ${request.served} ${request.status}`).join(", ") || "none";
  const wire = cell.wire.map((exchange) => `HTTP ${exchange.status}: ${exchange.responseText.slice(0, 600)}`).join("\n");
  return `${cell.mismatches.map(describeMismatch).join("\n")}\nupstream requests: ${upstream}\n${wire}`;
}

describe("conformance matrix", { skip: available ? false : "../shared/fixtures/upstream is missing" }, () => {
  before(async () => {
    result = await runMatrix();
  }, { timeout: 600_000 });

  for (const cell of cells) {
    const id = cellId(cell);
    it(id, () => {
      const found = result.cells.find((candidate) => candidate.id === id);
      assert.ok(found, `cell ${id} did not run`);
      if (found.verdict === "fail") assert.fail(`${id} is red:\n${evidence(id)}`);
    });
  }

  for (const id of multiTurnIds()) {
    it(id, () => {
      const found = result.multiTurn.find((candidate) => candidate.id === id);
      assert.ok(found, `cell ${id} did not run`);
      if (found.verdict === "fail") {
        assert.fail(`${id} is red:\n${found.problems.join("\n")}\nupstream request: ${JSON.stringify(found.upstreamRequest?.body ?? null).slice(0, 2_000)}`);
      }
    });
  }

  for (const id of lossCheckIds()) {
    it(id, () => {
      const found = result.lossChecks.find((candidate) => candidate.id === id);
      assert.ok(found, `check ${id} did not run`);
      if (found.verdict === "fail") assert.fail(`${id} is red:\n${found.problems.join("\n")}\n${found.evidence}`);
    });
  }

  it("streams follow each client format's grammar (translated streams; passthrough shows the upstream's own)", () => {
    assert.ok(result.grammar.length >= CLIENT_FORMATS.length, "grammar checks did not run");
    const red = result.grammar.filter((entry) => entry.violations.length > 0 && !isPassthrough(entry.fixtureLabel, entry.client));
    assert.deepEqual(red.map((entry) => `${entry.client} ← ${entry.fixtureLabel}: ${entry.violations.join("; ")}`), []);
  });
});
