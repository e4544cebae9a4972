/**
 * Ollama images are bare base64 without a media type, but Anthropic and Gemini need one (and Anthropic
 * checks it against the data). The first bytes of the common formats have fixed base64 spellings.
 */
const SIGNATURES: ReadonlyArray<readonly [prefix: string, mediaType: string]> = [
  ["iVBORw0KGgo", "image/png"],
  ["/9j/", "image/jpeg"],
  ["R0lGOD", "image/gif"],
  ["UklGR", "image/webp"],
];

export function imageMediaType(base64: string): string {
  for (const [prefix, mediaType] of SIGNATURES) if (base64.startsWith(prefix)) return mediaType;
  // Unknown: PNG and JPEG are what Ollama's vision models are sent in practice.
  return "image/png";
}
