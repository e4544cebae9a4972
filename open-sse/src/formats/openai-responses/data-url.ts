/**
 * Responses carries inline images and files as data URLs (`data:image/png;base64,…`) where the canonical model
 * keeps media type and base64 data apart. Only base64 data URLs are recognised: a URL-encoded one
 * (`data:text/plain,hello`) stays a URL, which is what the target would receive anyway.
 */
const BASE64_DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;

export interface InlineData {
  mediaType: string;
  data: string;
}

export function parseDataUrl(url: string): InlineData | undefined {
  const match = BASE64_DATA_URL.exec(url);
  if (match === null) return undefined;
  return { mediaType: match[1] ?? "", data: match[3] ?? "" };
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}
