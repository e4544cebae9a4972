// A small NDJSON reader for Ollama's `/api/chat` stream: one JSON value per line, read as the bytes arrive, so a
// line split across reads (or a multi-byte character split between them) is joined before it is parsed.

/** One line of an NDJSON stream: the parsed value, or the raw text when the line is not JSON. */
export type NdjsonLine = { ok: true; value: unknown } | { ok: false; text: string };

function parseLine(line: string): NdjsonLine {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false, text: line };
  }
}

/** The lines of NDJSON text (LF or CRLF); blank lines are skipped. */
export function parseNdjsonText(text: string): NdjsonLine[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map(parseLine);
}

/** Reads an NDJSON body line by line as it streams in; a last line without its newline is read too. */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder();
  let buffered = "";
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    buffered += decoder.decode(read.value, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline !== -1) {
      const line = buffered.slice(0, newline).replace(/\r$/, "");
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== "") yield parseLine(line);
      newline = buffered.indexOf("\n");
    }
  }
  buffered += decoder.decode();
  if (buffered.trim() !== "") yield parseLine(buffered.replace(/\r$/, ""));
}
