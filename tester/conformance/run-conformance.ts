// `npm run conformance`: runs the conformance matrix through a real omniroute server, prints a summary, writes
// docs/CONFORMANCE.md and the full evidence to tester/.tmp/conformance-results.json.
//   node --import tsx tester/conformance/run-conformance.ts [--filter REGEX]
// A filtered run prints and saves evidence but leaves docs/CONFORMANCE.md alone. Exit code 1 when a cell is red
// for a reason documented-limitations.ts does not explain.

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { repoRoot } from "../lib/start-omniroute";
import { fixturesAvailable } from "../mock-upstream/wire-replay-server";
import { describeMismatch, isPassthrough, renderConformanceDoc } from "./render-conformance-doc";
import { runMatrix } from "./run-matrix";

/** The commit the run describes; CONFORMANCE_COMMIT names it for a run from an exported tree (no .git). */
function commitOf(): string {
  if (process.env.CONFORMANCE_COMMIT) return process.env.CONFORMANCE_COMMIT;
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().length > 0;
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "unknown";
  }
}

async function main(): Promise<number> {
  const filterIndex = process.argv.indexOf("--filter");
  const filter = filterIndex === -1 ? undefined : new RegExp(process.argv[filterIndex + 1] ?? "");
  if (!fixturesAvailable()) {
    console.error("conformance: ../shared/fixtures/upstream is missing; nothing to replay.");
    return 2;
  }
  let done = 0;
  const result = await runMatrix({
    filter,
    onCell: (cell) => {
      done += 1;
      if (cell.verdict === "fail") console.log(`❌ ${cell.id}\n     ${cell.mismatches.map(describeMismatch).join("\n     ")}`);
      else if (done % 50 === 0) console.log(`… ${done} cells`);
    },
  });

  const count = (verdict: string) => result.cells.filter((cell) => cell.verdict === verdict).length;
  const grammarRed = result.grammar.filter((entry) => entry.violations.length > 0 && !isPassthrough(entry.fixtureLabel, entry.client));
  for (const entry of grammarRed) console.log(`❌ grammar ${entry.client} ← ${entry.fixtureLabel}: ${entry.violations.slice(0, 3).join("; ")}`);
  const multiTurnRed = result.multiTurn.filter((cell) => cell.verdict === "fail");
  for (const cell of multiTurnRed) console.log(`❌ ${cell.id}\n     ${cell.problems.join("\n     ")}`);
  const multiTurnKnown = result.multiTurn.filter((cell) => cell.verdict === "known").length;
  const lossRed = result.lossChecks.filter((check) => check.verdict === "fail");
  for (const check of lossRed) console.log(`❌ ${check.id}\n     ${check.problems.join("\n     ")}`);
  console.log(
    `\nconformance: ${result.cells.length} cells — ${count("pass")} pass, ${count("fail")} fail, ${count("known")} documented; ` +
      `grammar ${result.grammar.length - grammarRed.length}/${result.grammar.length}; ` +
      `multi-turn ${result.multiTurn.length - multiTurnRed.length - multiTurnKnown} pass, ${multiTurnRed.length} fail, ${multiTurnKnown} documented; ` +
      `loss checks ${result.lossChecks.length - lossRed.length}/${result.lossChecks.length}; ${(result.durationMs / 1000).toFixed(1)} s`,
  );

  console.log(`time: ${Object.entries(result.phasesMs).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ")}`);
  const evidenceDir = path.join(repoRoot, "tester", ".tmp");
  mkdirSync(evidenceDir, { recursive: true });
  writeFileSync(path.join(evidenceDir, "conformance-results.json"), JSON.stringify(result, null, 2));
  console.log(`evidence: ${path.relative(repoRoot, path.join(evidenceDir, "conformance-results.json"))}`);
  if (!filter) {
    const doc = renderConformanceDoc(result, { commit: commitOf(), generatedAt: new Date().toISOString().slice(0, 10) });
    writeFileSync(path.join(repoRoot, "docs", "CONFORMANCE.md"), doc);
    console.log("wrote docs/CONFORMANCE.md");
  }
  return count("fail") > 0 || grammarRed.length > 0 || multiTurnRed.length > 0 || lossRed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
