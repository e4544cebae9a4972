// Renders a matrix run as docs/CONFORMANCE.md: generated, so every fact in it comes from the run.

import type { ClientFormat } from "./client-outcome";
import { CLIENT_FORMATS } from "./client-outcome";
import type { Mismatch } from "./compare-outcome";
import { FORMAT_LIMITATIONS, KNOWN_RED_CELLS } from "./documented-limitations";
import { CLIENT_TITLE, lossesSection, multiTurnSection } from "./render-translation-sections";
import type { CellResult, GrammarResult, MatrixResult } from "./run-matrix";

export interface RenderContext {
  commit: string;
  generatedAt: string;
}

const MARK = { pass: "✅", fail: "❌", known: "⚠️" } as const;
const EVIDENCE_LIMIT = 1_200;

function clip(value: string, limit: number): string {
  return value.length <= limit ? value : `${value.slice(0, limit)}… (${value.length - limit} more characters)`;
}

function show(value: unknown): string {
  return clip(typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "undefined", 160);
}

export function describeMismatch(mismatch: Mismatch): string {
  return `${mismatch.field}: expected ${show(mismatch.expected)}, got ${show(mismatch.actual)}`;
}

/** Same-format cells are byte passthrough in the gateway: what they show is the upstream's own wire. */
export function isPassthrough(fixtureLabel: string, client: ClientFormat): boolean {
  const upstream = fixtureLabel.split("/")[0];
  return (upstream === "claude" && client === "anthropic") || upstream === client;
}

function matrixTable(cells: CellResult[]): string[] {
  const fixtures = [...new Set(cells.map((cell) => cell.fixtureLabel))];
  const columns = CLIENT_FORMATS.flatMap((client) => [
    { client, stream: false, framing: "plain", title: `${CLIENT_TITLE[client]} JSON` },
    { client, stream: true, framing: "plain", title: `${CLIENT_TITLE[client]} stream` },
    { client, stream: true, framing: "adversarial", title: `${CLIENT_TITLE[client]} adversarial` },
  ]);
  const lines = [`| recording | ${columns.map((column) => column.title).join(" | ")} |`, `|---|${columns.map(() => ":-:").join("|")}|`];
  for (const fixture of fixtures) {
    const marks = columns.map((column) => {
      const cell = cells.find((candidate) => candidate.fixtureLabel === fixture && candidate.client === column.client && candidate.stream === column.stream && candidate.framing === column.framing);
      return cell ? MARK[cell.verdict] : "·";
    });
    lines.push(`| \`${fixture}\` | ${marks.join(" | ")} |`);
  }
  return lines;
}

function exchangeEvidence(cell: CellResult): string[] {
  const lines: string[] = [];
  for (const request of cell.upstream) {
    lines.push(`gateway → upstream: ${request.method} ${request.path} (served ${request.served}, status ${request.status})`);
    lines.push(clip(JSON.stringify(request.body), EVIDENCE_LIMIT));
  }
  if (cell.upstream.length === 0) lines.push("gateway → upstream: no request reached the mock");
  for (const exchange of cell.wire) {
    lines.push(`client → gateway: ${exchange.method} ${new URL(exchange.url).pathname}${new URL(exchange.url).search}`);
    lines.push(clip(exchange.requestBody, EVIDENCE_LIMIT));
    lines.push(`gateway → client: HTTP ${exchange.status} ${exchange.responseHeaders["content-type"] ?? ""}`);
    lines.push(clip(exchange.responseText, EVIDENCE_LIMIT * 2));
  }
  return lines;
}

/** Red cells, grouped by what went wrong so one root cause reads as one entry, with the first cell's exchange. */
function failureSection(cells: CellResult[]): string[] {
  const red = cells.filter((cell) => cell.verdict === "fail");
  if (red.length === 0) return ["No red cells outside the documented limitations."];
  const groups = new Map<string, CellResult[]>();
  for (const cell of red) {
    const key = `${cell.client}|${cell.fixtureLabel.split("/")[0]}|${cell.mismatches.map((mismatch) => mismatch.field).join(",")}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    lines.push(`### ${CLIENT_TITLE[first.client]} client ← ${first.fixtureLabel.split("/")[0]} upstream: ${first.mismatches.map((mismatch) => mismatch.field).join(", ")} (${group.length} cell${group.length === 1 ? "" : "s"})`, "");
    for (const cell of group) lines.push(`- \`${cell.id}\`: ${cell.mismatches.map(describeMismatch).join("; ")}`);
    lines.push("", `Evidence for \`${first.id}\` (model \`${first.model}\`):`, "", "```", ...exchangeEvidence(first), "```", "");
  }
  return lines;
}

function grammarSection(grammar: GrammarResult[]): string[] {
  if (grammar.length === 0) return ["Not run (a filtered run)."];
  const lines = ["| client format | recording | result |", "|---|---|---|"];
  for (const result of grammar) {
    const passthrough = isPassthrough(result.fixtureLabel, result.client) ? " (passthrough: the upstream's own bytes)" : "";
    const verdict = result.violations.length === 0 ? "✅" : `${passthrough ? "ℹ️" : "❌"} ${result.violations.slice(0, 4).join("; ").replace(/\|/g, "\\|")}`;
    lines.push(`| ${CLIENT_TITLE[result.client]} | \`${result.fixtureLabel}\`${passthrough} | ${clip(verdict, 400)} |`);
  }
  return lines;
}

export function renderConformanceDoc(result: MatrixResult, context: RenderContext): string {
  const count = (verdict: CellResult["verdict"]) => result.cells.filter((cell) => cell.verdict === verdict).length;
  const chatAnswers = result.cells.filter((cell) => cell.client === "openai-chat" && cell.observed.kind === "answer");
  const withReasoning = (cell: CellResult) => cell.observed.kind === "answer" && cell.observed.reasoningText.length > 0;
  const recordedReasoning = chatAnswers.filter((cell) => cell.expectedReasoning);
  const reasoningNote =
    `OpenAI Chat cells whose recording has reasoning text: ${recordedReasoning.length}; of these ${recordedReasoning.filter(withReasoning).length} received it as \`reasoning_content\`. ` +
    `Cells that received \`reasoning_content\` although the recording has none: ${chatAnswers.filter((cell) => !cell.expectedReasoning && withReasoning(cell)).length}.`;
  return [
    "# Conformance matrix",
    "",
    "> **Generated file — do not edit.** Written by `tester/conformance/run-conformance.ts`",
    `> (\`npm run conformance\`) on ${context.generatedAt} at commit \`${context.commit}\`. Re-run it to regenerate.`,
    "",
    "Every recorded provider answer in `../shared/fixtures/upstream/**` (both recorded forms: whole JSON and SSE",
    "chunks) is replayed by `tester/mock-upstream/wire-replay-server.ts` as that provider's upstream, and requested",
    "through a real omniroute server by each client format's official SDK (`openai` chat.completions and responses,",
    "`@anthropic-ai/sdk` messages, `@google/genai` models; Ollama's `POST /v1/api/chat`, which has no official SDK",
    "here, through fetch and an NDJSON reader), non-streaming and streaming. The client's parsed result is",
    "compared with values read independently from the recording (`tester/conformance/extract-*.ts`): text, whether",
    "reasoning text is present, tool calls (names and parsed arguments), finish reason in the client's vocabulary,",
    "and token usage (normalised: input includes cache reads and writes, output includes reasoning). The",
    "adversarial column replays each streamed recording with CRLF line ends, 3-byte writes and SSE comment lines.",
    "Recordings of failures (an in-stream error, a truncated event, a 429) must reach the client as an error.",
    "",
    `**${result.cells.length} cells: ${count("pass")} ✅ pass, ${count("fail")} ❌ fail, ${count("known")} ⚠️ red for a documented reason.** Run time ${(result.durationMs / 1000).toFixed(1)} s.`,
    "",
    `Multi-turn: **${result.multiTurn.length} cells: ${result.multiTurn.filter((cell) => cell.verdict === "pass").length} ✅, ${result.multiTurn.filter((cell) => cell.verdict === "fail").length} ❌, ${result.multiTurn.filter((cell) => cell.verdict === "known").length} ⚠️**; ` +
      `checks behind the translation-loss entries: **${result.lossChecks.filter((check) => check.verdict === "pass").length}/${result.lossChecks.length} ✅**.`,
    "",
    "Upstream of each row: `claude/` → Anthropic Messages (`up-claude`), `gemini/` → Gemini (`gemini`),",
    "`openai-chat/` → OpenAI Chat (`up-chat`), `openai-responses/` → OpenAI Responses (`up-responses`).",
    "Same-format cells (e.g. Anthropic client ← `claude/`) exercise the byte passthrough.",
    "",
    "## Matrix",
    "",
    ...matrixTable(result.cells),
    "",
    "✅ pass · ❌ fail · ⚠️ red, explained under Documented limitations · `·` not part of the matrix (the adversarial column is for streamed recordings)",
    "",
    "## Red cells",
    "",
    ...failureSection(result.cells),
    "",
    "## What each translation drops or flattens",
    "",
    ...lossesSection(result),
    "",
    "## Multi-turn conversations",
    "",
    ...multiTurnSection(result.multiTurn),
    "",
    "## Stream grammar (raw bytes, no SDK)",
    "",
    "Anthropic: `message_start`, nested `content_block_start/delta/stop` with matching delta types, `message_delta`, `message_stop`.",
    "OpenAI Chat: JSON chunks of one id, one finish_reason, with `stream_options.include_usage` one last usage chunk with `choices: []`, then `[DONE]`.",
    "Responses: `response.created` first, strictly increasing `sequence_number`, items opened and closed, `response.completed` last.",
    "Gemini: JSON chunks, the last with a `finishReason`, usage metadata present.",
    "Ollama: NDJSON, one object per line with one model and created_at, exactly one `done: true` line, last, with `done_reason` and the duration fields.",
    "",
    ...grammarSection(result.grammar),
    "",
    "## Documented limitations",
    "",
    "Features a client format cannot express — not compared:",
    "",
    ...FORMAT_LIMITATIONS.map((limitation) => `- **${limitation.feature}** (${limitation.clients === "all" ? "all clients" : limitation.clients.map((client) => CLIENT_TITLE[client]).join(", ")}): ${limitation.reason}`),
    "",
    reasoningNote,
    "",
    "Red cells accepted for a documented reason:",
    "",
    ...(KNOWN_RED_CELLS.length === 0 ? ["- none"] : KNOWN_RED_CELLS.map((entry) => `- \`${entry.cells.source}\` (${entry.fields.join(", ")}): ${entry.reason}`)),
    "",
  ].join("\n");
}
