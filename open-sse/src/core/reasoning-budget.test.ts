import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { budgetForEffort, budgetOf, clampBudget, effortForBudget, effortOf } from "./reasoning-budget";

describe("reasoning budget ↔ effort", () => {
  it("round-trips every effort through its budget", () => {
    for (const effort of ["none", "minimal", "low", "medium", "high", "xhigh"] as const) {
      assert.equal(effortForBudget(budgetForEffort(effort)), effort, effort);
    }
  });

  it("maps budgets into bands: Claude Code's max_tokens−1 budget is the top effort", () => {
    assert.equal(effortForBudget(0), "none");
    assert.equal(effortForBudget(1_024), "minimal");
    assert.equal(effortForBudget(5_000), "low");
    assert.equal(effortForBudget(16_000), "medium");
    assert.equal(effortForBudget(24_000), "high");
    assert.equal(effortForBudget(31_999), "xhigh");
  });

  it("reads what a request means, however it was asked", () => {
    assert.equal(effortOf(undefined), undefined);
    assert.equal(effortOf({ mode: "disabled", effort: "high" }), "none");
    assert.equal(effortOf({ effort: "low", budgetTokens: 30_000 }), "low", "an explicit effort wins");
    assert.equal(effortOf({ budgetTokens: 30_000 }), "xhigh");
    assert.equal(effortOf({ mode: "adaptive" }), undefined);
    assert.equal(budgetOf({ mode: "disabled" }), 0);
    assert.equal(budgetOf({ budgetTokens: 2_000, effort: "high" }), 2_000, "an explicit budget wins");
    assert.equal(budgetOf({ effort: "medium" }), 12_288);
    assert.equal(budgetOf({ mode: "enabled" }), undefined);
  });

  it("clamps into a model's range", () => {
    assert.equal(clampBudget(50, 128, 32_768), 128);
    assert.equal(clampBudget(99_999, 128, 32_768), 32_768);
    assert.equal(clampBudget(1_000.4, 128, 32_768), 1_000);
  });
});
