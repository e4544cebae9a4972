import type { StreamEvent } from "../../core/stream-event";

/**
 * The canonical stream grammar (core/stream-event.ts) as a checker, for tests that replay recorded upstream
 * streams: message-start first; tool calls numbered 0, 1, … in start order, each ended once, deltas only
 * while open; no empty text; exactly one finish (or one terminal error), after it only usage.
 * Returns the violations found (empty: the stream is well-formed).
 */
export function streamGrammarProblems(events: readonly StreamEvent[]): string[] {
  const problems: string[] = [];
  if (events[0]?.type !== "message-start") problems.push(`first event is ${events[0]?.type ?? "missing"}, not message-start`);
  const open = new Set<number>();
  let nextIndex = 0;
  let terminal: "finish" | "error" | undefined;
  events.forEach((event, position) => {
    const at = `event ${position} (${event.type})`;
    if (terminal !== undefined && !(terminal === "finish" && event.type === "usage")) problems.push(`${at} after ${terminal}`);
    switch (event.type) {
      case "message-start":
        if (position !== 0) problems.push(`${at}: message-start repeated`);
        break;
      case "text-delta":
      case "reasoning-delta":
        if (event.text === "") problems.push(`${at}: empty text`);
        break;
      case "tool-call-start":
        if (event.index !== nextIndex) problems.push(`${at}: index ${event.index}, expected ${nextIndex}`);
        nextIndex = Math.max(nextIndex, event.index + 1);
        open.add(event.index);
        if (event.id === "" || event.name === "") problems.push(`${at}: empty id or name`);
        break;
      case "tool-call-delta":
        if (!open.has(event.index)) problems.push(`${at}: delta for call ${event.index}, which is not open`);
        break;
      case "tool-call-end":
        if (!open.delete(event.index)) problems.push(`${at}: end for call ${event.index}, which is not open`);
        break;
      case "finish":
        if (open.size > 0) problems.push(`${at}: calls still open: ${[...open].join(", ")}`);
        terminal = "finish";
        break;
      case "error":
        terminal = "error";
        break;
      default:
        break;
    }
  });
  if (terminal === undefined) problems.push("no finish and no error");
  return problems;
}
