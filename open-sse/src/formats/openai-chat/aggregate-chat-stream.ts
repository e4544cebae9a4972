/**
 * Folds OpenAI `chat.completion.chunk` events into one `chat.completion`: used when an upstream answers
 * SSE to a non-streaming request, so the client still receives the JSON it asked for.
 */
type JsonObject = Record<string, unknown>;

interface ToolCallAccumulator {
  id: string | undefined;
  type: string;
  name: string;
  arguments: string;
}

interface ChoiceAccumulator {
  index: number;
  role: string;
  content: string | null;
  reasoningContent: string | null;
  refusal: string | null;
  toolCalls: Map<number, ToolCallAccumulator>;
  finishReason: string | null;
}

export class ChatStreamAggregator {
  private id: string | undefined;
  private model: string | undefined;
  private created: number | undefined;
  private systemFingerprint: unknown;
  private usage: unknown;
  private readonly choices = new Map<number, ChoiceAccumulator>();
  /** The first in-band error event, if the upstream sent one. */
  upstreamError: unknown = undefined;

  /** Takes one parsed SSE `data:` payload. */
  add(chunk: unknown): void {
    if (typeof chunk !== "object" || chunk === null) return;
    const event = chunk as JsonObject;
    if (event.error !== undefined && this.upstreamError === undefined) this.upstreamError = event.error;
    if (typeof event.id === "string") this.id ??= event.id;
    if (typeof event.model === "string") this.model ??= event.model;
    if (typeof event.created === "number") this.created ??= event.created;
    if (event.system_fingerprint !== undefined) this.systemFingerprint = event.system_fingerprint;
    if (event.usage !== undefined && event.usage !== null) this.usage = event.usage;
    if (!Array.isArray(event.choices)) return;
    for (const rawChoice of event.choices) {
      if (typeof rawChoice !== "object" || rawChoice === null) continue;
      const choice = rawChoice as JsonObject;
      const index = typeof choice.index === "number" ? choice.index : 0;
      const accumulator = this.choiceAt(index);
      const delta = (choice.delta ?? {}) as JsonObject;
      if (typeof delta.role === "string") accumulator.role = delta.role;
      if (typeof delta.content === "string") accumulator.content = (accumulator.content ?? "") + delta.content;
      // DeepSeek and others stream reasoning as `reasoning_content`; some routers use `reasoning`.
      const reasoning = typeof delta.reasoning_content === "string" ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === "string") accumulator.reasoningContent = (accumulator.reasoningContent ?? "") + reasoning;
      if (typeof delta.refusal === "string") accumulator.refusal = (accumulator.refusal ?? "") + delta.refusal;
      if (Array.isArray(delta.tool_calls)) this.addToolCalls(accumulator, delta.tool_calls);
      if (typeof choice.finish_reason === "string") accumulator.finishReason = choice.finish_reason;
    }
  }

  get usageReported(): unknown {
    return this.usage;
  }

  toCompletion(fallbackModel: string, now: () => number): JsonObject {
    const choices = [...this.choices.values()]
      .sort((left, right) => left.index - right.index)
      .map((choice) => {
        const message: JsonObject = { role: choice.role, content: choice.content };
        if (choice.reasoningContent !== null) message.reasoning_content = choice.reasoningContent;
        if (choice.refusal !== null) message.refusal = choice.refusal;
        if (choice.toolCalls.size > 0) {
          message.tool_calls = [...choice.toolCalls.entries()]
            .sort(([left], [right]) => left - right)
            .map(([, call]) => ({
              id: call.id,
              type: call.type,
              function: { name: call.name, arguments: call.arguments },
            }));
        }
        return { index: choice.index, message, logprobs: null, finish_reason: choice.finishReason ?? "stop" };
      });
    const completion: JsonObject = {
      id: this.id ?? `chatcmpl-${now().toString(36)}`,
      object: "chat.completion",
      created: this.created ?? Math.floor(now() / 1000),
      model: this.model ?? fallbackModel,
      choices,
    };
    if (this.systemFingerprint !== undefined) completion.system_fingerprint = this.systemFingerprint;
    if (this.usage !== undefined) completion.usage = this.usage;
    return completion;
  }

  private choiceAt(index: number): ChoiceAccumulator {
    let accumulator = this.choices.get(index);
    if (accumulator === undefined) {
      accumulator = {
        index,
        role: "assistant",
        content: null,
        reasoningContent: null,
        refusal: null,
        toolCalls: new Map(),
        finishReason: null,
      };
      this.choices.set(index, accumulator);
    }
    return accumulator;
  }

  private addToolCalls(accumulator: ChoiceAccumulator, deltas: unknown[]): void {
    for (const rawDelta of deltas) {
      if (typeof rawDelta !== "object" || rawDelta === null) continue;
      const delta = rawDelta as JsonObject;
      // Parallel calls are keyed by `index`; a provider that omits it sends one call per position.
      const key = typeof delta.index === "number" ? delta.index : accumulator.toolCalls.size;
      let call = accumulator.toolCalls.get(key);
      if (call === undefined) {
        call = { id: undefined, type: "function", name: "", arguments: "" };
        accumulator.toolCalls.set(key, call);
      }
      if (typeof delta.id === "string") call.id = delta.id;
      if (typeof delta.type === "string") call.type = delta.type;
      const fn = (delta.function ?? {}) as JsonObject;
      if (typeof fn.name === "string") call.name += fn.name;
      if (typeof fn.arguments === "string") call.arguments += fn.arguments;
    }
  }
}
