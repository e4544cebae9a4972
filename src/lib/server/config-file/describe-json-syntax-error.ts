/**
 * `invalid JSON at line L column C` from V8's `... at position N` message (Node 20 gives only the offset),
 * or `invalid JSON: unexpected end of input` — never the surrounding text, which may hold a secret.
 */
export function describeJsonSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) {
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return `invalid JSON at line ${line} column ${column}`;
  }
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn !== null) return `invalid JSON at line ${lineColumn[1]} column ${lineColumn[2]}`;
  if (/end of (JSON )?input/i.test(message) || text.trim() === "") return "invalid JSON: unexpected end of input";
  return "invalid JSON";
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
