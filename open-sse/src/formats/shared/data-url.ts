/**
 * OpenAI Chat carries inline images and files as `data:` URLs; the canonical model keeps the media type and
 * the base64 payload apart, because Anthropic and Gemini want them as separate fields.
 */
export interface InlineData {
  mediaType: string;
  data: string;
}

/** `data:image/png;base64,AAAA` → `{mediaType: "image/png", data: "AAAA"}`; undefined for anything else. */
export function parseDataUrl(url: string): InlineData | undefined {
  if (!url.startsWith("data:")) return undefined;
  const comma = url.indexOf(",");
  if (comma === -1) return undefined;
  const header = url.slice("data:".length, comma);
  const parameters = header.split(";");
  // Only base64 payloads: a percent-encoded data URL would need decoding that no client sends in practice.
  if (!parameters.slice(1).some((parameter) => parameter.trim().toLowerCase() === "base64")) return undefined;
  const mediaType = parameters[0]!.trim().toLowerCase() || "application/octet-stream";
  return { mediaType, data: url.slice(comma + 1) };
}

export function toDataUrl(inline: InlineData): string {
  return `data:${inline.mediaType};base64,${inline.data}`;
}
