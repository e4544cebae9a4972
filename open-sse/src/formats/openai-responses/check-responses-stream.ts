/**
 * Test support: reads a Responses SSE text back into events and checks the grammar a Responses client relies
 * on (format-stream.ts), so tests can assert "no problems" instead of restating every event.
 */
export interface ResponsesSseEvent {
  event: string;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

export function readResponsesSse(text: string): ResponsesSseEvent[] {
  if (!text.endsWith("\n\n") && text !== "") throw new Error("SSE text does not end with a blank line");
  return text
    .split("\n\n")
    .filter((block) => block !== "")
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((line) => line.startsWith("event: "))?.slice("event: ".length) ?? "";
      const data = lines.find((line) => line.startsWith("data: "))?.slice("data: ".length) ?? "null";
      return { event, data: JSON.parse(data) as ResponsesSseEvent["data"] };
    });
}

const TERMINAL = new Set(["response.completed", "response.incomplete", "response.failed"]);
const ITEM_EVENTS = new Set([
  "response.content_part.added",
  "response.content_part.done",
  "response.output_text.delta",
  "response.output_text.done",
  "response.reasoning_summary_part.added",
  "response.reasoning_summary_part.done",
  "response.reasoning_summary_text.delta",
  "response.reasoning_summary_text.done",
  "response.function_call_arguments.delta",
  "response.function_call_arguments.done",
]);

/** The violations found (empty: the stream is well-formed). */
export function responsesStreamProblems(events: readonly ResponsesSseEvent[]): string[] {
  const problems: string[] = [];
  const open = new Map<number, { id: string; type: string }>();
  const done = new Set<number>();
  events.forEach(({ event, data }, position) => {
    const at = `event ${position} (${event})`;
    if (event !== data.type) problems.push(`${at}: event name and data.type differ (${data.type})`);
    if (data.sequence_number !== position) problems.push(`${at}: sequence_number ${data.sequence_number}, expected ${position}`);
    if (position === 0 && event !== "response.created") problems.push(`${at}: the stream must open with response.created`);
    if (position === 1 && event !== "response.in_progress") problems.push(`${at}: response.in_progress must follow response.created`);
    if (TERMINAL.has(event) && position !== events.length - 1) problems.push(`${at}: terminal event before the end`);
    if (event === "response.output_item.added") {
      const index = data.output_index as number;
      const item = data.item as { id: string; type: string };
      if (open.has(index) || done.has(index)) problems.push(`${at}: output_index ${index} reused`);
      open.set(index, { id: item.id, type: item.type });
    } else if (event === "response.output_item.done") {
      const index = data.output_index as number;
      if (!open.delete(index)) problems.push(`${at}: output_index ${index} is not open`);
      done.add(index);
    } else if (ITEM_EVENTS.has(event)) {
      const item = open.get(data.output_index as number);
      if (item === undefined) problems.push(`${at}: output_index ${String(data.output_index)} is not open`);
      else if (item.id !== data.item_id) problems.push(`${at}: item_id ${String(data.item_id)} is not the item at output_index ${String(data.output_index)}`);
    }
  });
  const last = events.at(-1);
  if (last === undefined || !TERMINAL.has(last.event)) problems.push("the stream does not end with a terminal event");
  else if (last.event !== "response.failed" && open.size > 0) problems.push(`items still open at ${last.event}: ${[...open.keys()].join(", ")}`);
  return problems;
}
