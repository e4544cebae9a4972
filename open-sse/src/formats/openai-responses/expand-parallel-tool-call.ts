import { isJsonObject, tryParseJson } from "../shared/json-fields";

export interface FunctionCall {
  id: string;
  name: string;
  arguments: string;
}

const WRAPPER_NAMES: ReadonlySet<string> = new Set(["parallel", "multi_tool_use.parallel"]);
const RECIPIENT_PREFIX = "functions.";

/** Whether a function call may be OpenAI's internal parallel-call wrapper (decided once its arguments are whole). */
export function mayBeParallelWrapper(name: string): boolean {
  return WRAPPER_NAMES.has(name);
}

/**
 * GPT models sometimes emit OpenAI's internal `multi_tool_use.parallel` wrapper as an ordinary function call
 * named `parallel`, arguments `{"tool_uses":[{"recipient_name":"functions.weather","parameters":{…}}, …]}`
 * (recorded in parallel-tool-call-wrapper.1; Vercel AI SDK issue 19067). No client declared such a tool, so
 * it is unwrapped into the calls it stands for, with ids `${call id}_${n}`. The parsers do not see the
 * request's tools, so the wrapper is recognised by its exact shape only: every entry must name a
 * `functions.` recipient and carry object parameters; anything else stays the call it was.
 */
export function expandParallelToolCall(call: FunctionCall): FunctionCall[] | undefined {
  if (!mayBeParallelWrapper(call.name)) return undefined;
  const parsed = tryParseJson(call.arguments);
  if (!isJsonObject(parsed) || !Array.isArray(parsed.tool_uses) || parsed.tool_uses.length === 0) return undefined;
  const calls: FunctionCall[] = [];
  for (const [index, use] of parsed.tool_uses.entries()) {
    if (!isJsonObject(use) || typeof use.recipient_name !== "string" || !isJsonObject(use.parameters)) return undefined;
    if (!use.recipient_name.startsWith(RECIPIENT_PREFIX)) return undefined;
    const name = use.recipient_name.slice(RECIPIENT_PREFIX.length);
    if (name === "") return undefined;
    calls.push({ id: `${call.id}_${index}`, name, arguments: JSON.stringify(use.parameters) });
  }
  return calls;
}
