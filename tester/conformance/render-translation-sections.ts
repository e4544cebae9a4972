// The two doc sections about translation itself: what each (client × upstream) translation drops or flattens
// (translation-losses.ts, with the verdicts of the checks behind it) and the multi-turn cells.

import type { UpstreamProtocol } from "../mock-upstream/wire-replay-server";
import type { ClientFormat } from "./client-outcome";
import { CLIENT_FORMATS } from "./client-outcome";
import { KNOWN_RED_MULTI_TURN } from "./documented-limitations";
import { PROTOCOLS } from "./fixture-catalog";
import { HISTORY_MODES, HISTORY_ROWS, multiTurnId } from "./multi-turn";
import type { MultiTurnResult } from "./multi-turn";
import type { MatrixResult } from "./run-matrix";
import { LOSS_TOPICS, TRANSLATION_LOSSES } from "./translation-losses";
import type { LossProof, TranslationLoss } from "./translation-losses";

export const CLIENT_TITLE: Record<ClientFormat, string> = {
  "openai-chat": "OpenAI Chat",
  "openai-responses": "OpenAI Responses",
  anthropic: "Anthropic",
  gemini: "Gemini",
  ollama: "Ollama",
};

export const UPSTREAM_TITLE: Record<UpstreamProtocol, string> = {
  "openai-chat": "OpenAI Chat",
  "openai-responses": "OpenAI Responses",
  claude: "Anthropic",
  gemini: "Gemini",
};

/** The client format whose requests go upstream unchanged to `upstream` (same wire format). */
const SAME_FORMAT_CLIENT: Record<UpstreamProtocol, ClientFormat> = { "openai-chat": "openai-chat", "openai-responses": "openai-responses", claude: "anthropic", gemini: "gemini" };

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function appliesTo(entry: TranslationLoss, client: ClientFormat, upstream: UpstreamProtocol): boolean {
  const passthrough = SAME_FORMAT_CLIENT[upstream] === client;
  const scope = entry.scope ?? "translated";
  if (scope !== "both" && (scope === "passthrough") !== passthrough) return false;
  return (entry.from === "any" || entry.from.includes(client)) && (entry.to === "any" || entry.to.includes(upstream));
}

function tally(verdicts: Array<"pass" | "fail" | "known">): string {
  if (verdicts.length === 0) return "not run";
  const pass = verdicts.filter((verdict) => verdict === "pass").length;
  const known = verdicts.filter((verdict) => verdict === "known").length;
  const fail = verdicts.length - pass - known;
  const mark = fail > 0 ? "❌" : known > 0 ? "⚠️" : "✅";
  return `${mark} ${pass}/${verdicts.length}${known > 0 ? ` (${known} documented)` : ""}`;
}

function proofText(proof: LossProof, result: MatrixResult): string {
  switch (proof.kind) {
    case "checks":
      return proof.checks.map((id) => `${tally(result.lossChecks.filter((check) => check.checkId === id).map((check) => check.verdict))} check \`${id}\``).join("; ");
    case "multi-turn": {
      // A cell counts against the entry only through the problems that concern it (others have entries of their own).
      const verdicts = result.multiTurn
        .filter((cell) => proof.cells.test(cell.id))
        .map((cell) => (cell.problems.some((problem) => proof.problems.test(problem)) ? (cell.verdict === "known" ? "known" : "fail") : "pass"));
      return `${tally(verdicts)} multi-turn cells`;
    }
    case "matrix":
      return `matrix: ${proof.note}`;
    case "unit-tests":
      return `unit tests: ${proof.note}`;
  }
}

function endpoints(value: readonly string[] | "any", titles: Record<string, string>): string {
  return value === "any" ? "any" : value.map((item) => titles[item] ?? item).join(", ");
}

export function lossesSection(result: MatrixResult): string[] {
  const number = new Map(TRANSLATION_LOSSES.map((entry, index) => [entry.id, index + 1]));
  const everywhere = TRANSLATION_LOSSES.filter((entry) => entry.from === "any" && entry.to === "any" && (entry.scope ?? "translated") === "translated");
  const lines = [
    "Generated from `tester/conformance/translation-losses.ts`, whose entries were read from the codecs (`open-sse/src/formats/*`,",
    "`core/`, `policies/`); each names the code that does it and how this run proves it: a check of",
    "`translation-loss-checks.ts` (one crafted request per upstream format, the request the mock recorded compared with",
    "the entry), the multi-turn cells below, the matrix, or — where a check is not cheap — the codec's unit tests.",
    "Everything not listed here is carried across (the matrix proves the answers; the multi-turn cells the history).",
    "",
    "### Which entries apply to which translation",
    "",
    `Every translated pair: ${everywhere.map((entry) => `#${number.get(entry.id)}`).join(", ")}. Same-format pairs (**passthrough**) are forwarded byte for byte with the model id replaced; only the entries listed in their cell concern them.`,
    "",
    `| client ↓ / upstream → | ${PROTOCOLS.map((upstream) => UPSTREAM_TITLE[upstream]).join(" | ")} |`,
    `|---|${PROTOCOLS.map(() => "---").join("|")}|`,
  ];
  for (const client of CLIENT_FORMATS) {
    const cells = PROTOCOLS.map((upstream) => {
      const entries = TRANSLATION_LOSSES.filter((entry) => !everywhere.includes(entry) && appliesTo(entry, client, upstream));
      const numbers = entries.map((entry) => `#${number.get(entry.id)}`).join(" ");
      return SAME_FORMAT_CLIENT[upstream] === client ? `**passthrough** ${numbers}` : numbers;
    });
    lines.push(`| ${CLIENT_TITLE[client]} | ${cells.join(" | ")} |`);
  }
  for (const topic of LOSS_TOPICS) {
    lines.push("", `### ${topic}`, "", "| # | from → to | feature | what we do | why | proof |", "|---|---|---|---|---|---|");
    for (const entry of TRANSLATION_LOSSES.filter((candidate) => candidate.topic === topic)) {
      const gap = entry.gap === undefined ? "" : ` **Gap:** ${entry.gap}`;
      const source = entry.source.map((file) => `\`${file}\``).join(", ");
      lines.push(
        `| ${number.get(entry.id)} | ${endpoints(entry.from, CLIENT_TITLE)} → ${endpoints(entry.to, UPSTREAM_TITLE)} | ${cell(entry.feature)} | ${cell(entry.handling + gap)} | ${cell(entry.why)} | ${cell(proofText(entry.proof, result))}; code: ${source} |`,
      );
    }
  }
  const red = result.lossChecks.filter((check) => check.verdict === "fail");
  lines.push("", "### Checks behind the entries", "");
  if (result.lossChecks.length === 0) lines.push("Not run (a filtered run).");
  for (const check of red) lines.push(`- ❌ \`${check.id}\` (${CLIENT_TITLE[check.client]} client): ${check.problems.join("; ")}`, "", "```", check.evidence, "```", "");
  if (result.lossChecks.length > 0) {
    const ids = [...new Set(result.lossChecks.map((check) => check.checkId))];
    lines.push(`| check | client | ${PROTOCOLS.map((upstream) => UPSTREAM_TITLE[upstream]).join(" | ")} |`, `|---|---|${PROTOCOLS.map(() => ":-:").join("|")}|`);
    for (const id of ids) {
      const checks = result.lossChecks.filter((check) => check.checkId === id);
      const marks = PROTOCOLS.map((upstream) => {
        const found = checks.find((check) => check.upstream === upstream);
        return found === undefined ? "·" : found.verdict === "pass" ? "✅" : "❌";
      });
      lines.push(`| \`${id}\`: ${cell(checks[0]!.title)} | ${CLIENT_TITLE[checks[0]!.client]} | ${marks.join(" | ")} |`);
    }
  }
  return lines;
}

const MARK = { pass: "✅", fail: "❌", known: "⚠️" } as const;

export function multiTurnSection(results: MultiTurnResult[]): string[] {
  if (results.length === 0) return ["Not run (a filtered run)."];
  const count = (verdict: MultiTurnResult["verdict"]) => results.filter((result) => result.verdict === verdict).length;
  const lines = [
    "Each client format holds a conversation through the gateway: a system prompt, a question, assistant turns answered",
    "by recorded upstream answers (reasoning with its token, then a tool call), each kept in the client's history exactly",
    "as the client received it (its SDK's parsed result — JSON, or the stream the SDK accumulated; Ollama: fetch and the",
    "NDJSON reader), the tool calls answered with results. The conversation then goes to every upstream format, and the",
    "request the mock recorded for that last call is checked: every tool call paired with its result in the target's",
    "way (and the result's text there), the system prompt exactly once and where the target reads it, every earlier",
    "assistant text present as the model wrote it, no `omr1.`/`omr1r.` envelope and no token another provider issued,",
    "the target's own tokens back where it reads them (clients that can carry tokens: Anthropic, Responses, Gemini), and",
    "what the target would refuse: Anthropic thinking on while the continued tool turn does not start with a thinking",
    "block, a Gemini 3 function call of the current turn without a `thoughtSignature`. Every last request asks for",
    "reasoning, as Claude Code, Codex and Gemini CLI do.",
    "",
    `**${results.length} cells: ${count("pass")} ✅, ${count("fail")} ❌, ${count("known")} ⚠️ documented.**`,
    "",
    "History rows (the earlier assistant turns came from):",
    "",
    ...HISTORY_ROWS.map((row) => `- \`${row.id}\`: ${row.title} — ${row.turns.map((turn) => `\`${turn.protocol}/${turn.fixture}\``).join(", ")}`),
    "",
    `| client | history | ${PROTOCOLS.flatMap((upstream) => HISTORY_MODES.map((mode) => `→ ${UPSTREAM_TITLE[upstream]} (${mode})`)).join(" | ")} |`,
    `|---|---|${PROTOCOLS.flatMap(() => HISTORY_MODES.map(() => ":-:")).join("|")}|`,
  ];
  for (const client of CLIENT_FORMATS) {
    for (const row of HISTORY_ROWS) {
      const marks = PROTOCOLS.flatMap((upstream) =>
        HISTORY_MODES.map((mode) => {
          const found = results.find((result) => result.id === multiTurnId(client, row.id, mode, upstream));
          return found === undefined ? "·" : MARK[found.verdict];
        }),
      );
      lines.push(`| ${CLIENT_TITLE[client]} | \`${row.id}\` | ${marks.join(" | ")} |`);
    }
  }
  lines.push("", "✅ pass · ❌ fail · ⚠️ red for a documented reason (below) · the Claude column of `claude-gpt` is the Claude → GPT → Claude hop", "");
  const red = results.filter((result) => result.verdict === "fail");
  if (red.length === 0) lines.push("No red multi-turn cells outside the documented ones.");
  else {
    lines.push("### Red multi-turn cells", "");
    const groups = new Map<string, MultiTurnResult[]>();
    for (const result of red) {
      // One root cause reads as one entry: quoted texts, tokens and positions do not split a group.
      const key = result.problems.map((problem) => problem.replace(/".*$/, "…").replace(/\S{20,}…?/g, "…").replace(/(messages|contents|input)\[\d+\]/g, "[n]").replace(/starts with \w+/, "starts with …")).join(" / ");
      groups.set(key, [...(groups.get(key) ?? []), result]);
    }
    for (const group of groups.values()) {
      const first = group[0]!;
      lines.push(`- **${cell(first.problems.join("; "))}** — ${group.length} cell${group.length === 1 ? "" : "s"}: ${group.map((result) => `\`${result.id.replace("multi-turn:", "")}\``).join(", ")}`);
      lines.push("", `  Evidence for \`${first.id}\`: what the gateway sent upstream (clipped):`, "", "  ```json", `  ${JSON.stringify(first.upstreamRequest?.body ?? null).slice(0, 1_500)}`, "  ```", "");
    }
  }
  lines.push("", "Red multi-turn cells accepted for a documented reason:", "");
  lines.push(...KNOWN_RED_MULTI_TURN.map((entry) => `- \`${entry.cells.source}\`: ${entry.reason}`));
  return lines;
}
